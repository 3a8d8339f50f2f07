// Replenishment: replenish tasks open as machine locations run low, and
// every shelf task is confirmed by scanning one of its packs.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

#include "inventory/replenishment.h"
#include "inventory/stock_locations.h"
#include "inventory/task_scan.h"
#include "inventory/walking_order.h"
#include "service/pharmacy_impl.h"

namespace rx {
namespace {

const Actor kReplenisher{"system", "replenishment"};

// Movements the store answers in one page; the forecast reads them page by page.
constexpr size_t kForecastPage = 100'000;

Status refused(ErrorCode code, std::string reason, std::string message, std::string field = {}) {
  return Status(code, std::move(message), std::move(field)).with_reason(std::move(reason));
}

// Packs in a location that no plan holds, of every lot and drug: they take
// room; the held ones are on their way out.
int packs_at(const StockLedger& ledger, const LocationCode& location) {
  int total = 0;
  for (const auto& p : ledger.rows()) {
    if (p.row.location == location) total += std::max(available(p), 0);
  }
  return total;
}

}  // namespace

void Pharmacy::Impl::restart_replenishment() {
  forecast_ = DemandForecast();
  forecast_day_ = Date{};
  replenish_locations_.clear();
  replenish_drugs_.clear();
  replenish_all_ = true;
  post_replenishment_check();
}

void Pharmacy::Impl::note_stock_moved(const DrugCode& drug, const LocationCode& location, int delta) {
  if (delta < 0 && location_device(location) != 0) {
    replenish_locations_.insert(location.value());
  } else if (delta > 0 && is_reserve_location(location)) {
    replenish_drugs_.insert(drug.value());
  } else {
    return;
  }
  post_replenishment_check();
}

void Pharmacy::Impl::post_replenishment_check() {
  if (replenish_posted_) return;
  replenish_posted_ = true;
  sched_.post([this] {
    replenish_posted_ = false;
    check_replenishment();
  });
}

void Pharmacy::Impl::refresh_forecast(Date today) {
  forecast_day_ = today;
  // Whole days only: a part of today would weigh its early hours against
  // later hours not yet come.
  const Instant day_start = config_.zone.end_of_day(add_days(today, -1));
  const int days = config_.replenishment.history_days;
  forecast_ = DemandForecast(day_start, days, config_.zone);
  MovementQuery q;
  q.kind = MovementKind::kDispensed;
  q.from = day_start - std::chrono::duration_cast<Duration>(std::chrono::days(days));
  q.until = day_start;
  q.limit = kForecastPage;
  for (;;) {
    auto page = store_.movements(q);
    if (!page.ok()) {
      // The thresholds fall back to the safety margin until the next day's forecast.
      spdlog::error("replenishment forecast: {}", page.status().message());
      return;
    }
    for (const auto& m : *page) forecast_.add(m);
    if (page->size() < q.limit) return;
    q.after_id = page->back().id;
  }
}

bool Pharmacy::Impl::task_source_usable(const StockTask& task, Date today) const {
  if (!task.from || !task.lot) return false;
  const StockProjection* row = ledger_.find(task.drug, *task.lot, *task.from);
  return row != nullptr && !row->row.blocked && !row->row.quarantined && row->row.lot.expiry >= today &&
         available(*row) > 0;
}

void Pharmacy::Impl::check_replenishment() {
  const Date today = config_.zone.local_date(sched_.now());
  if (forecast_day_ != today) refresh_forecast(today);
  std::set<std::string> locations = std::move(replenish_locations_);
  std::set<std::string> drugs = std::move(replenish_drugs_);
  replenish_locations_.clear();
  replenish_drugs_.clear();
  const bool all = std::exchange(replenish_all_, false);

  // A task that can no longer be confirmed as it stands (its reserve lot is
  // gone, blocked or expired, or there was none) makes way for a fresh one,
  // once the reserve has packs to give it.
  std::vector<long long> stale;
  for (const auto& [id, t] : tasks_) {
    if (t.kind != TaskKind::kReplenish || t.state != TaskState::kOpen) continue;
    if (!all && drugs.count(t.drug.value()) == 0 && locations.count(t.location.value()) == 0) continue;
    if (!task_source_usable(t, today) && reserve_source(ledger_, t.drug, today)) stale.push_back(id);
  }
  for (long long id : stale) {
    const StockTask t = tasks_.at(id);
    Status s = update_task(id, TaskState::kCancelled, t.done_quantity, kReplenisher);
    if (!s.ok()) {
      spdlog::error("replenish task {}: {}", id, s.message());
      continue;
    }
    locations.insert(t.location.value());
  }
  if (all) {
    for (const LocationFill& s : machine_location_fills(ledger_, today)) locations.insert(s.location.value());
  }
  for (const auto& location : locations) check_location(LocationCode(location), today);
}

void Pharmacy::Impl::check_location(const LocationCode& location, Date today) {
  for (const auto& [id, t] : tasks_) {
    if (t.kind == TaskKind::kReplenish && t.state == TaskState::kOpen && t.location == location) return;
  }
  for (const LocationFill& s : location_fills(ledger_, location, today)) {
    const Drug* drug = formulary_.find(s.drug);
    if (drug == nullptr) continue;
    const std::optional<int> capacity = config_.locations.packs(location, *drug);
    if (!capacity) continue;
    auto need = replenish_need(s, *capacity, forecast_, reserve_source(ledger_, s.drug, today), sched_.now(),
                               config_.replenishment);
    if (!need) continue;
    StockTask task;
    task.kind = TaskKind::kReplenish;
    task.drug = s.drug;
    task.location = location;
    if (need->source) {
      task.lot = need->source->lot.lot;
      task.from = need->source->from;
    }
    task.quantity = need->quantity;
    task.reason = need->reason;
    open_task(std::move(task), kReplenisher);
    return;  // one open task per location
  }
}

Result<StockTask> Pharmacy::Impl::confirm_task(long long id, const std::string& scan, int quantity,
                                               const Actor& actor) {
  auto it = tasks_.find(id);
  if (it == tasks_.end()) return Status::not_found(fmt::format("there is no task {}", id));
  const StockTask task = it->second;
  if (task.state != TaskState::kOpen) {
    return refused(ErrorCode::kConflict, "TASK_CLOSED",
                   fmt::format("task {} is already {}", id, task_state_name(task.state)));
  }
  if (task.kind == TaskKind::kCount) {
    return refused(ErrorCode::kConflict, "COUNT_TASK",
                   fmt::format("task {} is a count; counts are recorded by the stocktake", id));
  }
  const int left = task.quantity - task.done_quantity;
  if (quantity < 1 || quantity > left) {
    return refused(ErrorCode::kInvalidArgument, "BAD_QUANTITY",
                   fmt::format("task {} has {} packs left to confirm; {} were given", id, left, quantity),
                   "quantity");
  }
  const TaskScan pack = TRY(match_task_scan(task, scan, formulary_));
  const Date today = config_.zone.local_date(sched_.now());
  const std::string reason = fmt::format("task {}", id);
  const std::string serial = quantity == 1 ? pack.serial : std::string();

  if (task.kind == TaskKind::kRemove) {
    const StockProjection* row = ledger_.find(task.drug, pack.lot, task.location);
    const int free = row == nullptr ? 0 : available(*row);
    if (free < quantity) {
      return refused(ErrorCode::kConflict, "SHORT_STOCK",
                     fmt::format("{} packs of lot {} at {} can be taken out, not {}", free, pack.lot.value(),
                                 task.location.value(), quantity));
    }
    TRY(move(Move{MovementKind::kRemoved, row->row.lot, task.location, -quantity, std::nullopt, serial,
                  task.reason.empty() ? reason : fmt::format("{}: {}", reason, task.reason)},
             actor));
  } else {
    if (!task.from) {
      return refused(ErrorCode::kConflict, "NO_SOURCE",
                     fmt::format("task {} names no location to take packs from: the reserve held no {} when it "
                                 "opened; it is replaced once the reserve receives some",
                                 id, task.drug.value()));
    }
    const StockProjection* row = ledger_.find(task.drug, pack.lot, *task.from);
    if (row == nullptr || row->row.quantity == 0) {
      return refused(ErrorCode::kConflict, "SHORT_STOCK",
                     fmt::format("{} holds no packs of {} lot {}", task.from->value(), task.drug.value(),
                                 pack.lot.value()));
    }
    if (row->row.lot.expiry < today) {
      return refused(ErrorCode::kInvalidArgument, "EXPIRED",
                     fmt::format("lot {} expired on {}; expired packs do not go into {}", pack.lot.value(),
                                 format_date(row->row.lot.expiry), task.location.value()),
                     "scan");
    }
    if (row->row.blocked || row->row.quarantined) {
      return refused(ErrorCode::kConflict, "BLOCKED_LOT",
                     fmt::format("lot {} at {} is {}", pack.lot.value(), task.from->value(),
                                 row->row.blocked ? "blocked" : "quarantined"));
    }
    if (available(*row) < quantity) {
      return refused(ErrorCode::kConflict, "SHORT_STOCK",
                     fmt::format("{} packs of lot {} at {} are free, not {}", available(*row), pack.lot.value(),
                                 task.from->value(), quantity));
    }
    // A location without a capacity (the reserve store) takes any number.
    int capacity = std::numeric_limits<int>::max();
    if (const Drug* drug = formulary_.find(task.drug)) {
      if (auto packs = config_.locations.packs(task.location, *drug)) capacity = *packs;
    }
    const int there = packs_at(ledger_, task.location);
    if (there > capacity - quantity) {
      return refused(ErrorCode::kConflict, "OVER_CAPACITY",
                     fmt::format("{} holds {} packs and has room for {} more, not {}", task.location.value(),
                                 there, std::max(capacity - there, 0), quantity));
    }
    const Lot lot = row->row.lot;
    // Both halves are tried on a copy first, so that a refused second half
    // cannot leave the first one done.
    StockLedger trial = ledger_;
    Status fits = trial.take(task.drug, lot.lot, *task.from, quantity);
    StockRow arriving{lot, task.location, quantity};
    if (const StockProjection* have = ledger_.find(task.drug, lot.lot, task.location)) {
      // As move() does: packs join the row with its flags.
      arriving.quarantined = have->row.quarantined;
      arriving.blocked = have->row.blocked;
    }
    if (fits.ok()) fits = trial.receive(arriving);
    if (!fits.ok()) return refused(ErrorCode::kConflict, "SHORT_STOCK", fits.message());
    TRY(move(Move{MovementKind::kMoved, lot, *task.from, -quantity, std::nullopt, serial, reason}, actor));
    TRY(move(Move{MovementKind::kMoved, lot, task.location, quantity, std::nullopt, serial, reason}, actor));
  }
  const int done = task.done_quantity + quantity;
  TRY(update_task(id, done >= task.quantity ? TaskState::kDone : TaskState::kOpen, done, actor));
  return tasks_.at(id);
}

void Pharmacy::confirm_task(long long id, const std::string& scan, int quantity, const Actor& actor,
                            TaskDone done) {
  auto& im = *impl_;
  Result<StockTask> task = im.confirm_task(id, scan, quantity, actor);
  if (!task.ok()) {
    scheduler_.post([done, err = task.status()] { done(err); });
    return;
  }
  im.after_commit([done, t = std::move(task).value()] { done(t); }, [done](const Status& s) { done(s); });
}

std::vector<StockTask> Pharmacy::replenishment_tasks() const {
  std::vector<StockTask> out = tasks(TaskKind::kReplenish, TaskState::kOpen);
  sort_walking_order(out);
  return out;
}

}  // namespace rx
