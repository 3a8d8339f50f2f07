// Expired lots are blocked the moment they expire, and recalled lots when the
// recall starts; either way their packs leave the shelves through removal
// tasks, and packs of them on their way to a patient are taken back.
#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "inventory/expiry.h"
#include "service/pharmacy_impl.h"

namespace rx {
namespace {

const Actor kSystem{"system", "rxpress"};
constexpr std::string_view kRecallPrefix = "recall:";
constexpr std::string_view kExpired = "expired";
constexpr std::string_view kRecall = "recall";
// A steady-clock timer can outlast a forward jump of the wall clock, so the
// timer wakes at least this often on the day a lot expires to look again.
constexpr Duration kExpiryRecheck{10 * 60 * 1000};

std::vector<StockRow> rows_of(const StockLedger& ledger) {
  std::vector<StockRow> rows;
  for (const StockProjection& p : ledger.rows()) rows.push_back(p.row);
  return rows;
}

bool same_lot(const DrugCode& drug, const LotNo& lot, const DrugCode& d, const LotNo& l) {
  return drug == d && lot == l;
}

}  // namespace

// --- The expiry watch. ---

void Pharmacy::Impl::post_expiry_check() {
  if (expiry_check_posted_) return;
  expiry_check_posted_ = true;
  sched_.post([this] { check_expiry(); });
}

void Pharmacy::Impl::restart_expiry_watch() {
  recalls_.clear();
  ++expiry_timer_gen_;
  expiry_timer_at_.reset();
  expiry_day_ = Date{};
  post_expiry_check();
}

void Pharmacy::Impl::note_expiry_day(Instant at) {
  if (config_.zone.local_date(at) != expiry_day_) post_expiry_check();
}

void Pharmacy::Impl::note_stock_added(const Lot& lot, const LocationCode& location) {
  const StockProjection* row = ledger_.find(lot.drug, lot.lot, location);
  if (row == nullptr || row->row.quarantined || row->row.blocked) return;
  bool recalled = recalls_.count({lot.drug.value(), lot.lot.value()}) > 0;
  if (recalled || lot.expiry <= config_.zone.local_date(sched_.now())) post_expiry_check();
}

void Pharmacy::Impl::check_expiry() {
  expiry_check_posted_ = false;
  Instant now = sched_.now();
  expiry_day_ = config_.zone.local_date(now);
  std::vector<StockRow> rows = rows_of(ledger_);
  std::set<std::pair<std::string, std::string>> expired;
  for (const StockRow& row : expired_unblocked(rows, config_.zone, now)) {
    expired.emplace(row.lot.drug.value(), row.lot.lot.value());
  }
  for (const auto& [drug, lot] : expired) {
    spdlog::info("lot {} of {} has expired: blocked", lot, drug);
    block_lot(DrugCode(drug), LotNo(lot), std::string(kExpired), kSystem);
    // Packs still to be picked stay planned: verification quarantines an
    // expired pack as it comes out, and the line is picked again.
    withdraw_lot(DrugCode(drug), LotNo(lot), std::string(kExpired), false, kSystem);
  }
  // Packs of a recalled lot that came back to a shelf since.
  for (const auto& [key, recall] : recalls_) {
    bool unblocked = std::any_of(rows.begin(), rows.end(), [&](const StockRow& r) {
      return same_lot(r.lot.drug, r.lot.lot, recall.drug, recall.lot) && !r.blocked && !r.quarantined;
    });
    if (unblocked) block_lot(recall.drug, recall.lot, std::string(kRecall), kSystem);
  }
  arm_expiry_timer();
}

void Pharmacy::Impl::arm_expiry_timer() {
  Instant now = sched_.now();
  std::optional<Instant> next = next_expiry(rows_of(ledger_), config_.zone);
  // Only today's expiries get a timer: the first event of a later day looks
  // again (note_expiry_day), so that an idle pharmacy holds no timer for days.
  if (!next || *next > config_.zone.end_of_day(expiry_day_)) {
    ++expiry_timer_gen_;
    expiry_timer_at_.reset();
    return;
  }
  if (expiry_timer_at_ == next) return;
  expiry_timer_at_ = next;
  uint64_t gen = ++expiry_timer_gen_;
  sched_.schedule_at(std::min(*next, now + kExpiryRecheck), [this, gen] {
    if (gen != expiry_timer_gen_) return;
    expiry_timer_at_.reset();
    check_expiry();
  });
}

// --- Blocking and taking back. ---

void Pharmacy::Impl::block_lot(const DrugCode& drug, const LotNo& lot, const std::string& reason,
                               const Actor& actor) {
  for (const StockProjection& p : ledger_.rows_for(drug)) {
    const StockRow& row = p.row;
    if (row.lot.lot != lot || row.quarantined) continue;
    if (!row.blocked) {
      Status s = ledger_.set_blocked(drug, lot, row.location, true);
      if (!s.ok()) {
        spdlog::error("blocking {} {} at {}: {}", drug.value(), lot.value(), row.location.value(), s.message());
        continue;
      }
      touch_stock(drug, lot, row.location);
      emit("stock.blocked", actor, std::nullopt,
           {{"drug", drug.value()},
            {"lot", lot.value()},
            {"expiry", format_date(row.lot.expiry)},
            {"location", row.location.value()},
            {"quantity", row.quantity},
            {"reason", reason}});
    }
    if (row.quantity == 0) continue;
    bool open = std::any_of(tasks_.begin(), tasks_.end(), [&](const auto& entry) {
      const StockTask& t = entry.second;
      return t.kind == TaskKind::kRemove && t.state == TaskState::kOpen && t.drug == drug && t.lot == lot &&
             t.location == row.location;
    });
    if (open) continue;
    StockTask task;
    task.kind = TaskKind::kRemove;
    task.drug = drug;
    task.lot = lot;
    task.location = row.location;
    task.quantity = row.quantity;
    task.reason = reason;
    open_task(std::move(task), actor);
  }
}

void Pharmacy::Impl::withdraw_lot(const DrugCode& drug, const LotNo& lot, const std::string& reason, bool cancel_jobs,
                                  const Actor& actor) {
  std::set<long long> affected;
  if (cancel_jobs) {
    std::vector<uint64_t> picking_lot;
    for (const auto& [job_id, job] : jobs_) {
      if (std::any_of(job.lines.begin(), job.lines.end(),
                      [&](const PickLine& l) { return same_lot(l.drug, l.lot, drug, lot); })) {
        picking_lot.push_back(job_id);
      }
    }
    for (uint64_t job_id : picking_lot) {
      OpenJob job = std::move(*jobs_.take(job_id));
      --device_jobs_[job.kind];
      PrescriptionRecord& r = *records_.at(job.rx.value());
      std::erase(r.jobs, job_id);
      touch(r);
      emit("device.job_cancelled", kSystem, r.id, {{"job", job_id}, {"reason", reason}});
      // Packs the job has not put out are no longer held for it.
      for (const PickLine& line : job.lines) {
        long long out = std::count_if(r.packs.begin(), r.packs.end(), [&](const DispensedPack& p) {
          return p.item == line.item && p.pack.lot == line.lot && p.location == line.location;
        });
        int not_out = std::max(0, line.packs - static_cast<int>(out));
        if (not_out == 0) continue;
        (void)ledger_.release(line.drug, line.lot, line.location, not_out);
        touch_stock(line.drug, line.lot, line.location);
      }
      Device* device = devices_.count(job.kind) ? devices_.at(job.kind) : nullptr;
      cancelled_jobs_[job_id] = std::move(job);
      if (device) after_commit([device, job_id] { device->cancel(job_id); });
      affected.insert(r.id.value());
    }
  }
  for (auto& [id, record] : records_) {
    PrescriptionRecord& r = *record;
    if (is_final(r.status)) continue;
    for (DispensedPack& p : r.packs) {
      if (!p.verified || !same_lot(p.pack.drug, p.pack.lot, drug, lot)) continue;
      p.verified = false;
      p.verification = fmt::format("taken back: lot {}", reason);
      Move to_bin{MovementKind::kQuarantined, Lot{drug, lot, p.pack.expiry}, kQuarantineLocation, 1, r.id,
                  p.pack.serial, reason, true};
      Status s = move(to_bin, actor);
      if (!s.ok()) spdlog::error("quarantine of {} taken back: {}", p.pack.code, s.message());
      emit("pack.withdrawn", actor, r.id,
           {{"item", p.item},
            {"code", p.pack.code},
            {"drug", drug.value()},
            {"lot", lot.value()},
            {"location", p.location.value()},
            {"reason", reason}});
      affected.insert(id);
    }
  }
  for (long long id : affected) {
    PrescriptionRecord& r = *records_.at(id);
    touch(r);
    if (r.status == RxStatus::kDispensing) {
      // Once its last job has ended the packs it lacks are picked again.
      if (r.jobs.empty()) maybe_ready(r);
      continue;
    }
    if (r.status == RxStatus::kReady || r.status == RxStatus::kAccepted) {
      spdlog::warn("prescription {}: packs of lot {} taken back ({}), picked again", id, lot.value(), reason);
      shrink_plan_to_verified(r);
      set_status(r, RxStatus::kAccepted);
      awaiting_dispatch_.insert(id);
    }
  }
  post_dispatch();
}

// --- Recalls. ---

bool Pharmacy::Impl::is_recall_row(const MetaRow& row) { return row.key.starts_with(kRecallPrefix); }

Status Pharmacy::Impl::load_recall(const MetaRow& row) {
  auto doc = nlohmann::json::parse(row.value, nullptr, false);
  auto text = [&](const char* key) -> Result<std::string> {
    if (!doc.is_object() || !doc.contains(key) || !doc[key].is_string()) {
      return Status::internal(fmt::format("stored {}: '{}' is not text", row.key, key));
    }
    return doc[key].get<std::string>();
  };
  LotRecall recall;
  recall.drug = DrugCode(TRY(text("drug")));
  recall.lot = LotNo(TRY(text("lot")));
  recall.reason = TRY(text("reason"));
  recall.actor = TRY(text("actor"));
  auto at = parse_instant(TRY(text("at")), Zone::utc());
  if (!at.ok()) return Status::internal(fmt::format("stored {}: {}", row.key, at.status().message()));
  recall.at = *at;
  recalls_[{recall.drug.value(), recall.lot.value()}] = std::move(recall);
  return Status();
}

void Pharmacy::recall(std::optional<DrugCode> drug, LotNo lot, std::string reason, const Actor& actor,
                      std::function<void(Status)> done) {
  auto& im = *impl_;
  auto refuse = [&](Status s) { scheduler_.post([done, s = std::move(s)] { done(s); }); };
  if (lot.value().empty()) return refuse(Status::invalid("a recall names the lot number", "lot"));
  if (reason.empty()) return refuse(Status::invalid("a recall gives its reason", "reason"));
  if (drug) {
    const Drug* known = formulary_.resolve(drug->value());
    if (known == nullptr) {
      return refuse(Status::invalid(fmt::format("'{}' is not a formulary drug", drug->value()), "drug"));
    }
    drug = known->code;
  }
  std::set<std::string> drugs;
  for (const StockProjection& p : im.ledger_.rows()) {
    if (p.row.lot.lot == lot && (!drug || p.row.lot.drug == *drug)) drugs.insert(p.row.lot.drug.value());
  }
  if (drugs.empty()) {
    return refuse(Status::not_found(fmt::format("no stock of lot '{}'{} is on record", lot.value(),
                                                drug ? fmt::format(" of {}", drug->value()) : "")));
  }
  for (const std::string& code : drugs) {
    DrugCode d(code);
    auto key = std::make_pair(code, lot.value());
    if (im.recalls_.count(key) == 0) {
      LotRecall rc{d, lot, reason, scheduler_.now(), actor.label()};
      im.set_meta(fmt::format("{}{}/{}", kRecallPrefix, code, lot.value()),
                  nlohmann::json{{"drug", code},
                                 {"lot", lot.value()},
                                 {"reason", reason},
                                 {"at", format_instant(rc.at)},
                                 {"actor", rc.actor}}
                      .dump());
      im.recalls_[key] = std::move(rc);
      spdlog::warn("lot {} of {} recalled: {}", lot.value(), code, reason);
      im.emit("stock.recalled", actor, std::nullopt, {{"drug", code}, {"lot", lot.value()}, {"reason", reason}});
    }
    im.block_lot(d, lot, std::string(kRecall), actor);
    im.withdraw_lot(d, lot, std::string(kRecall), true, actor);
  }
  im.after_commit([done] { done(Status()); }, [done](const Status& s) { done(s); });
}

Result<RecallReport> Pharmacy::recall_report(const LotNo& lot, const std::optional<DrugCode>& drug) const {
  if (lot.value().empty()) return Status::invalid("the report names the lot number", "lot");
  const auto& im = *impl_;
  RecallReport report;
  report.lot = lot;
  report.drug = drug;
  // Who received the lot comes from the ledger, which keeps every pack that
  // left a shelf; the record says which of those packs reached the patient.
  // Read from the ledger's index alone: a few milliseconds at a million movements.
  std::vector<LotDispensing> received = TRY(im.store_.dispensed_of_lot(lot, drug));
  std::set<long long> ids;
  for (const LotDispensing& d : received) ids.insert(d.prescription.value());
  for (long long id : ids) {
    auto it = im.records_.find(id);
    if (it == im.records_.end()) continue;
    const PrescriptionRecord& r = *it->second;
    // A cancelled prescription's packs went back to stock; a rejected one had none out.
    if (r.status == RxStatus::kCancelled || r.status == RxStatus::kRejected) continue;
    std::map<std::string, RecallRecipient> by_drug;
    for (const DispensedPack& p : r.packs) {
      if (!p.verified || p.pack.lot != lot || (drug && p.pack.drug != *drug)) continue;
      RecallRecipient& entry = by_drug[p.pack.drug.value()];
      entry.drug = p.pack.drug;
      entry.packs += 1;
      entry.codes.push_back(p.pack.code);
    }
    for (auto& [code, entry] : by_drug) {
      entry.prescription_id = r.id;
      entry.prescription_no = r.rx.prescription_no;
      entry.patient_id = r.rx.patient.id;
      entry.status = r.status;
      entry.handed_over_at = r.handed_over_at;
      entry.window = r.window;
      report.dispensed.push_back(std::move(entry));
    }
  }
  bool any_row = false;
  bool all_blocked = true;
  for (const StockProjection& p : im.ledger_.rows()) {
    if (p.row.lot.lot != lot || (drug && p.row.lot.drug != *drug) || p.row.quarantined) continue;
    any_row = true;
    all_blocked = all_blocked && p.row.blocked;
  }
  report.blocked = any_row && all_blocked;
  for (const auto& [key, recall] : im.recalls_) {
    if (recall.lot == lot && (!drug || recall.drug == *drug)) report.recalls.push_back(recall);
  }
  for (const auto& [id, t] : im.tasks_) {
    if (t.kind == TaskKind::kRemove && t.lot == lot && (!drug || t.drug == *drug)) report.tasks.push_back(t);
  }
  return report;
}

Result<std::vector<StockRow>> Pharmacy::near_expiry(int within_days) const {
  return rx::near_expiry(rows_of(impl_->ledger_), config_.zone.local_date(scheduler_.now()), within_days);
}

}  // namespace rx
