// Intake and the workflow events: the state machine of contracts.md.
#include "service/pharmacy.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/item_match.h"
#include "interop/json/json_text.h"
#include "interop/json/prescription_json.h"
#include "interop/json/prescription_text.h"
#include "inventory/pack_count.h"
#include "review/review.h"
#include "service/pharmacy_impl.h"
#include "service/record_codec.h"

namespace rx {
namespace {

const Actor kSystem{"system", "rxpress"};

// {"confirm_high_alert","packs":[{"code","lot"}, …],"window"}: the verified
// packs handed over, written without the tree.
std::string handed_over_payload(const PrescriptionRecord& r, int window, bool confirm_high_alert) {
  std::string out;
  out.reserve(64 + 96 * r.packs.size());
  JsonText w(out);
  w.begin_object();
  w.key("confirm_high_alert");
  w.boolean(confirm_high_alert);
  w.key("packs");
  w.begin_array();
  for (const auto& p : r.packs) {
    if (!p.verified) continue;
    w.begin_object();
    w.key("code");
    w.string(p.pack.code);
    w.key("lot");
    w.string(p.pack.lot.value());
    w.end_object();
  }
  w.end_array();
  w.key("window");
  w.integer(window);
  w.end_object();
  return out;
}

// The first finding that makes intake refuse the prescription (contracts.md:
// exactly MAX_ITEMS and UNKNOWN_DRUG; malformed quantities fail earlier).
std::optional<Status> intake_refusal(const std::vector<Finding>& findings) {
  for (const auto& f : findings) {
    if (f.code == "MAX_ITEMS") {
      return Status::invalid(f.message, "items").with_reason("MAX_ITEMS");
    }
    if (f.code == "UNKNOWN_DRUG") {
      std::string field = f.items.empty() ? "items" : fmt::format("items[{}].drug", f.items.front());
      return Status::invalid(f.message, field).with_reason("UNKNOWN_DRUG");
    }
  }
  return std::nullopt;
}

}  // namespace

Pharmacy::Pharmacy(Scheduler& scheduler, Store& store, const Formulary& formulary, PharmacyConfig config)
    : impl_(std::make_unique<Impl>(*this, scheduler, store, formulary, config)),
      scheduler_(scheduler),
      formulary_(formulary),
      config_(std::move(config)) {}

Pharmacy::~Pharmacy() = default;

std::vector<Finding> Pharmacy::review(const Prescription& rx, Instant at) const {
  return review_prescription(rx, formulary_, ReviewContext{at, config_.zone, config_.knowledge.get()});
}

Status Pharmacy::open(const std::vector<StockRow>& initial_stock) {
  TRY(impl_->load());
  if (impl_->last_seq_ == 0 && impl_->ledger_.rows().empty() && !initial_stock.empty()) {
    for (const auto& row : initial_stock) {
      TRY(impl_->receive_row(row, "initial stock", kSystem));
    }
    impl_->flush();
    if (impl_->committed_seq_ != impl_->last_seq_) return Status::unavailable("could not store the initial stock");
  } else if (impl_->movements_last_id_ == 0 && !impl_->ledger_.rows().empty()) {
    impl_->record_opening_balances();
    impl_->flush();
    if (impl_->committed_seq_ != impl_->last_seq_) return Status::unavailable("could not store the opening balances");
  }
  // Devices are attached right after open; resume their work on the loop.
  scheduler_.post([this] { impl_->resume_after_restart(); });
  return Status();
}

void Pharmacy::attach(Device& device) {
  impl_->devices_[device.kind()] = &device;
  device.set_listener(this);
}

PrescriptionRecord* Pharmacy::Impl::get(PrescriptionId id) {
  auto it = records_.find(id.value());
  return it == records_.end() ? nullptr : it->second.get();
}

void Pharmacy::Impl::reply(const PrescriptionRecord& r, const RecordDone& done) {
  const PrescriptionRecord* ptr = &r;
  after_commit([done, ptr] { done(ptr); }, [done](const Status& s) { done(s); });
}

void Pharmacy::Impl::reply_error(Status s, const RecordDone& done) {
  // Answer on the loop, never re-entrantly inside the caller.
  sched_.post([done, s = std::move(s)] { done(s); });
}

void Pharmacy::Impl::set_status(PrescriptionRecord& r, RxStatus s) {
  r.status = s;
  touch(r);
  screen_dirty_ = true;
}

void Pharmacy::Impl::mark_paid(PrescriptionRecord& r, Instant at, const Actor& actor) {
  r.paid_at = at;
  touch(r);
  emit("prescription.paid", actor, r.id, {{"paid_at", format_local(at, config_.zone)}});
}

void Pharmacy::create(Prescription rx, const Actor& actor, CreateDone done) {
  auto& im = *impl_;
  auto existing = im.by_no_.find(rx.prescription_no);
  if (existing != im.by_no_.end()) {
    // Idempotent by prescription number: answer with what is stored, once it is.
    const PrescriptionRecord* rec = im.records_.at(existing->second).get();
    im.after_commit([done, rec] { done(Created{rec, false}); }, [done](const Status& s) { done(s); });
    return;
  }
  for (auto& item : rx.items) {
    if (const Drug* d = formulary_.resolve(item.drug.value())) item.drug = d->code;
  }
  im.merge_stored_allergies(rx);
  if (rx.items.empty()) {
    scheduler_.post([done] { done(Status::invalid("a prescription needs at least one item", "items")); });
    return;
  }
  Instant now = scheduler_.now();
  std::vector<Finding> findings = review(rx, now);
  if (auto refusal = intake_refusal(findings)) {
    scheduler_.post([done, s = std::move(*refusal)] { done(s); });
    return;
  }
  bool high_alert = false;
  for (size_t i = 0; i < rx.items.size(); ++i) {
    const Drug* drug = formulary_.find(rx.items[i].drug);
    auto packs = packs_needed(rx.items[i], *drug);
    if (!packs.ok()) {
      Status s = Status::invalid(packs.status().message(), fmt::format("items[{}].{}", i, packs.status().field()));
      scheduler_.post([done, s = std::move(s)] { done(s); });
      return;
    }
    high_alert = high_alert || drug->high_alert;
  }

  // {"findings": [...], "prescription": {...}}, the prescription written as
  // text before anything is kept, so that a text that cannot be written
  // leaves no record in memory that is not stored.
  nlohmann::json findings_json = nlohmann::json::array();
  for (const auto& f : findings) findings_json.push_back(finding_to_json(f));
  std::string received;
  JsonText w(received);
  w.begin_object();
  w.key("findings");
  w.raw(findings_json.dump());
  w.key("prescription");
  w.raw(prescription_text(rx, config_.zone));
  w.end_object();

  auto rec = std::make_unique<PrescriptionRecord>();
  rec->id = PrescriptionId(im.next_id_++);
  rec->rx = std::move(rx);
  rec->received_at = now;
  rec->findings = std::move(findings);
  rec->high_alert = high_alert;
  PrescriptionRecord& r = *rec;
  im.by_no_[r.rx.prescription_no] = r.id.value();
  im.records_[r.id.value()] = std::move(rec);
  im.emit_text("prescription.received", actor, r.id, std::move(received));
  auto codes = blocking_codes(r.findings);
  if (codes.empty()) {
    im.set_status(r, RxStatus::kAccepted);
    im.emit("prescription.accepted", kSystem, r.id, nlohmann::json::object());
  } else {
    im.set_status(r, RxStatus::kBlocked);
    im.emit("prescription.blocked", kSystem, r.id, {{"codes", codes}});
  }
  if (config_.payment == PaymentMode::kOnReceipt) im.mark_paid(r, now, kSystem);
  im.consider_dispatch(r);
  const PrescriptionRecord* ptr = &r;
  im.after_commit([done, ptr] { done(Created{ptr, true}); }, [done](const Status& s) { done(s); });
}

void Pharmacy::add_items(const std::string& prescription_no, const PatientId& patient, std::vector<Item> items,
                         const Actor& actor, RecordDone done) {
  auto& im = *impl_;
  auto found = im.by_no_.find(prescription_no);
  if (found == im.by_no_.end()) {
    return im.reply_error(Status::not_found(fmt::format("there is no prescription '{}'", prescription_no)), done);
  }
  PrescriptionRecord& r = *im.records_.at(found->second);
  if (r.rx.patient.id != patient) {
    return im.reply_error(Status::conflict(fmt::format("prescription '{}' is for patient '{}', not '{}'",
                                                       prescription_no, r.rx.patient.id.value(), patient.value())),
                          done);
  }
  for (auto& item : items) {
    if (const Drug* d = formulary_.resolve(item.drug.value())) item.drug = d->code;
  }
  // A line the prescription has already is a resend: known by its placer
  // order number, or without one by ordering the same.
  std::erase_if(items, [&r](const Item& item) {
    return std::any_of(r.rx.items.begin(), r.rx.items.end(), [&](const Item& old) {
      return item.placer_order_no.empty() ? orders_the_same(old, item) : old.placer_order_no == item.placer_order_no;
    });
  });
  if (items.empty()) return im.reply(r, done);
  bool open = r.status == RxStatus::kReceived || r.status == RxStatus::kBlocked || r.status == RxStatus::kAccepted;
  if (r.paid_at || !open || !r.plan.empty() || !r.packs.empty()) {
    return im.reply_error(
        Status::conflict(fmt::format("prescription '{}' is {}{}; new lines need a new prescription", prescription_no,
                                     rx_status_name(r.status), r.paid_at ? " and paid" : "")),
        done);
  }
  Prescription merged = r.rx;
  for (auto& item : items) merged.items.push_back(item);
  std::vector<Finding> findings =
      review(merged, scheduler_.now());
  if (auto refusal = intake_refusal(findings)) return im.reply_error(std::move(*refusal), done);
  bool high_alert = r.high_alert;
  for (size_t i = r.rx.items.size(); i < merged.items.size(); ++i) {
    const Drug* drug = formulary_.find(merged.items[i].drug);
    auto packs = packs_needed(merged.items[i], *drug);
    if (!packs.ok()) {
      return im.reply_error(
          Status::invalid(packs.status().message(), fmt::format("items[{}].{}", i, packs.status().field())), done);
    }
    high_alert = high_alert || drug->high_alert;
  }
  size_t first = r.rx.items.size();
  r.rx = std::move(merged);
  im.rx_parts_.erase(r.id.value());
  r.findings = std::move(findings);
  r.high_alert = high_alert;
  nlohmann::json all_items = prescription_to_json(r.rx, config_.zone)["items"];
  nlohmann::json added(all_items.begin() + static_cast<std::ptrdiff_t>(first), all_items.end());
  nlohmann::json findings_json = nlohmann::json::array();
  for (const auto& f : r.findings) findings_json.push_back(finding_to_json(f));
  im.touch(r);
  im.emit("prescription.items_added", actor, r.id,
          {{"items", std::move(added)}, {"findings", std::move(findings_json)}});
  auto codes = blocking_codes(r.findings);
  RxStatus next = codes.empty() ? RxStatus::kAccepted : RxStatus::kBlocked;
  if (next != r.status) {
    im.set_status(r, next);
    if (next == RxStatus::kBlocked) {
      im.emit("prescription.blocked", kSystem, r.id, {{"codes", codes}});
    } else {
      im.emit("prescription.accepted", kSystem, r.id, nlohmann::json::object());
    }
  }
  im.reply(r, done);
}

void Pharmacy::pay(PrescriptionId id, std::optional<Instant> paid_at, const Actor& actor, RecordDone done) {
  auto& im = *impl_;
  PrescriptionRecord* r = im.get(id);
  if (!r) return im.reply_error(Status::not_found("no such prescription"), done);
  if (r->paid_at) return im.reply(*r, done);  // a repeated payment changes nothing
  if (r->status == RxStatus::kRejected || r->status == RxStatus::kCancelled) {
    return im.reply_error(Status::conflict(fmt::format("prescription is {}", rx_status_name(r->status))), done);
  }
  im.mark_paid(*r, paid_at.value_or(scheduler_.now()), actor);
  im.consider_dispatch(*r);
  im.reply(*r, done);
}

void Pharmacy::check_in(PrescriptionId id, const Actor& actor, RecordDone done) {
  auto& im = *impl_;
  PrescriptionRecord* r = im.get(id);
  if (!r) return im.reply_error(Status::not_found("no such prescription"), done);
  if (r->checked_in_at) return im.reply(*r, done);
  if (is_final(r->status)) {
    return im.reply_error(Status::conflict(fmt::format("prescription is {}", rx_status_name(r->status))), done);
  }
  r->checked_in_at = scheduler_.now();
  r->queue_no = im.next_queue_no();
  im.at_pharmacy_.insert(r->id.value());
  im.touch(*r);
  im.screen_dirty_ = true;
  im.emit("prescription.checked_in", actor, r->id, {{"queue_no", *r->queue_no}});
  im.raise_priority(*r);
  im.consider_dispatch(*r);
  im.call_windows();
  im.reply(*r, done);
}

void Pharmacy::override_block(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done) {
  auto& im = *impl_;
  PrescriptionRecord* r = im.get(id);
  if (!r) return im.reply_error(Status::not_found("no such prescription"), done);
  if (reason.empty()) return im.reply_error(Status::invalid("an override needs a reason", "reason"), done);
  // The same override again (a retry after a lost answer) changes nothing.
  // Only an override leaves a reason on a prescription that is neither
  // blocked nor finished otherwise; with a 双签 the stored reason cites it.
  bool overridden = r->status == RxStatus::kAccepted || r->status == RxStatus::kDispensing ||
                    r->status == RxStatus::kReady || r->status == RxStatus::kHandedOver;
  if (overridden && (r->reason == reason || r->reason.starts_with(reason + " (双签: "))) return im.reply(*r, done);
  if (r->status != RxStatus::kBlocked) {
    return im.reply_error(
        Status::conflict(fmt::format("only a blocked prescription can be overridden; it is {}", rx_status_name(r->status))),
        done);
  }
  nlohmann::json payload{{"reason", reason}, {"codes", blocking_codes(r->findings)}};
  if (const auto& c = r->prescriber_confirmation) {
    // 双签: the pharmacist's acceptance cites the prescriber's signature.
    reason = fmt::format("{} (双签: {} {} confirmed: {})", reason, c->prescriber.name, c->prescriber.id, c->reason);
    payload["prescriber_confirmation"] = {{"prescriber", {{"id", c->prescriber.id}, {"name", c->prescriber.name}}},
                                          {"reason", c->reason},
                                          {"at", format_local(c->at, config_.zone)},
                                          {"recorded_by", c->recorded_by}};
  }
  r->reason = reason;
  im.set_status(*r, RxStatus::kAccepted);
  im.emit("prescription.overridden", actor, r->id, std::move(payload));
  im.consider_dispatch(*r);
  im.reply(*r, done);
}

void Pharmacy::reject(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done) {
  auto& im = *impl_;
  PrescriptionRecord* r = im.get(id);
  if (!r) return im.reply_error(Status::not_found("no such prescription"), done);
  if (reason.empty()) return im.reply_error(Status::invalid("a rejection needs a reason", "reason"), done);
  if (r->status == RxStatus::kRejected) return im.reply(*r, done);
  // Once packs have come out, the prescription is being dispensed: it is
  // cancelled (which returns the packs), not rejected.
  if ((r->status != RxStatus::kBlocked && r->status != RxStatus::kAccepted && r->status != RxStatus::kReceived) ||
      !r->packs.empty()) {
    return im.reply_error(Status::conflict(fmt::format("a {} prescription with {} packs out cannot be rejected; "
                                                       "cancel it instead",
                                                       rx_status_name(r->status), r->packs.size())),
                          done);
  }
  r->reason = reason;
  im.awaiting_dispatch_.erase(r->id.value());
  im.set_status(*r, RxStatus::kRejected);
  im.emit("prescription.rejected", actor, r->id, {{"reason", reason}});
  im.enqueue_rejection(*r);
  im.reply(*r, done);
}

void Pharmacy::cancel(PrescriptionId id, std::string reason, const Actor& actor, RecordDone done) {
  auto& im = *impl_;
  PrescriptionRecord* r = im.get(id);
  if (!r) return im.reply_error(Status::not_found("no such prescription"), done);
  if (reason.empty()) return im.reply_error(Status::invalid("a cancellation needs a reason", "reason"), done);
  if (r->status == RxStatus::kCancelled) return im.reply(*r, done);
  if (is_final(r->status)) {
    return im.reply_error(Status::conflict(fmt::format("a {} prescription cannot be cancelled", rx_status_name(r->status))),
                          done);
  }
  r->reason = reason;
  im.awaiting_dispatch_.erase(r->id.value());
  im.release_plan(*r, actor);
  if (!r->packs.empty()) {
    // Packs already out are checked again and put back by hand: the task says which.
    nlohmann::json packs = nlohmann::json::array();
    for (const auto& p : r->packs) {
      packs.push_back({{"code", p.pack.code},
                       {"drug", p.pack.drug.value()},
                       {"lot", p.pack.lot.value()},
                       {"location", p.location.value()},
                       {"verified", p.verified}});
    }
    im.emit("prescription.return_task", actor, r->id, {{"packs", packs}, {"reason", reason}});
  }
  if (r->window) {
    im.leave_window(*r);
    im.call_windows();
  }
  im.set_status(*r, RxStatus::kCancelled);
  im.emit("prescription.cancelled", actor, r->id, {{"reason", reason}});
  im.reply(*r, done);
}

void Pharmacy::hand_over(PrescriptionId id, bool confirm_high_alert, const Actor& actor, RecordDone done) {
  auto& im = *impl_;
  PrescriptionRecord* r = im.get(id);
  if (!r) return im.reply_error(Status::not_found("no such prescription"), done);
  if (r->status == RxStatus::kHandedOver) return im.reply(*r, done);
  if (r->status != RxStatus::kReady) {
    return im.reply_error(Status::conflict(fmt::format("prescription is {}, not ready", rx_status_name(r->status))),
                          done);
  }
  if (!r->checked_in_at) return im.reply_error(Status::conflict("the patient has not checked in"), done);
  if (!r->at_window) return im.reply_error(Status::conflict("the baskets have not reached the window"), done);
  if (r->high_alert && !confirm_high_alert) {
    return im.reply_error(
        Status::conflict("this prescription has a high-alert drug: confirm it explicitly (confirm_high_alert)")
            .with_reason("HIGH_ALERT_CONFIRMATION"),
        done);
  }
  r->handed_over_at = scheduler_.now();
  int window = r->window.value_or(0);
  im.leave_window(*r);
  im.set_status(*r, RxStatus::kHandedOver);
  im.emit_text("prescription.handed_over", actor, r->id, handed_over_payload(*r, window, confirm_high_alert));
  im.enqueue_dispense(*r, actor);
  im.call_windows();
  im.reply(*r, done);
}

void Pharmacy::restock(const std::vector<StockRow>& rows, const Actor& actor, std::function<void(Status)> done) {
  auto& im = *impl_;
  // All rows or none: check them all first.
  if (auto refused = im.ledger_.first_refused(rows)) {
    Status err = Status::invalid(refused->second.message(), fmt::format("rows[{}]", refused->first));
    scheduler_.post([done, err] { done(err); });
    return;
  }
  for (const auto& row : rows) {
    Status s = im.receive_row(row, "restock", actor);
    if (!s.ok()) spdlog::error("restock of {} lot {} at {}: {}", row.lot.drug.value(), row.lot.lot.value(),
                               row.location.value(), s.message());
  }
  im.after_commit([done] { done(Status()); }, [done](const Status& s) { done(s); });
  im.post_dispatch();
}

const PrescriptionRecord* Pharmacy::find(PrescriptionId id) const { return impl_->get(id); }

const PrescriptionRecord* Pharmacy::find_by_no(const std::string& no) const {
  auto it = impl_->by_no_.find(no);
  return it == impl_->by_no_.end() ? nullptr : impl_->records_.at(it->second).get();
}

ListPage Pharmacy::list(const ListQuery& q) const {
  ListPage page;
  size_t limit = std::clamp<size_t>(q.limit, 1, 10000);
  auto matches = [&](const PrescriptionRecord& r) {
    if (q.status && r.status != *q.status) return false;
    if (q.patient_id && r.rx.patient.id.value() != *q.patient_id) return false;
    return true;
  };
  if (q.prescription_no) {
    if (const PrescriptionRecord* r = find_by_no(*q.prescription_no)) {
      if (matches(*r) && (!q.after_id || r->id.value() > *q.after_id)) page.records.push_back(r);
    }
    return page;
  }
  auto it = q.after_id ? impl_->records_.upper_bound(*q.after_id) : impl_->records_.begin();
  for (; it != impl_->records_.end(); ++it) {
    if (!matches(*it->second)) continue;
    if (page.records.size() == limit) {
      page.next = page.records.back()->id.value();
      break;
    }
    page.records.push_back(it->second.get());
  }
  return page;
}

std::vector<StockRow> Pharmacy::stock(const std::optional<DrugCode>& drug) const {
  std::vector<StockRow> out;
  for (const auto& p : impl_->ledger_.rows()) {
    if (!drug || p.row.lot.drug == *drug) out.push_back(p.row);
  }
  return out;
}

Result<std::vector<Event>> Pharmacy::history(PrescriptionId id) const { return impl_->store_.events_for(id); }

std::vector<std::string> Pharmacy::pack_serials() const {
  std::vector<std::string> serials;
  for (const auto& [id, record] : impl_->records_) {
    for (const auto& p : record->packs) serials.push_back(p.pack.serial);
  }
  return serials;
}

int Pharmacy::subscribe(std::function<void(const Notice&)> fn) {
  int h = impl_->next_handle_++;
  impl_->subscribers_[h] = std::move(fn);
  return h;
}

int Pharmacy::subscribe_screen(std::function<void(const ScreenNotice&)> fn) {
  int h = impl_->next_handle_++;
  impl_->screen_subscribers_[h] = std::move(fn);
  return h;
}

void Pharmacy::unsubscribe(int handle) {
  impl_->subscribers_.erase(handle);
  impl_->screen_subscribers_.erase(handle);
}

void Pharmacy::on_pack_out(const PackOut& pack) { impl_->handle_pack_out(pack); }
void Pharmacy::on_job_state(uint64_t job_id, JobState state, const std::string& detail) {
  impl_->handle_job_state(job_id, state, detail);
}
void Pharmacy::on_availability(DeviceKind kind, bool available, const std::string& why) {
  impl_->handle_availability(kind, available, why);
}

}  // namespace rx
