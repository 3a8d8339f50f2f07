#include "server/cold_chain_routes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>


#include "server/api_response.h"
#include "server/guarded_reply.h"
#include "server/request_numbers.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

constexpr size_t kMaxCodeChars = 64;

Result<json> object_body(const RequestContext& ctx) {
  json body = TRY(read_json_body(ctx.request));
  if (!body.is_object()) return Status::invalid(fmt::format("expected a JSON object, found {}", body.type_name()));
  return body;
}

// The string `name` of the body, 1..max bytes; absent or null gives "" unless required.
Result<std::string> body_string(const json& body, const char* name, size_t max, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::invalid("expected a string, found nothing", name);
    return std::string();
  }
  if (!it->is_string()) return Status::invalid(fmt::format("expected a string, found {}", it->type_name()), name);
  const auto& s = it->get_ref<const std::string&>();
  if (s.empty() || s.size() > max) {
    return Status::invalid(fmt::format("expected 1 to {} bytes, found {}", max, s.size()), name);
  }
  return s;
}

void post_temperature(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto parsed = [&]() -> Result<TemperatureReading> {
    json body = TRY(object_body(ctx));
    TemperatureReading r;
    r.sensor = TRY(body_string(body, "sensor", kMaxCodeChars, true));
    r.zone = TRY(body_string(body, "zone", kMaxCodeChars, false));
    auto c = body.find("celsius");
    if (c == body.end() || !c->is_number()) {
      return Status::invalid(fmt::format("expected a number, found {}", c == body.end() ? "nothing" : c->type_name()),
                             "celsius");
    }
    r.celsius = c->get<double>();
    std::string at = TRY(body_string(body, "at", kMaxCodeChars, false));
    if (at.empty()) {
      r.at = pharmacy.now();
    } else {
      auto t = parse_instant(at, pharmacy.config().zone);
      if (!t.ok()) return Status::invalid(t.status().message(), "at");
      r.at = *t;
    }
    return r;
  }();
  if (!parsed.ok()) return reply(error_response(parsed.status()));
  pharmacy.record_temperature(*parsed, ctx.actor, [reply](Result<json> answer) {
    if (!answer.ok()) return reply(error_response(answer.status()));
    guarded(reply, [&] { reply(json_response(http::status::created, *answer)); });
  });
}

void get_excursion(const Pharmacy& pharmacy, const RequestContext& ctx, const Reply& reply) {
  auto id = path_id_number(ctx, "excursion");
  if (!id.ok()) return reply(error_response(id.status()));
  auto answer = pharmacy.exposure_json(*id);
  if (!answer.ok()) return reply(error_response(answer.status()));
  reply(json_response(http::status::ok, *answer));
}

void post_decision(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  struct Decision {
    long long excursion = 0;
    std::string drug, lot, reason;
    bool quarantine = false;
  };
  auto parsed = [&]() -> Result<Decision> {
    long long id = TRY(path_id_number(ctx, "excursion"));
    json body = TRY(object_body(ctx));
    Decision d;
    d.excursion = id;
    d.drug = TRY(body_string(body, "drug", kMaxCodeChars, true));
    d.lot = TRY(body_string(body, "lot", kMaxCodeChars, true));
    d.reason = TRY(body_string(body, "reason", 500, true));
    std::string decision = TRY(body_string(body, "decision", 16, true));
    if (decision != "release" && decision != "quarantine") {
      return Status::invalid(fmt::format("expected \"release\" or \"quarantine\", found \"{}\"", decision), "decision");
    }
    d.quarantine = decision == "quarantine";
    return d;
  }();
  if (!parsed.ok()) return reply(error_response(parsed.status()));
  const Decision& d = *parsed;
  pharmacy.decide_exposure(d.excursion, DrugCode(d.drug), LotNo(d.lot), d.quarantine, d.reason, ctx.actor,
                           [reply](Result<json> answer) {
                             if (!answer.ok()) return reply(error_response(answer.status()));
                             guarded(reply, [&] { reply(json_response(http::status::created, *answer)); });
                           });
}

}  // namespace

void add_cold_chain_routes(Router& router, Pharmacy& pharmacy) {
  Pharmacy* p = &pharmacy;
  router.add(Route{
      http::verb::post, "/api/v1/temperature", Access::kSignedIn, Permission::kDeviceTasks,
      RequestHandler([p](const RequestContext& ctx, Reply reply) { post_temperature(*p, ctx, std::move(reply)); }),
      kMaxTemperatureBodyBytes});
  router.add(Route{http::verb::get, "/api/v1/temperature", Access::kSignedIn, Permission::kRead,
                   RequestHandler([p](const RequestContext&, Reply reply) {
                     reply(json_response(http::status::ok, p->cold_chain_json()));
                   })});
  router.add(Route{http::verb::get, "/api/v1/temperature/excursions/{id}", Access::kSignedIn, Permission::kRead,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { get_excursion(*p, ctx, reply); })});
  router.add(Route{http::verb::post, "/api/v1/temperature/excursions/{id}/decisions", Access::kSignedIn,
                   Permission::kColdChainDecision, RequestHandler([p](const RequestContext& ctx, Reply reply) {
                     post_decision(*p, ctx, std::move(reply));
                   }),
                   kMaxDecisionBodyBytes});
}

}  // namespace rx
