// Returns. A pack picked for a prescription that is not handed over (a
// cancel, or a patient who never came) waits, out of stock, to be scanned
// again: re-verified, it goes back to stock; still waiting at closing time, it
// goes to quarantine. A pack brought back after hand-over (退药) never goes
// back to stock: it is quarantined against its prescription and the HIS is
// told, for the refund.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "interop/hl7v2/outbound.h"
#include "inventory/known_location.h"
#include "service/pharmacy_impl.h"
#include "service/stocktake_json.h"
#include "verification/pack_match.h"

namespace rx {
namespace {

constexpr std::string_view kReturnPrefix = "return:";
constexpr std::string_view kRefundPrefix = "refund:";
constexpr std::string_view kStocktakeRowPrefix = "stocktake:";
// The most packs one 退药 may name.
constexpr size_t kMaxReturnScans = 200;

const Actor kClosing{"system", "closing"};

template <class Done>
void fail_later(Scheduler& sched, const Done& done, Status s) {
  sched.post([done, s = std::move(s)] { done(s); });
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

void Pharmacy::Impl::await_return(const PrescriptionRecord& r, const DispensedPack& p, const Actor& actor) {
  AwaitingReturn a{r.id, p.pack, p.location, sched_.now(), "cancelled: " + r.reason};
  std::string key = fmt::format("{}{}:{}", kReturnPrefix, r.id.value(), serial_key(p.pack));
  nlohmann::json doc = awaiting_return_json(a, config_.zone);
  set_meta(key, doc.dump());
  emit("pack.awaiting_return", actor, r.id, std::move(doc));
  awaiting_returns_[key] = std::move(a);
}

bool Pharmacy::Impl::is_count_or_return_row(const MetaRow& row) {
  return row.key.starts_with(kReturnPrefix) || row.key.starts_with(kRefundPrefix) ||
         row.key.starts_with(kStocktakeRowPrefix);
}

Status Pharmacy::Impl::load_count_or_return(const MetaRow& row) {
  if (row.value.empty()) return Status();  // a pack that was returned or quarantined
  auto doc = nlohmann::json::parse(row.value, nullptr, false);
  if (doc.is_discarded()) return Status::internal(fmt::format("stored {} is not JSON", row.key));
  if (row.key.starts_with(kStocktakeRowPrefix)) {
    Stocktake count = TRY(stocktake_from_json(doc, config_.zone));
    stocktakes_[count.id] = std::move(count);
  } else if (row.key.starts_with(kReturnPrefix)) {
    awaiting_returns_[row.key] = TRY(awaiting_return_from_json(doc, config_.zone));
  } else {
    if (!doc.is_array() || !std::all_of(doc.begin(), doc.end(), [](const auto& v) { return v.is_string(); })) {
      return Status::internal(fmt::format("stored {} is not a list of pack serials", row.key));
    }
    auto& keys = returned_after_handover_[std::stoll(row.key.substr(kRefundPrefix.size()))];
    for (const auto& v : doc) keys.insert(v.get<std::string>());
  }
  return Status();
}

void Pharmacy::Impl::arm_closing() {
  if (closing_armed_ || !config_.closing_time) return;
  Instant now = sched_.now();
  Instant midnight = config_.zone.end_of_day(add_days(config_.zone.local_date(now), -1));
  Instant at = midnight + *config_.closing_time;
  if (at <= now) at += std::chrono::hours(24);
  closing_armed_ = true;
  sched_.schedule_at(at, [this] {
    closing_armed_ = false;
    close_day();
    arm_closing();
  });
}

void Pharmacy::Impl::close_day() {
  for (const auto& [key, a] : awaiting_returns_) {
    Move m{MovementKind::kQuarantined, Lot{a.pack.drug, a.pack.lot, a.pack.expiry}, kQuarantineLocation, 1,
           a.prescription, a.pack.serial, "not scanned back by closing time"};
    m.quarantined = true;
    Status s = move(m, kClosing);
    if (!s.ok()) spdlog::error("closing: quarantine of {}: {}", a.pack.code, s.message());
    set_meta(key, "");
  }
  awaiting_returns_.clear();
  // Picked but not collected: the system cancels them, their packs await
  // return until the next closing, and the HIS learns of it (for the refund).
  std::vector<PrescriptionId> not_collected;
  for (const auto& [id, r] : records_) {
    if (r->status == RxStatus::kReady || r->status == RxStatus::kDispensing) not_collected.push_back(r->id);
  }
  const std::string reason = "not collected by closing time";
  for (PrescriptionId id : not_collected) {
    owner_.cancel(id, reason, kClosing, [](Result<const PrescriptionRecord*>) {});
    const PrescriptionRecord* r = get(id);
    if (r == nullptr || r->status != RxStatus::kCancelled) continue;
    enqueue_his(*r,
                [this, r, &reason](const std::string& control_id) {
                  return hl7::write_order_cancellation(r->rx, "NOT_COLLECTED", reason, control_id, sched_.now(),
                                                       config_.zone);
                });
  }
  if (!not_collected.empty()) spdlog::info("closing: {} prescriptions not collected were cancelled", not_collected.size());
}

std::vector<AwaitingReturn> Pharmacy::awaiting_returns() const {
  std::vector<AwaitingReturn> out;
  for (const auto& [key, a] : impl_->awaiting_returns_) out.push_back(a);
  std::stable_sort(out.begin(), out.end(), [](const AwaitingReturn& a, const AwaitingReturn& b) { return a.since < b.since; });
  return out;
}

void Pharmacy::return_pack(const std::string& scan, const std::optional<LocationCode>& location, const Actor& actor,
                           MovementDone done) {
  auto& im = *impl_;
  std::vector<std::string> keys;
  std::vector<AwaitingReturn> awaiting;
  for (const auto& [key, a] : im.awaiting_returns_) {
    keys.push_back(key);
    awaiting.push_back(a);
  }
  Result<size_t> found = match_return(scan, awaiting, config_.zone.local_date(scheduler_.now()), im.ledger_);
  if (!found.ok()) return fail_later(scheduler_, done, found.status());
  const AwaitingReturn& a = awaiting[*found];
  LocationCode target = location.value_or(a.location);
  if (location) {
    auto problem = target == kQuarantineLocation
                       ? std::optional<std::string>("the quarantine bin is not a stock location a pack can go back to")
                       : unknown_location_problem(target, im.ledger_);
    if (problem) return fail_later(scheduler_, done, Status::invalid(*problem, "location"));
  }
  Impl::Move m{MovementKind::kReturned, Lot{a.pack.drug, a.pack.lot, a.pack.expiry}, target, 1, a.prescription,
               a.pack.serial, "scanned back after " + a.reason};
  Status moved = im.move(m, actor);
  if (!moved.ok()) return fail_later(scheduler_, done, Status::invalid(moved.message(), "location"));
  StockMovement movement = im.pending_movements_.back();
  im.set_meta(keys[*found], "");
  im.awaiting_returns_.erase(keys[*found]);
  im.after_commit([done, movement] { done(movement); }, [done](const Status& s) { done(s); });
  // Prescriptions that waited for this stock can be planned again.
  im.post_dispatch();
}

void Pharmacy::return_after_handover(PrescriptionId id, const std::vector<std::string>& scans, std::string reason,
                                     const Actor& actor, RecordDone done) {
  auto& im = *impl_;
  PrescriptionRecord* r = im.get(id);
  if (!r) return im.reply_error(Status::not_found(fmt::format("there is no prescription with id '{}'", id.value())), done);
  if (blank(reason)) return im.reply_error(Status::invalid("a return needs a reason", "reason"), done);
  if (scans.empty() || scans.size() > kMaxReturnScans) {
    return im.reply_error(
        Status::invalid(fmt::format("scan from 1 to {} packs; got {}", kMaxReturnScans, scans.size()), "scans"), done);
  }
  if (r->status != RxStatus::kHandedOver) {
    return im.reply_error(
        Status::conflict(fmt::format("prescription {} is {}; only packs handed over come back as a return (退药)",
                                     id.value(), rx_status_name(r->status))),
        done);
  }
  std::vector<const DispensedPack*> handed;
  std::vector<Pack> packs;
  for (const auto& p : r->packs) {
    if (!p.verified) continue;
    handed.push_back(&p);
    packs.push_back(p.pack);
  }
  std::set<std::string> returned = im.returned_after_handover_[id.value()];
  std::vector<const DispensedPack*> back;
  StockLedger trial = im.ledger_;
  for (size_t i = 0; i < scans.size(); ++i) {
    std::string field = fmt::format("scans[{}]", i);
    Result<PackCode> code = parse_pack_code(scans[i]);
    if (!code.ok()) return im.reply_error(Status::invalid(code.status().message(), field).with_reason("BAD_CODE"), done);
    std::optional<size_t> at = find_pack(*code, packs);
    if (!at) {
      return im.reply_error(
          Status::invalid(fmt::format("the pack scanned is not one handed over with prescription {}", id.value()),
                          field)
              .with_reason("NOT_THIS_PRESCRIPTION"),
          done);
    }
    const DispensedPack& p = *handed[*at];
    if (!returned.insert(serial_key(p.pack)).second) {
      return im.reply_error(
          Status::invalid(fmt::format("the pack with serial '{}' was already returned", p.pack.serial), field)
              .with_reason("ALREADY_RETURNED"),
          done);
    }
    Status fits = trial.receive(StockRow{Lot{p.pack.drug, p.pack.lot, p.pack.expiry}, kQuarantineLocation, 1, true});
    if (!fits.ok()) return im.reply_error(Status::conflict(fmt::format("{}: {}", field, fits.message())), done);
    back.push_back(&p);
  }

  nlohmann::json codes = nlohmann::json::array();
  hl7::DispenseReport report;
  report.rx = r->rx;
  report.handed_over_at = scheduler_.now();
  report.window = r->window.value_or(0);
  report.pharmacist = actor.name;
  for (size_t i = 0; i < r->rx.items.size(); ++i) report.lines.push_back(hl7::DispensedLine{r->rx.items[i], {}});
  for (const DispensedPack* p : back) {
    Impl::Move m{MovementKind::kQuarantined, Lot{p->pack.drug, p->pack.lot, p->pack.expiry}, kQuarantineLocation, 1,
                 id, p->pack.serial, "退药: " + reason};
    m.quarantined = true;
    Status s = im.move(m, actor);
    if (!s.ok()) spdlog::error("return of {} after hand-over: {}", p->pack.code, s.message());
    codes.push_back({{"code", p->pack.code}, {"drug", p->pack.drug.value()}, {"lot", p->pack.lot.value()}});
    bool nmpa = p->pack.gtin.empty();
    report.lines[static_cast<size_t>(p->item)].packs.push_back(
        hl7::DispensedPack{p->pack.gtin, p->pack.lot.value(), p->pack.expiry, p->pack.serial,
                           nmpa ? p->pack.code : std::string()});
  }
  std::erase_if(report.lines, [](const hl7::DispensedLine& l) { return l.packs.empty(); });
  im.returned_after_handover_[id.value()] = returned;
  im.set_meta(fmt::format("{}{}", kRefundPrefix, id.value()), nlohmann::json(returned).dump());
  im.emit("prescription.returned", actor, id, {{"packs", std::move(codes)}, {"reason", reason}});
  im.enqueue_his(
      *r,
      [&](const std::string& control_id) {
        return hl7::write_dispense_return(report, reason, control_id, scheduler_.now(), config_.zone);
      });
  im.reply(*r, done);
}

}  // namespace rx
