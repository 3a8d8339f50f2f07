#include "server/slotting_routes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <limits>

#include "inventory/lot_acceptance.h"
#include "server/api_response.h"
#include "server/guarded_reply.h"
#include "server/request_numbers.h"
#include "server/stock_in_routes.h"
#include "service/stock_json.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

constexpr size_t kMaxPacks = 200;


Result<std::string> string_field(const json& doc, const char* name, const std::string& field, bool required,
                                 size_t max = 256) {
  if (!doc.contains(name) || doc[name].is_null()) {
    if (required) return Status::invalid("expected a string, found nothing", field);
    return std::string();
  }
  if (!doc[name].is_string())
    return Status::invalid(fmt::format("expected a string, found {}", doc[name].type_name()), field);
  std::string value = doc[name].get<std::string>();
  if (value.size() > max) {
    return Status::invalid(fmt::format("expected at most {} characters, found {}", max, value.size()), field);
  }
  return value;
}

Result<std::optional<Date>> date_field(const json& doc, const char* name, const std::string& field) {
  std::string text = TRY(string_field(doc, name, field, false, 10));
  if (text.empty()) return std::optional<Date>();
  auto d = parse_date(text);
  if (!d.ok()) return Status::invalid(fmt::format("expected a date YYYY-MM-DD, found \"{}\"", text), field);
  return std::optional<Date>(*d);
}

Result<json> array_field(const json& body, const char* name) {
  if (!body.contains(name) || !body[name].is_array()) {
    return Status::invalid("expected an array", name);
  }
  const json& a = body[name];
  if (a.empty() || a.size() > kMaxPacks) {
    return Status::invalid(fmt::format("expected 1 to {} entries, found {}", kMaxPacks, a.size()), name);
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_object()) return Status::invalid("expected an object", fmt::format("{}[{}]", name, i));
  }
  return a;
}

struct StockInBody {
  std::vector<Pharmacy::RobotInputPack> packs;
  std::string delivery_number;
};

Result<StockInBody> read_stock_in(const json& body) {
  if (!body.is_object()) return Status::invalid("expected a JSON object", "body");
  StockInBody out;
  out.delivery_number = TRY(string_field(body, "delivery_number", "delivery_number", false, 64));
  const json packs = TRY(array_field(body, "packs"));
  for (size_t i = 0; i < packs.size(); ++i) {
    const std::string at = fmt::format("packs[{}]", i);
    Pharmacy::RobotInputPack p;
    p.scan = TRY(string_field(packs[i], "scan", at + ".scan", true, 512));
    std::string lot = TRY(string_field(packs[i], "lot", at + ".lot", false, 64));
    if (!lot.empty()) p.lot = LotNo(lot);
    p.expiry = TRY(date_field(packs[i], "expiry", at + ".expiry"));
    out.packs.push_back(std::move(p));
  }
  return out;
}

Result<DeliveryNotice> read_delivery(const json& body) {
  if (!body.is_object()) return Status::invalid("expected a JSON object", "body");
  DeliveryNotice out;
  out.delivery_number = TRY(string_field(body, "delivery_number", "delivery_number", true, 64));
  const json lines = TRY(array_field(body, "lines"));
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string at = fmt::format("lines[{}]", i);
    DeliveryLine line;
    line.drug = DrugCode(TRY(string_field(lines[i], "drug", at + ".drug", true, 64)));
    line.lot = LotNo(TRY(string_field(lines[i], "lot", at + ".lot", true, 64)));
    auto expiry = TRY(date_field(lines[i], "expiry", at + ".expiry"));
    if (!expiry) return Status::invalid("expected a date YYYY-MM-DD, found nothing", at + ".expiry");
    line.expiry = *expiry;
    const json& packs = lines[i].contains("packs") ? lines[i]["packs"] : json(0);
    if (!packs.is_number_integer()) return Status::invalid("expected a whole number of packs", at + ".packs");
    // Beyond an int the service's range check could not say what was sent.
    const bool fits_int = packs.is_number_unsigned()
                              ? packs.get<unsigned long long>() <= std::numeric_limits<int>::max()
                              : packs.get<long long>() >= std::numeric_limits<int>::min() &&
                                    packs.get<long long>() <= std::numeric_limits<int>::max();
    if (!fits_int) {
      return Status::invalid(fmt::format("expected 0 to 100000 packs, found {}", packs.dump()), at + ".packs");
    }
    line.packs = static_cast<int>(packs.get<long long>());
    out.lines.push_back(std::move(line));
  }
  return out;
}

Result<int> weeks_param(const RequestContext& ctx) {
  auto text = ctx.query.get("weeks");
  if (!text) return 4;
  auto weeks = whole_number(*text, 0, std::numeric_limits<int>::max());
  if (!weeks) {
    return Status::invalid(fmt::format("expected a whole number of weeks, found \"{}\"", text->substr(0, 32)), "weeks");
  }
  return static_cast<int>(*weeks);
}

json suggestion_json(const ReslotSuggestion& s) {
  json planned = json::array();
  for (const LocationCode& l : s.planned) planned.push_back(l.value());
  auto metres = [](const std::optional<double>& x) { return x ? json(*x) : json(nullptr); };
  return {{"drug", s.drug.value()},
          {"demand", s.demand},
          {"channels_now", s.channels_now},
          {"channels_planned", s.channels_planned},
          {"nearest_now_m", metres(s.nearest_now_m)},
          {"nearest_planned_m", metres(s.nearest_planned_m)},
          {"gain", s.gain},
          {"lose", s.lose},
          {"move_nearer", s.move_nearer},
          {"planned", std::move(planned)}};
}

void get_suggestions(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto weeks = weeks_param(ctx);
  if (!weeks.ok()) return reply(error_response(weeks.status()));
  const Instant until = pharmacy.now();
  auto list = pharmacy.slotting_suggestions(until, *weeks);
  if (!list.ok()) return reply(error_response(list.status()));
  guarded(reply, [&] {
    json out = json::array();
    for (const ReslotSuggestion& s : *list) out.push_back(suggestion_json(s));
    const Zone& zone = pharmacy.config().zone;
    reply(json_response(http::status::ok, {{"from", format_local(until - std::chrono::days(7 * *weeks), zone)},
                                           {"until", format_local(until, zone)},
                                           {"weeks", *weeks},
                                           {"suggestions", std::move(out)}}));
  });
}

void post_stock_in(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto body = read_json_body(ctx.request);
  if (!body.ok()) return reply(error_response(body.status()));
  auto in = read_stock_in(*body);
  if (!in.ok()) return reply(error_response(in.status()));
  pharmacy.robot_stock_in(
      std::move(in->packs), std::move(in->delivery_number), ctx.actor,
      [&pharmacy, reply](Result<Pharmacy::RobotInputReport> r) {
        if (!r.ok()) return reply(stock_in_error_response(r.status()));
        guarded(reply, [&] {
          json stored = json::array();
          for (const StockMovement& m : r->stored) {
            stored.push_back(movement_json(m, pharmacy.config().zone));
          }
          json refused = json::array();
          for (const auto& f : r->refused) refused.push_back({{"index", f.index}, {"reason", f.reason}});
          reply(json_response(http::status::created, {{"stored", std::move(stored)}, {"refused", std::move(refused)}}));
        });
      });
}

void post_delivery(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto body = read_json_body(ctx.request);
  if (!body.ok()) return reply(error_response(body.status()));
  auto notice = read_delivery(*body);
  if (!notice.ok()) return reply(error_response(notice.status()));
  std::string number = notice->delivery_number;
  pharmacy.announce_robot_delivery(std::move(notice).value(), ctx.actor, [reply, number](Status s) {
    if (!s.ok()) return reply(stock_in_error_response(s));
    reply(json_response(http::status::created, {{"delivery_number", number}}));
  });
}

}  // namespace

void add_slotting_routes(Router& router, Pharmacy& pharmacy) {
  Pharmacy* p = &pharmacy;
  router.add(Route{
      http::verb::get, "/api/v1/slotting/suggestions", Access::kSignedIn, Permission::kReplenishment,
      RequestHandler([p](const RequestContext& ctx, Reply reply) { get_suggestions(*p, ctx, std::move(reply)); })});
  router.add(
      Route{http::verb::post, "/api/v1/robot/stock-in", Access::kSignedIn, Permission::kStockIn,
            RequestHandler([p](const RequestContext& ctx, Reply reply) { post_stock_in(*p, ctx, std::move(reply)); }),
            kMaxRobotBodyBytes});
  router.add(
      Route{http::verb::post, "/api/v1/robot/deliveries", Access::kSignedIn, Permission::kStockIn,
            RequestHandler([p](const RequestContext& ctx, Reply reply) { post_delivery(*p, ctx, std::move(reply)); }),
            kMaxRobotBodyBytes});
}

}  // namespace rx
