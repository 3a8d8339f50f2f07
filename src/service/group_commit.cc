// Group commit: everything that changes in one turn of the loop is written in
// one transaction, and only then are callers answered and devices told. This
// is what makes an acknowledgement mean "stored", at thousands of requests a
// second with synchronous=FULL.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "service/pharmacy_impl.h"
#include "service/record_codec.h"
#include "verification/pack_match.h"

namespace rx {

void Pharmacy::Impl::emit(std::string type, const Actor& actor, std::optional<PrescriptionId> id,
                          nlohmann::json payload) {
  emit_text(std::move(type), actor, id, payload.is_null() ? "{}" : payload.dump());
}

void Pharmacy::Impl::emit_text(std::string type, const Actor& actor, std::optional<PrescriptionId> id,
                               std::string payload) {
  Event e;
  e.seq = EventSeq(++last_seq_);
  e.at = sched_.now();
  e.type = std::move(type);
  e.actor = actor.label();
  e.prescription = id;
  e.payload = std::move(payload);
  queue_event(std::move(e));
}

void Pharmacy::Impl::queue_event(Event e) {
  note_expiry_day(e.at);
  pending_events_.push_back(std::move(e));
  if (!flush_posted_) {
    flush_posted_ = true;
    sched_.post([this] { flush(); });
  }
}

void Pharmacy::Impl::after_commit(std::function<void()> fn, std::function<void(const Status&)> fail) {
  on_commit_.push_back(std::move(fn));
  if (fail) on_fail_.push_back(std::move(fail));
  if (!flush_posted_) {
    flush_posted_ = true;
    sched_.post([this] { flush(); });
  }
}

namespace {

PrescriptionRow record_row(const PrescriptionRecord& r, Instant updated_at, std::string document) {
  return PrescriptionRow{r.id, r.rx.prescription_no, std::string(rx_status_name(r.status)), r.rx.patient.id.value(),
                         updated_at, std::move(document)};
}

// A record as it stood at the hand-over, and the part of its document that
// its prescription gives, shared with its other writes.
struct RecordSnapshot {
  PrescriptionRecord record;
  Instant updated_at{};  // the end of the last turn that changed it
  std::shared_ptr<std::optional<PrescriptionPart>> rx_part;
};

// One deferred write, run by the background writer: everything in it is a
// snapshot the service no longer touches, but for the records' prescription
// parts, which only this thread reads or fills. The records are copied as
// they stood at the hand-over and serialised on the writer's thread.
struct DeferredWrite {
  Status write_records() {
    batch.prescriptions.reserve(records.size());
    for (const auto& [r, updated_at, rx_part] : records) {
      try {
        if (!*rx_part) *rx_part = prescription_part(r.rx, zone);
        batch.prescriptions.push_back(record_row(r, updated_at, record_document(r, **rx_part, zone)));
      } catch (const nlohmann::json::exception& e) {
        // Text that is not UTF-8: the record cannot be stored as JSON.
        return Status::internal(
            fmt::format("prescription {} ({}) cannot be written as JSON: {}", r.id.value(), r.rx.prescription_no,
                        e.what()));
      }
    }
    return Status();
  }

  Batch batch;  // all but the prescriptions
  std::vector<RecordSnapshot> records;
  Zone zone;
  Instant handed_over_at{};
  long long first_seq = 0;

  Status operator()(Store& store) {
    Status s = write_records();
    if (s.ok()) s = store.commit(batch);
    if (s.ok()) return s;
    return Status::unavailable(
        fmt::format("the changes held back until {} ({} events from seq {}) could not be stored, so the service is "
                    "ahead of its store: {}",
                    format_instant(handed_over_at), batch.events.size(), first_seq, s.message()));
  }
};

}  // namespace

void Pharmacy::Impl::flush() {
  flush_posted_ = false;
  auto commits = std::move(on_commit_);
  auto fails = std::move(on_fail_);
  auto ids = std::move(dirty_records_);
  auto stock = std::move(dirty_stock_);
  auto meta = std::move(dirty_meta_);
  auto events = std::move(pending_events_);
  auto outbox = std::move(dirty_outbox_);
  auto movements = std::move(pending_movements_);
  bool screen_changed = screen_dirty_;
  on_commit_.clear();
  on_fail_.clear();
  dirty_records_.clear();
  dirty_stock_.clear();
  dirty_meta_.clear();
  pending_events_.clear();
  dirty_outbox_.clear();
  pending_movements_.clear();
  screen_dirty_ = false;

  if (config_.deferred_commit) {
    // The turn ends now, as if committed; its rows join the held-back ones.
    if (deferred_failure_.ok()) {
      const Instant now = sched_.now();
      for (long long id : ids) held_.records[id] = now;
      held_.stock.insert(stock.begin(), stock.end());
      for (auto& [k, v] : meta) held_.meta[k] = std::move(v);
      for (auto& o : outbox) held_.outbox[o.id] = std::move(o);
      held_.events.insert(held_.events.end(), std::make_move_iterator(events.begin()),
                          std::make_move_iterator(events.end()));
      held_.movements.insert(held_.movements.end(), movements.begin(), movements.end());
      // A failure is reported to config_.deferred_commit->on_failure. The
      // first turn (open's) is waited for, so that open() knows it is stored.
      if (!next_write_at_) {
        (void)write_deferred();
        next_write_at_ = now + config_.deferred_commit->every;
      } else if (now >= *next_write_at_) {
        (void)hand_over_deferred();
        next_write_at_ = now + config_.deferred_commit->every;
      }
    }
  } else {
    Batch batch;
    batch.events = std::move(events);
    for (long long id : ids) {
      const PrescriptionRecord& r = *records_.at(id);
      batch.prescriptions.push_back(record_row(r, sched_.now(), record_document(r, config_.zone)));
    }
    for (const auto& [drug, lot, loc] : stock) {
      if (const StockProjection* p = ledger_.find(DrugCode(drug), LotNo(lot), LocationCode(loc))) {
        batch.stock.push_back(*p);
      }
    }
    for (auto& [k, v] : meta) batch.meta.push_back(MetaRow{k, std::move(v)});
    batch.outbox = std::move(outbox);
    batch.movements = std::move(movements);

    Status s = batch.empty() ? Status() : store_.commit(batch);
    if (!s.ok()) {
      // Nothing of this turn is stored: forget it in memory too, so that what
      // the service shows is exactly what is durable.
      spdlog::error("commit of {} events failed: {}", batch.events.size(), s.to_string());
      Status reload = load();
      if (!reload.ok()) spdlog::critical("reloading state after a failed commit failed: {}", reload.to_string());
      Status failure = Status::unavailable("the change could not be stored: " + s.message());
      for (auto& f : fails) f(failure);
      return;
    }
    committed_seq_ = last_seq_;
    movements = std::move(batch.movements);  // the devices hear of them below
  }
  tell_devices(movements);
  publish_after_commit(ids, screen_changed);
  for (auto& fn : commits) fn();
}

Status Pharmacy::Impl::hand_over_deferred() {
  if (!deferred_failure_.ok()) return deferred_failure_;
  if (held_.empty()) return Status();
  DeferredWrite write;
  write.zone = config_.zone;
  write.handed_over_at = sched_.now();
  write.first_seq = held_.events.empty() ? handed_seq_ + 1 : held_.events.front().seq.value();
  if (!held_.events.empty()) handed_seq_ = held_.events.back().seq.value();
  write.batch.events = std::move(held_.events);
  write.records.reserve(held_.records.size());
  for (const auto& [id, updated_at] : held_.records) {
    auto& rx_part = rx_parts_[id];
    if (!rx_part) rx_part = std::make_shared<RxPartSlot>();
    write.records.push_back(RecordSnapshot{*records_.at(id), updated_at, rx_part});
  }
  for (const auto& [drug, lot, loc] : held_.stock) {
    if (const StockProjection* p = ledger_.find(DrugCode(drug), LotNo(lot), LocationCode(loc))) {
      write.batch.stock.push_back(*p);
    }
  }
  for (auto& [k, v] : held_.meta) write.batch.meta.push_back(MetaRow{k, std::move(v)});
  for (auto& [id, row] : held_.outbox) write.batch.outbox.push_back(std::move(row));
  write.batch.movements = std::move(held_.movements);
  held_ = HeldBack{};
  return note_deferred_failure(store_.hand_over(std::move(write)));
}

Status Pharmacy::Impl::write_deferred() {
  if (!config_.deferred_commit) return Status();
  TRY(hand_over_deferred());
  TRY(note_deferred_failure(store_.wait_for_writes()));
  committed_seq_ = handed_seq_;
  return Status();
}

Status Pharmacy::Impl::note_deferred_failure(Status failure) {
  if (failure.ok() || !deferred_failure_.ok()) return deferred_failure_;
  deferred_failure_ = std::move(failure);
  spdlog::critical("{}", deferred_failure_.message());
  if (config_.deferred_commit->on_failure) config_.deferred_commit->on_failure(deferred_failure_);
  return deferred_failure_;
}

Status Pharmacy::write_deferred() { return impl_->write_deferred(); }

Status Pharmacy::Impl::load() {
  if (config_.deferred_commit) {
    if (!store_.in_memory()) {
      return Status::invalid(
          "expected an in-memory store with deferred commits, found a durable one: its answers would promise "
          "changes not yet stored",
          "deferred_commit");
    }
    if (config_.deferred_commit->every < Duration::zero()) {
      return Status::invalid(fmt::format("expected an interval of 0 ms or more, found {} ms",
                                         config_.deferred_commit->every.count()),
                             "deferred_commit.every");
    }
  }
  auto state = TRY(store_.load());
  records_.clear();
  by_no_.clear();
  ledger_ = StockLedger();
  jobs_.clear();
  cancelled_jobs_.clear();
  dispensed_codes_.clear();
  device_jobs_.clear();
  awaiting_dispatch_.clear();
  at_pharmacy_.clear();
  std::fill(windows_.begin(), windows_.end(), std::nullopt);
  pending_events_.clear();
  dirty_records_.clear();
  dirty_stock_.clear();
  dirty_meta_.clear();
  rx_parts_.clear();
  last_seq_ = committed_seq_ = handed_seq_ = state.last_seq.value();
  outbox_.assign(state.outbox.begin(), state.outbox.end());
  outbox_last_id_ = state.outbox_last_id;
  dirty_outbox_.clear();
  movements_last_id_ = state.movements_last_id;
  pending_movements_.clear();
  tasks_.clear();
  stocktakes_.clear();
  awaiting_returns_.clear();
  returned_after_handover_.clear();
  next_id_ = 1;
  next_job_id_ = 1;
  queue_numbers_.clear();
  patients_.clear();
  receipts_.clear();
  suspects_.clear();
  robot_deliveries_.clear();
  TRY(reset_cold_chain());

  for (const auto& row : state.prescriptions) {
    nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
    if (doc.is_discarded()) return Status::internal("stored record " + std::to_string(row.id.value()) + " is not JSON");
    auto rec = record_from_json(doc, config_.zone);
    if (!rec.ok()) return rec.status();
    auto ptr = std::make_unique<PrescriptionRecord>(std::move(rec).value());
    by_no_[ptr->rx.prescription_no] = ptr->id.value();
    next_id_ = std::max(next_id_, ptr->id.value() + 1);
    records_[ptr->id.value()] = std::move(ptr);
  }
  ledger_ = TRY(StockLedger::from_rows(state.stock));
  restart_expiry_watch();
  restart_replenishment();
  for (const auto& m : state.meta) {
    if (m.key == "next_job_id") {
      next_job_id_ = std::stoull(m.value);
    } else if (m.key.rfind("queue:", 0) == 0) {
      queue_numbers_[m.key.substr(6)] = std::stoi(m.value);
    } else if (m.key.starts_with(kSuspectPrefix)) {
      TRY(load_suspect(m));
    } else if (is_task_row(m)) {
      TRY(load_task(m));
    } else if (is_recall_row(m)) {
      TRY(load_recall(m));
    } else if (is_robot_delivery_row(m)) {
      TRY(load_robot_delivery(m));
    } else if (is_count_or_return_row(m)) {
      TRY(load_count_or_return(m));
    } else if (is_cold_chain_row(m)) {
      TRY(load_cold_chain(m));
    } else {
      TRY(load_intake_meta(m));
    }
  }
  for (auto& [id, r] : records_) {
    for (const auto& p : r->packs) {
      if (p.verified && r->status != RxStatus::kCancelled) dispensed_codes_.insert(serial_key(p.pack));
    }
    if (r->status == RxStatus::kAccepted &&
        dispatch_trigger_met(config_.policy, DispatchCandidate{r->id, r->paid_at, r->checked_in_at})) {
      awaiting_dispatch_.insert(id);
    }
    if (r->checked_in_at && !is_final(r->status)) at_pharmacy_.insert(id);
    if (r->status == RxStatus::kReady && r->window && *r->window >= 1 &&
        *r->window <= static_cast<int>(windows_.size())) {
      // Called early, the next patient shares the window with the one being
      // served there; the window belongs to whoever was called last.
      auto& holder = windows_[*r->window - 1];
      if (!holder || records_.at(*holder)->called_at < r->called_at) holder = id;
    }
  }
  TRY(load_stock_in(state));
  arm_closing();
  return Status();
}

}  // namespace rx
