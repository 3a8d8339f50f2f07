#include "server/task_routes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <limits>
#include <string_view>

#include "server/api_response.h"
#include "server/guarded_reply.h"
#include "server/request_numbers.h"
#include "service/stock_json.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

constexpr size_t kMaxScanChars = 200;
constexpr long long kMaxConfirmPacks = 100'000;
constexpr size_t kConfirmBody = 4 * 1024;

// A well-formed request refused for what was scanned is 422.
HttpResponse refusal(const Status& s) {
  static constexpr std::string_view kScanRefusals[] = {"BAD_CODE",  "UNKNOWN_GTIN", "WRONG_DRUG",
                                                       "WRONG_LOT", "MISSING_LOT",  "EXPIRED"};
  for (std::string_view r : kScanRefusals) {
    if (s.reason() == r) return json_response(http::status::unprocessable_entity, error_json(s));
  }
  return error_response(s);
}

json task_view(const Pharmacy& pharmacy, const StockTask& t) {
  json j = task_json(t, pharmacy.config().zone);
  const Drug* drug = pharmacy.formulary().find(t.drug);
  j["drug_name"] = drug ? drug->name_zh : "";
  if (t.kind == TaskKind::kReplenish) j["reserve_empty"] = !t.from.has_value();
  return j;
}

void list_tasks(const Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  std::optional<TaskKind> kind;
  std::optional<TaskState> state;
  if (auto k = query_value(ctx, "kind")) {
    kind = parse_task_kind(*k);
    if (!kind) {
      return reply(error_response(Status::invalid(
          fmt::format("unknown kind '{}'; expected replenish, put_away, remove or count", *k), "kind")));
    }
  }
  if (auto s = query_value(ctx, "state")) {
    state = parse_task_state(*s);
    if (!state) {
      return reply(error_response(
          Status::invalid(fmt::format("unknown state '{}'; expected open, done or cancelled", *s), "state")));
    }
  }
  size_t limit = kMaxTaskPage;
  if (auto l = query_value(ctx, "limit")) {
    auto value = whole_number(*l, 1, static_cast<long long>(kMaxTaskPage));
    if (!value) {
      return reply(error_response(
          Status::invalid(fmt::format("limit must be a whole number from 1 to {}; got '{}'", kMaxTaskPage, *l),
                          "limit")));
    }
    limit = static_cast<size_t>(*value);
  }
  long long after = 0;
  if (auto a = query_value(ctx, "after")) {
    auto value = whole_number(*a, 0, std::numeric_limits<long long>::max());
    if (!value) {
      return reply(error_response(
          Status::invalid(fmt::format("after must be the 'next' of an earlier page; got '{}'", *a), "after")));
    }
    after = *value;
  }
  json tasks = json::array();
  json next = nullptr;
  for (const StockTask& t : pharmacy.tasks(kind, state)) {
    if (t.id <= after) continue;
    if (tasks.size() == limit) {
      next = std::to_string(tasks.back()["id"].get<long long>());
      break;
    }
    tasks.push_back(task_view(pharmacy, t));
  }
  reply(json_response(http::status::ok, {{"tasks", std::move(tasks)}, {"next", std::move(next)}}));
}

void list_replenishment(const Pharmacy& pharmacy, Reply reply) {
  json tasks = json::array();
  for (const StockTask& t : pharmacy.replenishment_tasks()) tasks.push_back(task_view(pharmacy, t));
  reply(json_response(http::status::ok, {{"tasks", std::move(tasks)}}));
}

void confirm_task(Pharmacy& pharmacy, const RequestContext& ctx, Reply reply) {
  auto id = path_id_number(ctx, "task");
  if (!id.ok()) return reply(error_response(id.status()));
  auto body = read_json_body(ctx.request);
  if (!body.ok()) return reply(error_response(body.status()));
  if (!body->is_object()) return reply(error_response(Status::invalid("the body must be a JSON object")));
  auto scan = body->find("scan");
  if (scan == body->end() || !scan->is_string() || scan->get_ref<const std::string&>().empty()) {
    return reply(error_response(Status::invalid("scan is required: the code of one of the task's packs", "scan")));
  }
  if (scan->get_ref<const std::string&>().size() > kMaxScanChars) {
    return reply(error_response(Status::invalid(
        fmt::format("expected at most {} characters, found {}", kMaxScanChars, scan->get_ref<const std::string&>().size()),
        "scan")));
  }
  int quantity = 1;
  auto q = body->find("quantity");
  if (q != body->end() && !q->is_null()) {
    if (!q->is_number_integer() || q->get<long long>() < 1 || q->get<long long>() > kMaxConfirmPacks) {
      return reply(error_response(
          Status::invalid(fmt::format("expected a whole number of packs from 1 to {}", kMaxConfirmPacks), "quantity")
              .with_reason("BAD_QUANTITY")));
    }
    quantity = static_cast<int>(q->get<long long>());
  }
  pharmacy.confirm_task(*id, scan->get<std::string>(), quantity, ctx.actor,
                        [&pharmacy, reply](Result<StockTask> result) {
                          if (!result.ok()) return reply(refusal(result.status()));
                          guarded(reply, [&] {
                            reply(json_response(http::status::ok, {{"task", task_view(pharmacy, *result)}}));
                          });
                        });
}

}  // namespace

void add_task_routes(Router& router, Pharmacy& pharmacy) {
  Pharmacy* p = &pharmacy;
  router.add(Route{http::verb::get, "/api/v1/replenishment", Access::kSignedIn, Permission::kRead,
                   RequestHandler([p](const RequestContext&, Reply reply) { list_replenishment(*p, std::move(reply)); })});
  router.add(Route{http::verb::get, "/api/v1/tasks", Access::kSignedIn, Permission::kRead,
                   RequestHandler([p](const RequestContext& ctx, Reply reply) { list_tasks(*p, ctx, std::move(reply)); })});
  Route confirm{http::verb::post, "/api/v1/tasks/{id}/confirm", Access::kSignedIn, Permission::kReplenishment,
                RequestHandler([p](const RequestContext& ctx, Reply reply) { confirm_task(*p, ctx, std::move(reply)); })};
  confirm.max_body = kConfirmBody;
  router.add(std::move(confirm));
}

}  // namespace rx
