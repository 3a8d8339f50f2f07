#include "server/expiry_routes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>


#include "core/utf8_length.h"
#include "inventory/expiry.h"
#include "server/api_response.h"
#include "server/guarded_reply.h"
#include "server/request_numbers.h"
#include "server/stock_row_json.h"
#include "service/stock_json.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

constexpr size_t kMaxLotChars = 20;  // GS1 AI (10)
constexpr size_t kMaxDrugChars = 16;

Result<std::string> bounded(std::string value, const char* field, size_t max) {
  if (value.empty()) return Status::invalid("expected a non-empty string, found \"\"", field);
  if (value.size() > max) {
    return Status::invalid(fmt::format("expected at most {} characters, found {}", max, value.size()), field);
  }
  return value;
}

Result<int> within_days(const RequestContext& ctx) {
  auto text = ctx.query.get("within_days");
  if (!text || text->empty()) return kDefaultNearExpiryDays;
  auto value = whole_number(*text, 0, kMaxNearExpiryDays);
  if (!value) {
    return Status::invalid(fmt::format("expected a whole number of days from 0 to {}, found \"{}\"",
                                       kMaxNearExpiryDays, text->substr(0, 40)),
                           "within_days");
  }
  return static_cast<int>(*value);
}

void get_expiry(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto days = within_days(ctx);
  if (!days.ok()) return reply(error_response(days.status()));
  auto rows = pharmacy.near_expiry(*days);
  if (!rows.ok()) return reply(error_response(rows.status()));
  json lots = json::array();
  for (const StockRow& row : *rows) lots.push_back(stock_row_json(pharmacy, row));
  reply(json_response(http::status::ok, {{"lots", std::move(lots)}}));
}

json report_json(const RecallReport& report, const Zone& zone) {
  json dispensed = json::array();
  for (const RecallRecipient& r : report.dispensed) {
    dispensed.push_back(
        {{"prescription_id", r.prescription_id.value()},
         {"prescription_no", r.prescription_no},
         {"patient_id", r.patient_id.value()},
         {"drug", r.drug.value()},
         {"status", rx_status_name(r.status)},
         {"handed_over", r.handed_over_at.has_value()},
         {"handed_over_at", r.handed_over_at ? json(format_local(*r.handed_over_at, zone)) : json()},
         {"window", r.window ? json(*r.window) : json()},
         {"packs", r.packs},
         {"codes", r.codes}});
  }
  json recalls = json::array();
  for (const LotRecall& rc : report.recalls) {
    recalls.push_back(
        {{"drug", rc.drug.value()}, {"reason", rc.reason}, {"at", format_local(rc.at, zone)}, {"actor", rc.actor}});
  }
  json tasks = json::array();
  for (const StockTask& t : report.tasks) tasks.push_back(task_json(t, zone));
  return {{"lot", report.lot.value()},
          {"drug", report.drug ? json(report.drug->value()) : json()},
          {"dispensed", std::move(dispensed)},
          {"blocked", report.blocked},
          {"recalls", std::move(recalls)},
          {"tasks", std::move(tasks)}};
}

void answer_report(const Pharmacy& pharmacy, const LotNo& lot, const std::optional<DrugCode>& drug,
                   const Reply& reply) {
  auto report = pharmacy.recall_report(lot, drug);
  if (!report.ok()) return reply(error_response(report.status()));
  reply(json_response(http::status::ok, report_json(*report, pharmacy.config().zone)));
}

void get_recall(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto lot_text = ctx.query.get("lot");
  if (!lot_text) return reply(error_response(Status::invalid("expected the lot number, found nothing", "lot")));
  auto lot = bounded(std::string(*lot_text), "lot", kMaxLotChars);
  if (!lot.ok()) return reply(error_response(lot.status()));
  std::optional<DrugCode> drug;
  if (auto drug_text = ctx.query.get("drug"); drug_text && !drug_text->empty()) {
    auto code = bounded(std::string(*drug_text), "drug", kMaxDrugChars);
    if (!code.ok()) return reply(error_response(code.status()));
    drug = DrugCode(*code);
  }
  answer_report(pharmacy, LotNo(*lot), drug, reply);
}

// The string `name` of the body; absent or null as nullopt when not required.
Result<std::optional<std::string>> body_string(const json& body, const char* name, size_t max, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::invalid("expected a string, found nothing", name);
    return std::optional<std::string>();
  }
  if (!it->is_string()) return Status::invalid(fmt::format("expected a string, found {}", it->type_name()), name);
  return std::optional<std::string>(TRY(bounded(it->get<std::string>(), name, max)));
}

// A reason a person writes: not blank, and at most `max` characters, not
// bytes, so that a reason in Chinese may be as long as one in English.
Result<std::string> required_reason(const json& body, const char* name, size_t max) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return Status::invalid("expected a string, found nothing", name);
  if (!it->is_string()) return Status::invalid(fmt::format("expected a string, found {}", it->type_name()), name);
  const std::string& value = it->get_ref<const std::string&>();
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::invalid("expected a reason, found an empty or blank string", name);
  }
  size_t length = utf8_length(value);
  if (length > max) return Status::invalid(fmt::format("expected at most {} characters, found {}", max, length), name);
  return value;
}

void post_recall(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto body = read_json_body(ctx.request);
  if (!body.ok()) return reply(error_response(body.status()));
  if (!body->is_object()) return reply(error_response(Status::invalid("the body must be a JSON object")));
  auto lot = body_string(*body, "lot", kMaxLotChars, true);
  if (!lot.ok()) return reply(error_response(lot.status()));
  auto drug = body_string(*body, "drug", kMaxDrugChars, false);
  if (!drug.ok()) return reply(error_response(drug.status()));
  auto reason = required_reason(*body, "reason", kMaxRecallReasonChars);
  if (!reason.ok()) return reply(error_response(reason.status()));
  std::optional<DrugCode> drug_code;
  if (*drug) drug_code = DrugCode(**drug);
  LotNo lot_no(**lot);
  pharmacy.recall(drug_code, lot_no, *reason, ctx.actor, [&pharmacy, reply, lot_no, drug_code](Status s) {
    if (!s.ok()) return reply(error_response(s));
    guarded(reply, [&] { answer_report(pharmacy, lot_no, drug_code, reply); });
  });
}

}  // namespace

void add_expiry_routes(Router& router, Pharmacy& pharmacy) {
  Pharmacy* p = &pharmacy;
  router.add(Route{http::verb::get, "/api/v1/expiry", Access::kSignedIn, Permission::kRead,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { get_expiry(*p, ctx, std::move(reply)); })});
  router.add(Route{http::verb::get, "/api/v1/recall", Access::kSignedIn, Permission::kRead,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { get_recall(*p, ctx, std::move(reply)); })});
  router.add(Route{http::verb::post, "/api/v1/recall", Access::kSignedIn, Permission::kRecall,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { post_recall(*p, ctx, std::move(reply)); }),
                   kMaxRecallBodyBytes});
}

}  // namespace rx
