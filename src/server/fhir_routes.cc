#include "server/fhir_routes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <map>
#include <optional>

#include "core/item_match.h"
#include "interop/fhir/fhir_bundle.h"
#include "interop/fhir/fhir_dispense_search.h"
#include "interop/fhir/fhir_prescription.h"
#include "interop/fhir/fhir_record.h"
#include "interop/fhir/fhir_resources.h"
#include "interop/fhir/operation_outcome.h"
#include "interop/json/bounded_json.h"
#include "server/api_response.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

constexpr std::string_view kFhirJson = "application/fhir+json";
constexpr std::string_view kBase = "/fhir/r4";

HttpResponse fhir_response(http::status code, const json& body) {
  HttpResponse res = json_response(code, body);
  res.set(http::field::content_type, "application/fhir+json; charset=utf-8");
  return res;
}

HttpResponse fhir_error_response(const Status& status) {
  http::status code = is_unprocessable(status) ? http::status::unprocessable_entity : http_status_for(status);
  HttpResponse res = fhir_response(code, operation_outcome(status));
  if (status.code() == ErrorCode::kUnauthenticated) res.set(http::field::www_authenticate, "Bearer");
  return res;
}

// Answers 500 if building the answer throws: Pharmacy callbacks run outside
// the dispatcher's guard, and must not unwind the loop.
template <class F>
void guarded(const Reply& reply, F answer) {
  try {
    answer();
  } catch (const std::exception& e) {
    spdlog::error("fhir: building an answer failed: {}", e.what());
    reply(fhir_error_response(Status::internal("the server failed to answer this request; see its log")));
  }
}

bool is_fhir_media_type(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
  auto is = [&](std::string_view m) {
    return boost::beast::iequals(boost::beast::string_view(media.data(), media.size()),
                                 boost::beast::string_view(m.data(), m.size()));
  };
  return is(kFhirJson) || is("application/json") || is("application/json+fhir");
}

// The body as JSON, bounded in depth; an unreadable body is a structure error.
Result<json> read_fhir_body(const HttpRequest& req) {
  auto content_type = req.find(http::field::content_type);
  if (content_type == req.end() ||
      !is_fhir_media_type(std::string_view(content_type->value().data(), content_type->value().size()))) {
    return Status::invalid("the body must be sent with Content-Type: application/fhir+json", "Content-Type")
        .with_reason(std::string(kUnsupportedMediaType));
  }
  auto parsed = parse_json_bounded(req.body());
  if (!parsed.ok()) return fhir_error(kIssueStructure, parsed.status().message(), "");
  return parsed;
}

Status expect_type(const json& body, std::string_view type, std::string_view where) {
  std::string found = body.is_object() && body.contains("resourceType") && body["resourceType"].is_string()
                          ? body["resourceType"].get<std::string>()
                          : std::string();
  if (found == type) return Status();
  return fhir_error(
      kIssueNotSupported,
      fmt::format("{} takes a {}, found {}", where, type, found.empty() ? "no resourceType" : "'" + found + "'"),
      "resourceType");
}

// A Pharmacy error about a canonical field, told with the FHIRPath it came from.
Status located(const Status& s, const FhirPrescription& parsed) {
  if (s.code() != ErrorCode::kInvalidArgument || s.field().empty()) return s;
  Status out = Status::invalid(s.message(), parsed.fhir_path(s.field()));
  return s.reason().empty() ? out : std::move(out).with_reason(s.reason());
}

FhirRecord fhir_record(const PrescriptionRecord& r) {
  FhirRecord f;
  f.id = r.id;
  f.rx = &r.rx;
  f.status = r.status;
  f.reason = r.reason;
  if (r.status == RxStatus::kBlocked && r.awaiting_prescriber()) f.hold_reason = r.returned_to_prescriber->reason;
  f.dispensing_at = r.dispensing_at;
  f.ready_at = r.ready_at;
  f.handed_over_at = r.handed_over_at;
  f.verified.resize(r.rx.items.size());
  for (const auto& p : r.packs) {
    if (!p.verified || p.item < 0 || static_cast<size_t>(p.item) >= f.verified.size()) continue;
    auto& lots = f.verified[static_cast<size_t>(p.item)];
    auto it = std::find_if(lots.begin(), lots.end(), [&](const FhirLotPacks& l) { return l.lot == p.pack.lot; });
    if (it == lots.end()) {
      lots.push_back(FhirLotPacks{p.pack.lot, p.pack.expiry, 1});
    } else {
      ++it->packs;
    }
  }
  return f;
}

std::string base_url(const HttpRequest& req) {
  auto host = req.find(http::field::host);
  std::string h = host == req.end() ? "localhost" : std::string(host->value());
  return fmt::format("http://{}{}", h, kBase);
}

HttpResponse request_created(const Pharmacy& pharmacy, const PrescriptionRecord& record, size_t item, bool created) {
  HttpResponse res =
      fhir_response(created ? http::status::created : http::status::ok,
                    medication_request_json(fhir_record(record), item, pharmacy.formulary(), pharmacy.config().zone));
  res.set(http::field::location, fmt::format("{}/MedicationRequest/{}", kBase, fhir_line_id(record.id, item)));
  return res;
}

// The line of `record` that `item` became: the one with its placer order
// number, or without one the first that orders the same; else the last.
size_t line_of(const PrescriptionRecord& record, const Item& item) {
  for (size_t i = 0; i < record.rx.items.size(); ++i) {
    const Item& line = record.rx.items[i];
    if (item.placer_order_no.empty() ? orders_the_same(line, item) : line.placer_order_no == item.placer_order_no) {
      return i;
    }
  }
  return record.rx.items.size() - 1;
}

// The stored line of `record` that the posted item `index` of a resent
// Bundle is: the one with its placer order number, else the one at its place.
std::optional<size_t> resent_line(const PrescriptionRecord& record, const Item& item, size_t index) {
  if (item.placer_order_no.empty()) {
    return index < record.rx.items.size() ? std::optional<size_t>(index) : std::nullopt;
  }
  for (size_t i = 0; i < record.rx.items.size(); ++i) {
    if (record.rx.items[i].placer_order_no == item.placer_order_no) return i;
  }
  return std::nullopt;
}

// A Bundle under a prescription number already stored is a resend only if
// it is for the same patient and names no line the stored one lacks.
Status check_resend(const PrescriptionRecord& record, const FhirPrescription& posted) {
  const Prescription& rx = posted.rx;
  if (record.rx.patient.id != rx.patient.id) {
    return Status(ErrorCode::kConflict,
                  fmt::format("prescription '{}' was received for patient '{}', not '{}'", rx.prescription_no,
                              record.rx.patient.id.value(), rx.patient.id.value()),
                  posted.fhir_path("patient.id"));
  }
  for (size_t i = 0; i < rx.items.size(); ++i) {
    if (resent_line(record, rx.items[i], i)) continue;
    std::string path = i < posted.item_paths.size() ? posted.item_paths[i] + ".identifier[0].value" : "";
    const std::string line = rx.items[i].placer_order_no.empty() ? fmt::format("number {}", i + 1)
                                                                  : fmt::format("'{}'", rx.items[i].placer_order_no);
    return Status(ErrorCode::kConflict,
                  fmt::format("prescription '{}' was received before without the line {}; a transaction Bundle "
                              "is one complete prescription: post a new line as a MedicationRequest with its "
                              "groupIdentifier",
                              rx.prescription_no, line),
                  path);
  }
  return Status::ok_status();
}

void post_medication_request(Pharmacy& pharmacy, const json& body, const Actor& actor, Reply reply) {
  if (Status s = expect_type(body, "MedicationRequest", "POST /fhir/r4/MedicationRequest"); !s.ok()) {
    return reply(fhir_error_response(s));
  }
  auto parsed = prescription_from_fhir(body, pharmacy.formulary(), pharmacy.config().zone, pharmacy.now());
  if (!parsed.ok()) return reply(fhir_error_response(parsed.status()));
  auto shared = std::make_shared<FhirPrescription>(std::move(parsed).value());
  Pharmacy* p = &pharmacy;
  if (const PrescriptionRecord* existing = pharmacy.find_by_no(shared->rx.prescription_no)) {
    size_t before = existing->rx.items.size();
    // The new line is items[0] of this request, whatever its index in the prescription.
    auto relocate = [shared](const Status& s) {
      std::string field = s.field();
      if (field.starts_with("items[")) {
        auto close = field.find(']');
        field = "items[0" + field.substr(close);
      }
      Status moved = Status(s.code(), s.message(), field);
      return located(s.reason().empty() ? moved : std::move(moved).with_reason(s.reason()), *shared);
    };
    Item item = shared->rx.items.front();
    pharmacy.add_items(shared->rx.prescription_no, shared->rx.patient.id, shared->rx.items, actor,
                       [p, reply, relocate, before, item](Result<const PrescriptionRecord*> result) {
                         if (!result.ok()) return reply(fhir_error_response(relocate(result.status())));
                         guarded(reply, [&] {
                           const PrescriptionRecord& r = **result;
                           reply(request_created(*p, r, line_of(r, item), r.rx.items.size() > before));
                         });
                       });
    return;
  }
  pharmacy.create(shared->rx, actor, [p, reply, shared](Result<Pharmacy::Created> result) {
    if (!result.ok()) return reply(fhir_error_response(located(result.status(), *shared)));
    guarded(reply, [&] {
      const PrescriptionRecord& r = *result->record;
      reply(request_created(*p, r, line_of(r, shared->rx.items.front()), result->created));
    });
  });
}

void post_transaction(Pharmacy& pharmacy, const json& body, const Actor& actor, Reply reply) {
  if (Status s = expect_type(body, "Bundle", "POST /fhir/r4"); !s.ok()) return reply(fhir_error_response(s));
  auto parsed = prescription_from_fhir(body, pharmacy.formulary(), pharmacy.config().zone, pharmacy.now());
  if (!parsed.ok()) return reply(fhir_error_response(parsed.status()));
  auto shared = std::make_shared<FhirPrescription>(std::move(parsed).value());
  size_t entries = body["entry"].size();
  pharmacy.create(shared->rx, actor, [reply, shared, entries](Result<Pharmacy::Created> result) {
    if (!result.ok()) return reply(fhir_error_response(located(result.status(), *shared)));
    guarded(reply, [&] {
      const PrescriptionRecord& r = *result->record;
      if (!result->created) {
        if (Status s = check_resend(r, *shared); !s.ok()) return reply(fhir_error_response(s));
      }
      std::map<std::string, size_t> line_at;  // entry path -> line
      for (size_t i = 0; i < shared->item_paths.size(); ++i) {
        line_at[shared->item_paths[i]] = result->created ? i : *resent_line(r, shared->rx.items[i], i);
      }
      std::vector<TransactionEntryResult> results;
      for (size_t e = 0; e < entries; ++e) {
        auto it = line_at.find(fmt::format("Bundle.entry[{}].resource", e));
        if (it == line_at.end()) {
          results.push_back({"200 OK", ""});
        } else {
          results.push_back(
              {result->created ? "201 Created" : "200 OK", "MedicationRequest/" + fhir_line_id(r.id, it->second)});
        }
      }
      reply(fhir_response(http::status::ok, transaction_response_bundle(results)));
    });
  });
}

void get_medication_request(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  const std::string& id = ctx.params.at("id");
  auto line = parse_fhir_line_id(id);
  const PrescriptionRecord* record = line ? pharmacy.find(line->first) : nullptr;
  if (record == nullptr || line->second >= record->rx.items.size()) {
    return reply(fhir_error_response(Status::not_found(
        fmt::format("there is no MedicationRequest '{}'; ids are '<prescription id>-<line>', lines from 1", id))));
  }
  reply(fhir_response(http::status::ok, medication_request_json(fhir_record(*record), line->second,
                                                                pharmacy.formulary(), pharmacy.config().zone)));
}

void search_medication_dispense(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  const Zone& zone = pharmacy.config().zone;
  auto search = parse_dispense_search(ctx.query.all(), zone);
  if (!search.ok()) return reply(fhir_error_response(search.status()));
  std::vector<json> found;
  auto consider = [&](const PrescriptionRecord& r) {
    for (auto& md : medication_dispenses_json(fhir_record(r), pharmacy.formulary(), zone)) {
      if (dispense_matches(*search, md, zone)) found.push_back(std::move(md));
    }
  };
  if (search->prescription) {
    if (const PrescriptionRecord* r = pharmacy.find(*search->prescription)) consider(*r);
  } else {
    ListQuery query;
    query.patient_id = search->patient_id;
    query.limit = 10000;
    for (;;) {
      ListPage page = pharmacy.list(query);
      for (const PrescriptionRecord* r : page.records) consider(*r);
      if (!page.next) break;
      query.after_id = page.next;
    }
  }
  std::string_view target(ctx.request.target().data(), ctx.request.target().size());
  auto q = target.find('?');
  std::string self = base_url(ctx.request) + "/MedicationDispense" +
                     (q == std::string_view::npos ? "" : std::string(target.substr(q)));
  reply(fhir_response(http::status::ok, searchset_bundle(found, base_url(ctx.request), self)));
}

using FhirHandler = std::function<void(const RequestContext&, const Actor&, Reply)>;

// A route that authorizes in its handler, so that refusals are OperationOutcomes.
Route fhir_route(http::verb method, std::string pattern, Permission permission, Pharmacy& pharmacy, Authenticator& auth,
                 FhirHandler handler) {
  Pharmacy* p = &pharmacy;
  Authenticator* a = &auth;
  return Route{method, std::move(pattern), Access::kOpen, permission,
               RequestHandler([p, a, permission, handler = std::move(handler)](const RequestContext& ctx, Reply reply) {
                 auto actor = a->authorize(ctx.request, permission, p->now());
                 if (!actor.ok()) return reply(fhir_error_response(actor.status()));
                 handler(ctx, *actor, std::move(reply));
               })};
}

FhirHandler with_body(Pharmacy& pharmacy, void (*post)(Pharmacy&, const json&, const Actor&, Reply)) {
  Pharmacy* p = &pharmacy;
  return [p, post](const RequestContext& ctx, const Actor& actor, Reply reply) {
    auto body = read_fhir_body(ctx.request);
    if (!body.ok()) return reply(fhir_error_response(body.status()));
    post(*p, *body, actor, std::move(reply));
  };
}

void unsupported(const RequestContext& ctx, const Actor&, Reply reply) {
  auto type = ctx.params.find("type");
  bool known =
      type != ctx.params.end() && (type->second == "MedicationRequest" || type->second == "MedicationDispense");
  auto method = ctx.request.method_string();
  std::string what = fmt::format("{} {}", std::string_view(method.data(), method.size()), ctx.path);
  if (known || type == ctx.params.end()) {
    Status s = Status::invalid(fmt::format("{} is not supported; see docs/fhir.md", what))
                   .with_reason(std::string(kIssueNotSupported));
    return reply(fhir_response(http::status::method_not_allowed, operation_outcome(s)));
  }
  reply(fhir_error_response(Status::not_found(
      fmt::format("{}: rxpress serves MedicationRequest (create, read) and MedicationDispense (search)", what))));
}

}  // namespace

void add_fhir_routes(Router& router, Pharmacy& pharmacy, Authenticator& auth) {
  Pharmacy* p = &pharmacy;
  router.add(fhir_route(http::verb::post, "/fhir/r4/MedicationRequest", Permission::kCreatePrescription, pharmacy, auth,
                        with_body(pharmacy, post_medication_request)));
  router.add(fhir_route(http::verb::post, "/fhir/r4", Permission::kCreatePrescription, pharmacy, auth,
                        with_body(pharmacy, post_transaction)));
  router.add(fhir_route(http::verb::get, "/fhir/r4/MedicationRequest/{id}", Permission::kRead, pharmacy, auth,
                        [p](const RequestContext& ctx, const Actor&, Reply reply) {
                          get_medication_request(*p, ctx, std::move(reply));
                        }));
  router.add(fhir_route(http::verb::get, "/fhir/r4/MedicationDispense", Permission::kRead, pharmacy, auth,
                        [p](const RequestContext& ctx, const Actor&, Reply reply) {
                          search_medication_dispense(*p, ctx, std::move(reply));
                        }));
  for (http::verb method :
       {http::verb::get, http::verb::post, http::verb::put, http::verb::delete_, http::verb::patch}) {
    for (const char* pattern : {"/fhir/r4", "/fhir/r4/{type}", "/fhir/r4/{type}/{id}"}) {
      router.add(fhir_route(method, pattern, Permission::kRead, pharmacy, auth, unsupported));
    }
  }
}

}  // namespace rx
