#include "server/api_routes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/beast/http/field.hpp>
#include <limits>
#include <optional>
#include <string>

#include "core/utf8_length.h"
#include "interop/json/prescription_json.h"
#include "server/api_response.h"
#include "server/guarded_reply.h"
#include "server/request_numbers.h"
#include "server/stock_row_json.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

// As for an issued_at (contracts.md "Time"): the HIS's clock may run a little ahead.
constexpr Duration kPaymentClockTolerance = std::chrono::minutes{5};

Status unknown_prescription(std::string_view id) {
  return Status::not_found(fmt::format("there is no prescription with id '{}'", id));
}

Result<ListQuery> list_query(const RequestContext& ctx) {
  ListQuery q;
  q.prescription_no = query_value(ctx, "prescription_no");
  q.patient_id = query_value(ctx, "patient");
  if (auto status = query_value(ctx, "status")) {
    auto parsed = parse_rx_status(*status);
    if (!parsed.ok()) {
      return Status::invalid(fmt::format("unknown status '{}'; expected received, blocked, accepted, dispensing, "
                                         "ready, handed_over, rejected or cancelled",
                                         *status),
                             "status");
    }
    q.status = *parsed;
  }
  if (auto limit = query_value(ctx, "limit")) {
    bool digits = limit->find_first_not_of("0123456789") == std::string::npos;
    if (!digits || limit->find_first_not_of('0') == std::string::npos) {
      return Status::invalid(fmt::format("limit must be a whole number from 1 to {}; got '{}'", kMaxListLimit, *limit),
                             "limit");
    }
    // Past the maximum the exact value does not matter: it is clamped.
    auto value = whole_number(*limit, 1, static_cast<long long>(kMaxListLimit));
    q.limit = value ? static_cast<size_t>(*value) : kMaxListLimit;
  }
  if (auto after = query_value(ctx, "after")) {
    auto value = whole_number(*after, 0, std::numeric_limits<long long>::max());
    if (!value) {
      return Status::invalid(fmt::format("after must be the 'next' cursor of an earlier page; got '{}'", *after),
                             "after");
    }
    q.after_id = *value;
  }
  return q;
}

Result<std::string> required_reason(const json& body) {
  auto it = body.find("reason");
  if (it == body.end() || !it->is_string()) return Status::invalid("a reason (a string) is required", "reason");
  const auto& reason = it->get_ref<const std::string&>();
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::invalid("the reason must not be empty", "reason");
  }
  size_t length = utf8_length(reason);
  if (length > kMaxReasonChars) {
    return Status::invalid(fmt::format("the reason has {} characters; at most {} are allowed", length, kMaxReasonChars),
                           "reason");
  }
  return reason;
}

// One workflow event: reads its body, and returns the call it makes.
using WorkflowCall = std::function<void(Pharmacy&, PrescriptionId, const Actor&, Pharmacy::RecordDone)>;
using WorkflowParser = std::function<Result<WorkflowCall>(const json& body, const Pharmacy&)>;

struct WorkflowEvent {
  const char* name;
  Permission permission;
  WorkflowParser parse;
};

Result<WorkflowCall> parse_payment(const json& body, const Pharmacy& pharmacy) {
  std::optional<Instant> paid_at;
  auto it = body.find("paid_at");
  if (it != body.end() && !it->is_null()) {
    if (!it->is_string()) return Status::invalid("paid_at must be an ISO 8601 date-time string", "paid_at");
    auto parsed = parse_instant(it->get_ref<const std::string&>(), pharmacy.config().zone);
    if (!parsed.ok()) return Status::invalid(parsed.status().message(), "paid_at");
    // A payment not yet made would put the prescription's picks behind every
    // other's until that day (jobs are due by the payment time).
    if (*parsed > pharmacy.now() + kPaymentClockTolerance) {
      return Status::invalid(
          fmt::format("the payment time {} is after the pharmacy's clock ({}) by more than {} "
                      "minutes",
                      format_local(*parsed, pharmacy.config().zone),
                      format_local(pharmacy.now(), pharmacy.config().zone),
                      std::chrono::duration_cast<std::chrono::minutes>(kPaymentClockTolerance).count()),
          "paid_at");
    }
    paid_at = *parsed;
  }
  return WorkflowCall([paid_at](Pharmacy& p, PrescriptionId id, const Actor& a, Pharmacy::RecordDone done) {
    p.pay(id, paid_at, a, std::move(done));
  });
}

Result<WorkflowCall> parse_checkin(const json&, const Pharmacy&) {
  return WorkflowCall([](Pharmacy& p, PrescriptionId id, const Actor& a, Pharmacy::RecordDone done) {
    p.check_in(id, a, std::move(done));
  });
}

Result<WorkflowCall> parse_override(const json& body, const Pharmacy&) {
  std::string reason = TRY(required_reason(body));
  return WorkflowCall([reason](Pharmacy& p, PrescriptionId id, const Actor& a, Pharmacy::RecordDone done) {
    p.override_block(id, reason, a, std::move(done));
  });
}

Result<WorkflowCall> parse_reject(const json& body, const Pharmacy&) {
  std::string reason = TRY(required_reason(body));
  return WorkflowCall([reason](Pharmacy& p, PrescriptionId id, const Actor& a, Pharmacy::RecordDone done) {
    p.reject(id, reason, a, std::move(done));
  });
}

Result<WorkflowCall> parse_return_to_prescriber(const json& body, const Pharmacy&) {
  std::string reason = TRY(required_reason(body));
  return WorkflowCall([reason](Pharmacy& p, PrescriptionId id, const Actor& a, Pharmacy::RecordDone done) {
    p.return_to_prescriber(id, reason, a, std::move(done));
  });
}

constexpr size_t kMaxPrescriberChars = 100;

Result<std::string> prescriber_field(const json& prescriber, const char* key) {
  auto it = prescriber.find(key);
  std::string field = fmt::format("prescriber.{}", key);
  if (it == prescriber.end() || !it->is_string()) {
    return Status::invalid(
        fmt::format("expected a string, found {}", it == prescriber.end() ? "nothing" : it->type_name()), field);
  }
  const auto& value = it->get_ref<const std::string&>();
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::invalid(fmt::format("expected the prescriber's {}, found an empty string", key), field);
  }
  size_t length = utf8_length(value);
  if (length > kMaxPrescriberChars) {
    return Status::invalid(fmt::format("expected at most {} characters, found {}", kMaxPrescriberChars, length), field);
  }
  return value;
}

Result<WorkflowCall> parse_prescriber_confirmation(const json& body, const Pharmacy&) {
  auto it = body.find("prescriber");
  if (it == body.end() || !it->is_object()) {
    return Status::invalid("the confirming prescriber is required, as {\"id\", \"name\"}", "prescriber");
  }
  Prescriber prescriber{TRY(prescriber_field(*it, "id")), TRY(prescriber_field(*it, "name"))};
  std::string reason = TRY(required_reason(body));
  return WorkflowCall([prescriber, reason](Pharmacy& p, PrescriptionId id, const Actor& a, Pharmacy::RecordDone done) {
    p.confirm_by_prescriber(id, prescriber, reason, a, std::move(done));
  });
}

Result<WorkflowCall> parse_cancel(const json& body, const Pharmacy&) {
  std::string reason = TRY(required_reason(body));
  return WorkflowCall([reason](Pharmacy& p, PrescriptionId id, const Actor& a, Pharmacy::RecordDone done) {
    p.cancel(id, reason, a, std::move(done));
  });
}

Result<WorkflowCall> parse_handover(const json& body, const Pharmacy&) {
  bool confirm = false;
  auto it = body.find("confirm_high_alert");
  if (it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) return Status::invalid("confirm_high_alert must be true or false", "confirm_high_alert");
    confirm = it->get<bool>();
  }
  return WorkflowCall([confirm](Pharmacy& p, PrescriptionId id, const Actor& a, Pharmacy::RecordDone done) {
    p.hand_over(id, confirm, a, std::move(done));
  });
}

const WorkflowEvent kWorkflowEvents[] = {
    {"payment", Permission::kPayment, parse_payment},    {"checkin", Permission::kCheckIn, parse_checkin},
    {"override", Permission::kOverride, parse_override}, {"reject", Permission::kReject, parse_reject},
    {"cancel", Permission::kCancel, parse_cancel},       {"handover", Permission::kHandOver, parse_handover},
    {"return-to-prescriber", Permission::kReturnToPrescriber, parse_return_to_prescriber},
    {"prescriber-confirmation", Permission::kPrescriberConfirmation, parse_prescriber_confirmation},
};

void create_prescription(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto body = read_json_body(ctx.request);
  if (!body.ok()) return reply(error_response(body.status()));
  auto rx = prescription_from_json(*body, pharmacy.config().zone, pharmacy.now());
  if (!rx.ok()) return reply(error_response(rx.status()));
  pharmacy.create(std::move(rx).value(), ctx.actor, [&pharmacy, reply](Result<Pharmacy::Created> result) {
    if (!result.ok()) return reply(error_response(result.status()));
    guarded(reply, [&] {
      const PrescriptionRecord& record = *result->record;
      HttpResponse res = json_response(result->created ? http::status::created : http::status::ok,
                                       pharmacy.record_json(record, false));
      if (result->created) res.set(http::field::location, fmt::format("/api/v1/prescriptions/{}", record.id.value()));
      reply(std::move(res));
    });
  });
}

void list_prescriptions(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto query = list_query(ctx);
  if (!query.ok()) return reply(error_response(query.status()));
  ListPage page = pharmacy.list(*query);
  json records = json::array();
  for (const PrescriptionRecord* r : page.records) records.push_back(pharmacy.record_json(*r, false));
  json next = page.next ? json(std::to_string(*page.next)) : json(nullptr);
  reply(json_response(http::status::ok, {{"prescriptions", std::move(records)}, {"next", std::move(next)}}));
}

void get_prescription(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto id = path_id_number(ctx, "prescription");
  if (!id.ok()) return reply(error_response(id.status()));
  const PrescriptionRecord* record = pharmacy.find(PrescriptionId(*id));
  if (record == nullptr) return reply(error_response(unknown_prescription(ctx.params.at("id"))));
  reply(json_response(http::status::ok, pharmacy.record_json(*record, true)));
}

void post_workflow_event(Pharmacy& pharmacy, const WorkflowEvent& event, const RequestContext& ctx, Reply reply) {
  auto id = path_id_number(ctx, "prescription");
  if (!id.ok()) return reply(error_response(id.status()));
  auto body = read_json_body(ctx.request);
  if (!body.ok()) return reply(error_response(body.status()));
  if (!body->is_object()) return reply(error_response(Status::invalid("the body must be a JSON object")));
  auto call = event.parse(*body, pharmacy);
  if (!call.ok()) return reply(error_response(call.status()));
  (*call)(pharmacy, PrescriptionId(*id), ctx.actor, [&pharmacy, reply](Result<const PrescriptionRecord*> result) {
    if (!result.ok()) return reply(error_response(result.status()));
    guarded(reply, [&] { reply(json_response(http::status::ok, pharmacy.record_json(**result, true))); });
  });
}

void get_inventory(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  std::optional<DrugCode> drug;
  if (auto code = query_value(ctx, "drug")) drug = DrugCode(*code);
  json stock = json::array();
  for (const StockRow& row : pharmacy.stock(drug)) stock.push_back(stock_row_json(pharmacy, row));
  reply(json_response(http::status::ok, {{"stock", std::move(stock)}}));
}

json suspect_locations_json(const Pharmacy& pharmacy) {
  json out = json::array();
  for (const SuspectLocation& s : pharmacy.suspect_locations()) {
    out.push_back({{"location", s.location.value()},
                   {"reason", s.reason},
                   {"since", format_local(s.since, pharmacy.config().zone)}});
  }
  return {{"suspect", std::move(out)}};
}

void clear_suspect_location(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  pharmacy.clear_suspect(LocationCode(ctx.params.at("location")), ctx.actor, [&pharmacy, reply](Status s) {
    if (!s.ok()) return reply(error_response(s));
    guarded(reply, [&] { reply(json_response(http::status::ok, suspect_locations_json(pharmacy))); });
  });
}

}  // namespace

void add_api_routes(Router& router, Pharmacy& pharmacy) {
  Pharmacy* p = &pharmacy;
  router.add(Route{
      http::verb::post, "/api/v1/prescriptions", Access::kSignedIn, Permission::kCreatePrescription,
      RequestHandler([p](const RequestContext& ctx, Reply reply) { create_prescription(*p, ctx, std::move(reply)); })});
  router.add(Route{
      http::verb::get, "/api/v1/prescriptions", Access::kSignedIn, Permission::kRead,
      RequestHandler([p](const RequestContext& ctx, Reply reply) { list_prescriptions(*p, ctx, std::move(reply)); })});
  router.add(Route{
      http::verb::get, "/api/v1/prescriptions/{id}", Access::kSignedIn, Permission::kRead,
      RequestHandler([p](const RequestContext& ctx, Reply reply) { get_prescription(*p, ctx, std::move(reply)); })});
  for (const WorkflowEvent& event : kWorkflowEvents) {
    router.add(Route{http::verb::post, fmt::format("/api/v1/prescriptions/{{id}}/{}", event.name), Access::kSignedIn,
                     event.permission, RequestHandler([p, &event](const RequestContext& ctx, Reply reply) {
                       post_workflow_event(*p, event, ctx, std::move(reply));
                     })});
  }
  router.add(
      Route{http::verb::get, "/api/v1/inventory", Access::kSignedIn, Permission::kRead,
            RequestHandler([p](const RequestContext& ctx, Reply reply) { get_inventory(*p, ctx, std::move(reply)); })});
  router.add(Route{http::verb::get, "/api/v1/locations/suspect", Access::kSignedIn, Permission::kRead,
                   RequestHandler([p](const RequestContext&, Reply reply) {
                     reply(json_response(http::status::ok, suspect_locations_json(*p)));
                   })});
  router.add(Route{http::verb::post, "/api/v1/locations/{location}/clear", Access::kSignedIn,
                   Permission::kDeviceTasks, RequestHandler([p](const RequestContext& ctx, Reply reply) {
                     clear_suspect_location(*p, ctx, std::move(reply));
                   })});
  router.add(Route{http::verb::get, "/api/v1/summary", Access::kSignedIn, Permission::kRead,
                   RequestHandler([p](const RequestContext&, Reply reply) {
                     reply(json_response(http::status::ok, p->summary()));
                   })});
}

}  // namespace rx
