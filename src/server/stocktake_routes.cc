#include "server/stocktake_routes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/beast/http/field.hpp>

#include "core/utf8_length.h"
#include "server/api_response.h"
#include "server/guarded_reply.h"
#include "server/request_numbers.h"
#include "service/stock_json.h"
#include "service/stocktake_json.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

constexpr size_t kMaxScanChars = 200;
constexpr size_t kMaxLocationChars = 16;
constexpr size_t kMaxLotChars = 20;  // GS1 AI (10)
constexpr size_t kMaxReasonChars = 1000;  // characters, as for a cancellation
constexpr size_t kMaxReturnScans = 200;
constexpr size_t kSmallBody = 16 * 1024;

// A well-formed request the pharmacy refuses for what was scanned is 422.
HttpResponse refusal(const Status& s) {
  static constexpr std::string_view kScanRefusals[] = {"BAD_CODE",    "NOT_AWAITING_RETURN",   "EXPIRED",
                                                       "BLOCKED",     "NOT_THIS_PRESCRIPTION", "ALREADY_RETURNED",
                                                       "UNKNOWN_GTIN", "DUPLICATE_SERIAL"};
  for (std::string_view r : kScanRefusals) {
    if (s.reason() == r) return json_response(http::status::unprocessable_entity, error_json(s));
  }
  return error_response(s);
}

Result<json> object_body(const RequestContext& ctx) {
  json body = TRY(read_json_body(ctx.request));
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  return body;
}

// The string `name` of `body`: required unless `optional`, at most `max` bytes.
Result<std::optional<std::string>> string_field(const json& body, const std::string& name, size_t max, bool optional) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (optional) return std::optional<std::string>();
    return Status::invalid(fmt::format("{} is required (a string)", name), name);
  }
  if (!it->is_string()) return Status::invalid(fmt::format("expected a string, found {}", it->type_name()), name);
  const std::string& value = it->get_ref<const std::string&>();
  if (value.size() > max) {
    return Status::invalid(fmt::format("expected at most {} characters, found {}", max, value.size()), name);
  }
  return std::optional<std::string>(value);
}

Pharmacy::StocktakeDone answer_report(Pharmacy& pharmacy, Reply reply, http::status ok) {
  return [&pharmacy, reply, ok](Result<Stocktake> result) {
    if (!result.ok()) return reply(refusal(result.status()));
    guarded(reply, [&] { reply(json_response(ok, stocktake_report_json(*result, pharmacy.config().zone))); });
  };
}

void start_stocktake(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto body = object_body(ctx);
  if (!body.ok()) return reply(error_response(body.status()));
  std::vector<LocationCode> locations;
  auto it = body->find("locations");
  if (it != body->end() && !it->is_null()) {
    if (!it->is_array()) return reply(error_response(Status::invalid("expected an array of location codes", "locations")));
    if (it->size() > kMaxStocktakeLocations) {
      return reply(error_response(Status::invalid(
          fmt::format("a count names at most {} locations; got {}", kMaxStocktakeLocations, it->size()), "locations")));
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const json& v = (*it)[i];
      if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
          v.get_ref<const std::string&>().size() > kMaxLocationChars) {
        return reply(error_response(Status::invalid(
            fmt::format("expected a location code of 1 to {} characters", kMaxLocationChars),
            fmt::format("locations[{}]", i))));
      }
      locations.emplace_back(v.get<std::string>());
    }
  }
  pharmacy.start_stocktake(std::move(locations), ctx.actor, answer_report(pharmacy, reply, http::status::created));
}

void scan_stocktake(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto id = path_id_number(ctx, "stocktake");
  if (!id.ok()) return reply(error_response(id.status()));
  auto body = object_body(ctx);
  if (!body.ok()) return reply(error_response(body.status()));
  auto location = string_field(*body, "location", kMaxLocationChars, false);
  if (!location.ok()) return reply(error_response(location.status()));
  if ((*location)->empty()) return reply(error_response(Status::invalid("the location must not be empty", "location")));
  auto scan = string_field(*body, "scan", kMaxScanChars, false);
  if (!scan.ok()) return reply(error_response(scan.status()));
  std::optional<int> quantity;
  auto q = body->find("quantity");
  if (q != body->end() && !q->is_null()) {
    if (!q->is_number_integer() || q->get<long long>() < 0 || q->get<long long>() > kMaxPacksPerScan) {
      return reply(error_response(
          Status::invalid(fmt::format("expected a whole number of packs from 0 to {}", kMaxPacksPerScan), "quantity")));
    }
    quantity = static_cast<int>(q->get<long long>());
  }
  auto lot = string_field(*body, "lot", kMaxLotChars, true);
  if (!lot.ok()) return reply(error_response(lot.status()));
  std::optional<LotNo> named;
  if (*lot && !(*lot)->empty()) named = LotNo(**lot);
  pharmacy.scan_stocktake(*id, LocationCode(**location), **scan, quantity, std::move(named), ctx.actor,
                          answer_report(pharmacy, reply, http::status::ok));
}

void get_stocktake(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto id = path_id_number(ctx, "stocktake");
  if (!id.ok()) return reply(error_response(id.status()));
  auto count = pharmacy.stocktake(*id);
  if (!count.ok()) return reply(error_response(count.status()));
  reply(json_response(http::status::ok, stocktake_report_json(*count, pharmacy.config().zone)));
}

void approve_stocktake(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto id = path_id_number(ctx, "stocktake");
  if (!id.ok()) return reply(error_response(id.status()));
  pharmacy.approve_stocktake(*id, ctx.actor, answer_report(pharmacy, reply, http::status::ok));
}

void list_returns(const Pharmacy& pharmacy, Reply reply) {
  json awaiting = json::array();
  for (const AwaitingReturn& a : pharmacy.awaiting_returns()) {
    awaiting.push_back(awaiting_return_json(a, pharmacy.config().zone));
  }
  reply(json_response(http::status::ok, {{"awaiting", std::move(awaiting)}}));
}

void scan_return(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto body = object_body(ctx);
  if (!body.ok()) return reply(error_response(body.status()));
  auto scan = string_field(*body, "scan", kMaxScanChars, false);
  if (!scan.ok()) return reply(error_response(scan.status()));
  auto location = string_field(*body, "location", kMaxLocationChars, true);
  if (!location.ok()) return reply(error_response(location.status()));
  std::optional<LocationCode> target;
  if (*location) target = LocationCode(**location);
  pharmacy.return_pack(**scan, target, ctx.actor, [&pharmacy, reply](Result<StockMovement> result) {
    if (!result.ok()) return reply(refusal(result.status()));
    guarded(reply, [&] {
      reply(json_response(http::status::ok, {{"movement", movement_json(*result, pharmacy.config().zone)}}));
    });
  });
}

void return_after_handover(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto id = path_id_number(ctx, "prescription");
  if (!id.ok()) return reply(error_response(id.status()));
  auto body = object_body(ctx);
  if (!body.ok()) return reply(error_response(body.status()));
  auto reason = string_field(*body, "reason", 4 * kMaxReasonChars, false);
  if (!reason.ok()) return reply(error_response(reason.status()));
  if (utf8_length(**reason) > kMaxReasonChars) {
    return reply(error_response(
        Status::invalid(fmt::format("the reason has more than {} characters", kMaxReasonChars), "reason")));
  }
  auto it = body->find("scans");
  if (it == body->end() || !it->is_array() || it->empty() || it->size() > kMaxReturnScans) {
    return reply(error_response(
        Status::invalid(fmt::format("expected an array of 1 to {} scanned codes", kMaxReturnScans), "scans")));
  }
  std::vector<std::string> scans;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (!v.is_string() || v.get_ref<const std::string&>().size() > kMaxScanChars) {
      return reply(error_response(Status::invalid(
          fmt::format("expected a scanned code of at most {} characters", kMaxScanChars), fmt::format("scans[{}]", i))));
    }
    scans.push_back(v.get<std::string>());
  }
  pharmacy.return_after_handover(PrescriptionId(*id), scans, **reason, ctx.actor,
                                 [&pharmacy, reply](Result<const PrescriptionRecord*> result) {
                                   if (!result.ok()) return reply(refusal(result.status()));
                                   guarded(reply, [&] {
                                     reply(json_response(http::status::ok, pharmacy.record_json(**result, true)));
                                   });
                                 });
}

}  // namespace

void add_stocktake_routes(Router& router, Pharmacy& pharmacy) {
  Pharmacy* p = &pharmacy;
  router.add(Route{http::verb::post, "/api/v1/stocktakes", Access::kSignedIn, Permission::kStockIn,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { start_stocktake(*p, ctx, reply); }),
                   256 * 1024});
  router.add(Route{http::verb::post, "/api/v1/stocktakes/{id}/scans", Access::kSignedIn, Permission::kStockIn,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { scan_stocktake(*p, ctx, reply); }),
                   kSmallBody});
  router.add(Route{http::verb::get, "/api/v1/stocktakes/{id}", Access::kSignedIn, Permission::kRead,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { get_stocktake(*p, ctx, reply); })});
  router.add(Route{http::verb::post, "/api/v1/stocktakes/{id}/approve", Access::kSignedIn,
                   Permission::kApproveStocktake,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { approve_stocktake(*p, ctx, reply); }),
                   kSmallBody});
  router.add(Route{http::verb::get, "/api/v1/returns", Access::kSignedIn, Permission::kRead,
                   RequestHandler([p](const RequestContext&, Reply reply) { list_returns(*p, reply); })});
  router.add(Route{http::verb::post, "/api/v1/returns/scan", Access::kSignedIn, Permission::kStockIn,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { scan_return(*p, ctx, reply); }),
                   kSmallBody});
  router.add(Route{http::verb::post, "/api/v1/prescriptions/{id}/return", Access::kSignedIn, Permission::kHandOver,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { return_after_handover(*p, ctx, reply); }),
                   256 * 1024});
}

}  // namespace rx
