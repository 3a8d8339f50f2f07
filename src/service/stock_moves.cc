// The one way stock quantities change: every movement updates the in-memory
// ledger and is appended to the stock ledger (and the event log) in the open
// batch. And the tasks that technicians do on the shelves.
#include <fmt/format.h>

#include "planning/policy.h"
#include "service/pharmacy_impl.h"
#include "service/stock_json.h"

namespace rx {
namespace {

constexpr std::string_view kTaskPrefix = "task:";

}  // namespace

Status Pharmacy::Impl::move(const Move& m, const Actor& actor) {
  const DrugCode& drug = m.lot.drug;
  const LotNo& lot = m.lot.lot;
  if (m.delta == 0) return Status::invalid("a stock movement of 0 packs", "quantity");
  if (m.delta > 0) {
    StockRow row{m.lot, m.location, m.delta, m.quarantined, false};
    if (const StockProjection* have = ledger_.find(drug, lot, m.location)) {
      // Packs join the row as it is: a blocked or quarantined row stays so.
      row.quarantined = have->row.quarantined;
      row.blocked = have->row.blocked;
    }
    TRY(ledger_.receive(row));
  } else if (m.kind == MovementKind::kDispensed) {
    TRY(ledger_.dispense(drug, lot, m.location, -m.delta));
  } else {
    TRY(ledger_.take(drug, lot, m.location, -m.delta));
  }
  const StockProjection* after = ledger_.find(drug, lot, m.location);
  StockMovement mv{++movements_last_id_, sched_.now(), m.kind,   after->row.lot, m.location,
                   m.delta,              after->row.quantity, m.prescription, m.serial,     actor.label(),
                   m.reason};
  touch_stock(drug, lot, m.location);
  // The prescription's own history already has each pack (pack.verified, …);
  // the movement names the prescription in its payload and in the ledger.
  emit_text(fmt::format("stock.{}", movement_kind_name(m.kind)), actor, std::nullopt,
            movement_event_text(mv, std::abs(m.delta), config_.zone));
  pending_movements_.push_back(std::move(mv));
  if (m.delta > 0) note_stock_added(after->row.lot, m.location);
  note_stock_moved(drug, m.location, m.delta);
  return Status();
}

void Pharmacy::Impl::tell_devices(const std::vector<StockMovement>& movements) {
  for (const StockMovement& m : movements) {
    if (m.kind == MovementKind::kDispensed) continue;
    std::optional<DeviceKind> kind = device_for_location(m.location);
    auto device = kind ? devices_.find(*kind) : devices_.end();
    if (device == devices_.end()) continue;
    const Drug* drug = formulary_.find(m.lot.drug);
    device->second->stock_changed(
        StockChange{m.location, m.lot, drug ? drug->gtin : std::string(), m.delta, drug ? drug->pack_d_mm : 0});
  }
}

Status Pharmacy::Impl::receive_row(const StockRow& row, std::string reason, const Actor& actor) {
  Move m{MovementKind::kReceived, row.lot, row.location, row.quantity, std::nullopt, "", std::move(reason)};
  m.quarantined = row.quarantined;
  if (row.quantity > 0) TRY(move(m, actor));
  if (row.blocked && ledger_.find(row.lot.drug, row.lot.lot, row.location)) {
    TRY(ledger_.set_blocked(row.lot.drug, row.lot.lot, row.location, true));
    touch_stock(row.lot.drug, row.lot.lot, row.location);
  }
  return Status();
}

void Pharmacy::Impl::record_opening_balances() {
  for (const StockProjection& p : ledger_.rows()) {
    if (p.row.quantity == 0) continue;
    StockMovement mv{++movements_last_id_, sched_.now(), MovementKind::kAdjusted, p.row.lot, p.row.location,
                     p.row.quantity, p.row.quantity, std::nullopt, "", "system", "opening balance"};
    emit("stock.adjusted", Actor{"system", ""}, std::nullopt, movement_json(mv, config_.zone));
    pending_movements_.push_back(std::move(mv));
  }
}

const StockTask& Pharmacy::Impl::open_task(StockTask task, const Actor& actor) {
  task.id = tasks_.empty() ? 1 : tasks_.rbegin()->first + 1;
  task.state = TaskState::kOpen;
  task.opened_at = sched_.now();
  task.closed_at.reset();
  task.closed_by.clear();
  task.done_quantity = 0;
  const StockTask& t = tasks_[task.id] = std::move(task);
  nlohmann::json doc = task_json(t, config_.zone);
  set_meta(fmt::format("{}{}", kTaskPrefix, t.id), doc.dump());
  emit("task.opened", actor, std::nullopt, std::move(doc));
  return t;
}

Status Pharmacy::Impl::update_task(long long id, TaskState state, int done_quantity, const Actor& actor) {
  auto it = tasks_.find(id);
  if (it == tasks_.end()) return Status::not_found(fmt::format("no task {}", id));
  StockTask& t = it->second;
  if (t.state != TaskState::kOpen) {
    return Status::conflict(fmt::format("task {} is already {}", id, task_state_name(t.state)));
  }
  if (done_quantity < 0) return Status::invalid(fmt::format("task {}: {} packs done", id, done_quantity), "quantity");
  t.done_quantity = done_quantity;
  t.state = state;
  if (state != TaskState::kOpen) {
    t.closed_at = sched_.now();
    t.closed_by = actor.label();
  }
  nlohmann::json doc = task_json(t, config_.zone);
  set_meta(fmt::format("{}{}", kTaskPrefix, t.id), doc.dump());
  emit(state == TaskState::kOpen ? "task.progress" : fmt::format("task.{}", task_state_name(state)), actor,
       std::nullopt, std::move(doc));
  return Status();
}

bool Pharmacy::Impl::is_task_row(const MetaRow& row) { return row.key.starts_with(kTaskPrefix); }

Status Pharmacy::Impl::load_task(const MetaRow& row) {
  auto doc = nlohmann::json::parse(row.value, nullptr, false);
  if (doc.is_discarded()) return Status::internal(fmt::format("stored {} is not JSON", row.key));
  Result<StockTask> task = task_from_json(doc, config_.zone);
  if (!task.ok()) return Status::internal(fmt::format("stored {}: {}", row.key, task.status().message()));
  tasks_[task->id] = std::move(task).value();
  return Status();
}

Result<std::vector<StockMovement>> Pharmacy::movements(const MovementQuery& query) const {
  return impl_->store_.movements(query);
}

Result<int> Pharmacy::on_hand_at(const DrugCode& drug, const LotNo& lot, const LocationCode& location,
                                 Instant at) const {
  return impl_->store_.on_hand_at(drug, lot, location, at);
}

std::vector<StockTask> Pharmacy::tasks(std::optional<TaskKind> kind, std::optional<TaskState> state) const {
  std::vector<StockTask> out;
  for (const auto& [id, t] : impl_->tasks_) {
    if ((!kind || t.kind == *kind) && (!state || t.state == *state)) out.push_back(t);
  }
  return out;
}

}  // namespace rx
