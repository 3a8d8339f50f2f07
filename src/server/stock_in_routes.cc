#include "server/stock_in_routes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>

#include "interop/csv/delivery_csv.h"
#include "inventory/lot_acceptance.h"
#include "server/api_response.h"
#include "server/guarded_reply.h"
#include "service/stock_json.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

constexpr size_t kMaxScanChars = 200;
constexpr size_t kMaxLotChars = 20;  // GS1 AI (10)
constexpr size_t kMaxLocationChars = 16;


// The string `name`, absent or null as nullopt; bounded to `max` bytes.
Result<std::optional<std::string>> optional_string(const json& body, const char* name, size_t max) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return Status::invalid(fmt::format("expected a string, found {}", it->type_name()), name);
  const std::string& value = it->get_ref<const std::string&>();
  if (value.empty()) return Status::invalid("expected a non-empty string, found \"\"", name);
  if (value.size() > max) {
    return Status::invalid(fmt::format("expected at most {} characters, found {}", max, value.size()), name);
  }
  return std::optional<std::string>(value);
}

Result<StockInRequest> stock_in_request(const json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  StockInRequest r;
  auto scan = TRY(optional_string(body, "scan", kMaxScanChars));
  if (!scan) return Status::invalid("expected the scanned code as a string, found nothing", "scan");
  r.scan = std::move(*scan);
  if (auto it = body.find("quantity"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() < 1 || it->get<long long>() > kMaxStockInPacks) {
      return Status::invalid(fmt::format("expected a whole number of packs from 1 to {}, found {}", kMaxStockInPacks,
                                         it->dump()),
                             "quantity");
    }
    r.quantity = static_cast<int>(it->get<long long>());
  }
  if (auto lot = TRY(optional_string(body, "lot", kMaxLotChars))) r.lot = LotNo(*lot);
  if (auto expiry = TRY(optional_string(body, "expiry", 10))) {
    auto d = parse_date(*expiry);
    if (expiry->size() != 10 || !d.ok()) {
      return Status::invalid(fmt::format("expected a date YYYY-MM-DD, found \"{}\"", *expiry), "expiry");
    }
    r.expiry = *d;
  }
  if (auto location = TRY(optional_string(body, "location", kMaxLocationChars))) r.location = LocationCode(*location);
  return r;
}

void post_stock_in(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto body = read_json_body(ctx.request);
  if (!body.ok()) return reply(error_response(body.status()));
  auto request = stock_in_request(*body);
  if (!request.ok()) return reply(error_response(request.status()));
  pharmacy.stock_in(std::move(request).value(), ctx.actor,
                    [&pharmacy, reply](Result<Pharmacy::StockInResult> result) {
                      if (!result.ok()) return reply(stock_in_error_response(result.status()));
                      guarded(reply, [&] {
                        const Drug* drug = pharmacy.formulary().find(result->movement.lot.drug);
                        reply(json_response(http::status::created,
                                            {{"movement", movement_json(result->movement, pharmacy.config().zone)},
                                             {"drug_name", drug ? drug->name_zh : ""},
                                             {"location", result->movement.location.value()},
                                             {"proposed", result->proposed}}));
                      });
                    });
}

bool is_csv(const HttpRequest& req) {
  auto it = req.find(http::field::content_type);
  if (it == req.end()) return false;
  std::string_view value(it->value().data(), it->value().size());
  std::string_view media = value.substr(0, value.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
  return boost::beast::iequals(boost::beast::string_view(media.data(), media.size()), "text/csv");
}

json delivery_refusal(const std::vector<DeliveryProblem>& problems) {
  json rows = json::array();
  for (const DeliveryProblem& p : problems) {
    rows.push_back(
        {{"row", p.row}, {"line", p.line}, {"column", p.column}, {"code", p.code}, {"message", p.message}});
  }
  const DeliveryProblem& first = problems.front();
  std::string message = fmt::format("{} problem{} in the delivery; nothing was received. Row {}, {}: {}",
                                    problems.size(), problems.size() == 1 ? "" : "s", first.row, first.column,
                                    first.message);
  return {{"error", {{"code", "DELIVERY_REFUSED"}, {"message", std::move(message)}, {"rows", std::move(rows)}}}};
}

void post_delivery(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  if (!is_csv(ctx.request)) {
    return reply(error_response(
        Status::invalid("a delivery file must be sent with Content-Type: text/csv", "Content-Type")
            .with_reason(std::string(kUnsupportedMediaType))));
  }
  pharmacy.receive_delivery(ctx.request.body(), ctx.actor,
                            [&pharmacy, reply](Result<Pharmacy::DeliveryOutcome> result) {
                              if (!result.ok()) return reply(error_response(result.status()));
                              guarded(reply, [&] {
                                if (!result->problems.empty()) {
                                  return reply(json_response(http::status::unprocessable_entity,
                                                             delivery_refusal(result->problems)));
                                }
                                json movements = json::array();
                                int packs = 0;
                                for (const StockMovement& m : result->movements) {
                                  movements.push_back(movement_json(m, pharmacy.config().zone));
                                  packs += m.delta;
                                }
                                json delivery = {
                                    {"id", result->id}, {"rows", result->movements.size()}, {"packs", packs}};
                                reply(json_response(http::status::created,
                                                    {{"delivery", std::move(delivery)},
                                                     {"movements", std::move(movements)}}));
                              });
                            });
}

}  // namespace

HttpResponse stock_in_error_response(const Status& s) {
  if (is_stock_in_refusal(s.reason())) {
    return json_response(boost::beast::http::status::unprocessable_entity, error_json(s));
  }
  return error_response(s);
}

void add_stock_in_routes(Router& router, Pharmacy& pharmacy) {
  Pharmacy* p = &pharmacy;
  router.add(Route{http::verb::post, "/api/v1/stock-in", Access::kSignedIn, Permission::kStockIn,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { post_stock_in(*p, ctx, std::move(reply)); }),
                   kMaxStockInBodyBytes});
  router.add(Route{http::verb::post, "/api/v1/deliveries", Access::kSignedIn, Permission::kStockIn,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { post_delivery(*p, ctx, std::move(reply)); }),
                   kMaxDeliveryBytes});
}

}  // namespace rx
