// From an accepted, paid prescription to packs in the ready buffer: FEFO
// plans, device jobs, pack verification (window_calls.cc calls the patient).
#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "interop/json/json_text.h"
#include "inventory/fefo.h"
#include "inventory/pack_count.h"
#include "planning/location_choice.h"
#include "planning/policy.h"
#include "service/pharmacy_impl.h"
#include "service/record_codec.h"
#include "verification/pack_match.h"

namespace rx {
namespace {

const Actor kSystem{"system", "rxpress"};

Actor device_actor(DeviceKind kind) { return Actor{"device", std::string(device_kind_name(kind))}; }

// Packs put out for one line (its item, lot and location); with
// `verified_only`, only those that passed verification.
int packs_from(const PrescriptionRecord& r, int item, const LotNo& lot, const LocationCode& location,
               bool verified_only) {
  int n = 0;
  for (const auto& p : r.packs) {
    if (p.item == item && p.pack.lot == lot && p.location == location && (p.verified || !verified_only)) ++n;
  }
  return n;
}

// {"plan": [{"device","drug","expiry","item","location","lot","packs"}, …]},
// keys in the sorted order of a json object, written without the tree.
std::string dispensing_payload(const std::vector<PlannedLine>& plan) {
  std::string out;
  out.reserve(32 + 160 * plan.size());
  JsonText w(out);
  w.begin_object();
  w.key("plan");
  write_plan_text(w, plan);
  w.end_object();
  return out;
}

// A device job's lines alone on its idle device; 0 if they cannot be timed
// (a location the idle model does not know), which leaves the job due at payment.
Duration idle_time_of(const std::vector<PickLine>& lines, const IdleMachines& machines) {
  std::vector<IdleLine> idle;
  idle.reserve(lines.size());
  for (const auto& l : lines) idle.push_back(IdleLine{l.item, l.location, l.packs, l.cold});
  auto t = idle_job_time(idle, machines);
  return t.ok() ? *t : Duration(0);
}

// {"code","drug","item","location","lot","outcome","verification"} of a pack
// that came out (pack.verified, pack.quarantined), written without the tree.
std::string pack_payload(const DispensedPack& dp, const PackOut& pack, const PickLine& line,
                         std::string_view outcome) {
  std::string out;
  out.reserve(160 + pack.code.size() + dp.verification.size());
  JsonText w(out);
  w.begin_object();
  w.key("code");
  w.string(pack.code);
  w.key("drug");
  w.string(line.drug.value());
  w.key("item");
  w.integer(dp.item);
  w.key("location");
  w.string(pack.location.value());
  w.key("lot");
  w.string(line.lot.value());
  w.key("outcome");
  w.string(outcome);
  w.key("verification");
  w.string(dp.verification);
  w.end_object();
  return out;
}

}  // namespace

int Pharmacy::Impl::next_queue_no() {
  std::string day = format_date(config_.zone.local_date(sched_.now()));
  int n = ++queue_numbers_[day];
  set_meta("queue:" + day, std::to_string(n));
  return n;
}

void Pharmacy::Impl::consider_dispatch(PrescriptionRecord& r) {
  // Only what the policy would start now waits here, so that a dispatch pass
  // never walks the (many) prescriptions that are not yet paid for.
  if (r.status != RxStatus::kAccepted) return;
  if (!dispatch_trigger_met(config_.policy, DispatchCandidate{r.id, r.paid_at, r.checked_in_at})) return;
  awaiting_dispatch_.insert(r.id.value());
  post_dispatch();
}

void Pharmacy::Impl::post_dispatch() {
  if (dispatch_posted_ || awaiting_dispatch_.empty()) return;
  dispatch_posted_ = true;
  sched_.post([this] { run_dispatch(); });
}

void Pharmacy::Impl::run_dispatch() {
  dispatch_posted_ = false;
  std::vector<DispatchCandidate> candidates;
  for (long long id : awaiting_dispatch_) {
    const auto& r = *records_.at(id);
    candidates.push_back(DispatchCandidate{r.id, r.paid_at, r.checked_in_at});
  }
  const Date today = config_.zone.local_date(sched_.now());
  for (PrescriptionId id : dispatch_order(config_.policy, std::move(candidates))) {
    PrescriptionRecord& r = *records_.at(id.value());
    if (r.status != RxStatus::kAccepted) {
      awaiting_dispatch_.erase(id.value());
      failed_plans_.erase(id.value());
      continue;
    }
    if (plan_would_fail_again(r, today)) continue;
    if (plan_and_submit(r)) awaiting_dispatch_.erase(id.value());
  }
}

std::vector<IdleLine> Pharmacy::Impl::lines_left(const OpenJob& job) const {
  std::vector<IdleLine> left;
  auto owner = records_.find(job.rx.value());
  if (owner == records_.end()) return left;
  for (const PickLine& l : job.lines) {
    int not_out = l.packs - packs_from(*owner->second, l.item, l.lot, l.location, false);
    if (not_out > 0) left.push_back(IdleLine{l.item, l.location, not_out, l.cold});
  }
  return left;
}

const DeviceLoad& Pharmacy::Impl::open_jobs_load() {
  return jobs_.load([this](const OpenJob& job) { return lines_left(job); });
}

namespace {

size_t verified_packs(const PrescriptionRecord& r) {
  return static_cast<size_t>(
      std::count_if(r.packs.begin(), r.packs.end(), [](const DispensedPack& p) { return p.verified; }));
}

}  // namespace

PlanInputs Pharmacy::Impl::plan_inputs(const PrescriptionRecord& r, Date today) const {
  PlanInputs in{{}, today, r.rx.items.size(), r.packs.size(), verified_packs(r), {}};
  // A plan reads the rows of its items' drugs only.
  in.drug_versions.reserve(r.rx.items.size());
  for (const Item& item : r.rx.items) in.drug_versions.push_back(ledger_.drug_version(item.drug));
  // Under smart the open jobs only share a lot's packs among its places, so
  // they never make a plan fail.
  if (max_jobs_per_device(config_.policy) > 0) in.device_jobs = device_jobs_;
  return in;
}

bool Pharmacy::Impl::plan_would_fail_again(const PrescriptionRecord& r, Date today) const {
  auto it = failed_plans_.find(r.id.value());
  if (it == failed_plans_.end()) return false;
  return plan_sees_the_same(it->second, plan_inputs(r, today),
                            [this](const LocationCode& location) { return location_usable(location); });
}

bool Pharmacy::Impl::location_usable(const LocationCode& location) const {
  auto kind = device_for_location(location);
  if (!kind || is_suspect(location)) return false;
  auto device = devices_.find(*kind);
  if (device == devices_.end()) return false;
  return device->second->available() && !device->second->location_blocked(location);
}

void Pharmacy::Impl::plan_items(const PrescriptionRecord& r, Date today, const LocationFilter& usable,
                                const LotSplit& split, PlanInLoad* in_load, StockLedger::Trial& trial,
                                std::vector<PlannedLine>& plan, std::vector<std::string>& shortages) {
  for (size_t i = 0; i < r.rx.items.size(); ++i) {
    const Item& item = r.rx.items[i];
    const Drug* drug = formulary_.find(item.drug);
    int verified = static_cast<int>(std::count_if(r.packs.begin(), r.packs.end(), [i](const DispensedPack& p) {
      return p.verified && p.item == static_cast<int>(i);
    }));
    // Packs already verified (before a re-pick or a restart) are delivered.
    int packs = packs_needed(item, *drug).value() - verified;
    if (packs <= 0) continue;
    auto alloc = allocate_fefo(ledger_, drug->code, packs, today, course_end_date(today, item.days), usable, split);
    if (!alloc.ok() || alloc->short_packs > 0) {
      shortages.push_back(fmt::format("{}: {} of {} packs not in usable stock", drug->code.value(),
                                      alloc.ok() ? alloc->short_packs : packs, packs));
      continue;
    }
    for (const auto& pick : alloc->picks) {
      // Reserve now, so that the next item of the same drug sees what is left.
      Status s = ledger_.reserve_trial(pick.drug, pick.lot, pick.location, pick.packs, trial);
      if (!s.ok()) {
        shortages.push_back(fmt::format("{}: {}", drug->code.value(), s.message()));
        break;
      }
      plan.push_back(PlannedLine{static_cast<int>(i), pick.drug, pick.lot, pick.expiry, pick.location,
                                 *device_for_location(pick.location), pick.packs});
      if (in_load != nullptr) in_load->add(IdleLine{static_cast<int>(i), pick.location, pick.packs, false});
    }
  }
}

bool Pharmacy::Impl::plan_and_submit(PrescriptionRecord& r) {
  Instant now = sched_.now();
  Date today = config_.zone.local_date(now);
  // A jammed channel is skipped until it is cleared: the line moves to
  // another channel or device. The answers are kept in case the plan fails.
  FailedPlan seen;
  seen.usable.reserve(32);
  auto usable = [this, &seen](const LocationCode& loc) {
    bool ok = location_usable(loc);
    seen.usable.emplace_back(loc, ok);
    return ok;
  };
  // Under smart, a lot's packs go where they would be ready soonest, given
  // what the devices still have to do for the open jobs (packs not yet out)
  // and for this plan's earlier lines; fifo keeps FEFO's own order.
  PlanInLoad plan_in_load(jobs_);
  LotSplit split;
  if (config_.policy == PolicyKind::kSmart) {
    split = [this, load = &open_jobs_load()](const std::vector<LotPlace>& places, int packs) {
      return choose_locations(places, packs, *load, one_box_times_);
    };
  }
  std::vector<PlannedLine> plan;
  std::vector<std::string> shortages;
  StockLedger::Trial trial;
  // A prescription waiting for stock is first planned in FEFO's own order: a
  // lot gives the same packs wherever they are taken from, so if that plan is
  // short, so is every plan, and the location choice is not worked out for
  // the items that are covered. Arrivals beyond the machines' stock leave
  // many prescriptions waiting, each planned again whenever its drugs change.
  if (split && failed_plans_.count(r.id.value())) {
    plan_items(r, today, usable, {}, nullptr, trial, plan, shortages);
    if (shortages.empty()) {
      ledger_.drop_trial(trial);
      plan.clear();
      seen.usable.clear();  // asked again below
    }
  }
  if (shortages.empty()) plan_items(r, today, usable, split, &plan_in_load, trial, plan, shortages);
  // The plan is dropped: the ledger is as it was, and what the plan saw is
  // kept, so that it is not made again until something of that changes.
  auto fail = [&] {
    ledger_.drop_trial(trial);
    seen.inputs = plan_inputs(r, today);
    failed_plans_.insert_or_assign(r.id.value(), std::move(seen));
    return false;
  };
  if (!shortages.empty()) {
    fail();
    if (shortages != r.shortages) {
      r.shortages = shortages;
      touch(r);
      emit("prescription.shortage", kSystem, r.id, {{"shortages", shortages}});
    }
    return false;
  }
  // Under fifo each device takes one prescription at a time.
  int limit = max_jobs_per_device(config_.policy);
  if (limit > 0) {
    for (const auto& p : plan) {
      if (device_jobs_[p.device] >= limit) return fail();
    }
  }
  for (const auto& p : plan) {
    auto same = std::find_if(r.plan.begin(), r.plan.end(), [&](const PlannedLine& l) {
      return l.item == p.item && l.lot == p.lot && l.location == p.location;
    });
    if (same != r.plan.end()) {
      same->packs += p.packs;
    } else {
      r.plan.push_back(p);
    }
  }
  failed_plans_.erase(r.id.value());
  r.shortages.clear();
  const bool planned_before = r.dispensing_at.has_value();
  r.dispensing_at = now;
  set_status(r, RxStatus::kDispensing);
  for (const auto& p : plan) touch_stock(p.drug, p.lot, p.location);
  emit_text("prescription.dispensing", kSystem, r.id, dispensing_payload(plan));

  std::map<DeviceKind, std::vector<PickLine>> by_device;
  for (const auto& p : plan) {
    const Drug* drug = formulary_.find(p.drug);
    by_device[p.device].push_back(PickLine{p.item, p.drug, drug->gtin, p.lot, p.expiry, p.location, p.packs,
                                           drug->storage == Storage::kCold});
  }
  // The prescription is ready when its slowest job is done, so all its jobs
  // are due by that one (job_due).
  std::map<DeviceKind, Duration> idle;
  Duration slowest{0};
  for (const auto& [kind, lines_for_device] : by_device) {
    idle[kind] = idle_time_of(lines_for_device, config_.machines);
    slowest = std::max(slowest, idle[kind]);
  }
  // The target follows first plans only: planning missing packs again is not
  // another prescription.
  if (!planned_before) readiness_.add(slowest);
  const Instant paid_at = r.paid_at.value_or(now);
  for (auto& [kind, lines_for_device] : by_device) {
    PickJob job;
    job.job_id = next_job_id_++;
    job.prescription = r.id;
    const Duration own = idle.at(kind);
    std::optional<LateWindow> late = late_window(config_.policy, paid_at, readiness_.target(), own);
    job.priority = job_priority(config_.policy, r.checked_in_at.has_value(), late && late->contains(now));
    job.due = job_due(config_.policy, paid_at, slowest, own);
    if (late) arm_late_window(job.job_id, *late);
    job.lines = std::move(lines_for_device);
    r.jobs.push_back(job.job_id);
    jobs_.insert(job.job_id, OpenJob{r.id, kind, job.lines});
    ++device_jobs_[kind];
    Device* device = devices_.at(kind);
    // The device is told only once the plan is durable.
    after_commit([device, job = std::move(job)]() mutable { device->submit(std::move(job)); });
  }
  set_meta("next_job_id", std::to_string(next_job_id_));
  return true;
}

template <class Line>
void Pharmacy::Impl::release_unpicked(const PrescriptionRecord& r, const std::vector<Line>& lines) {
  for (const auto& line : lines) {
    int not_out = std::max(0, line.packs - packs_from(r, line.item, line.lot, line.location, false));
    if (not_out == 0) continue;
    (void)ledger_.release(line.drug, line.lot, line.location, not_out);
    touch_stock(line.drug, line.lot, line.location);
  }
}

void Pharmacy::Impl::shrink_plan_to_verified(PrescriptionRecord& r) {
  for (auto& line : r.plan) line.packs = packs_from(r, line.item, line.lot, line.location, true);
  std::erase_if(r.plan, [](const PlannedLine& l) { return l.packs == 0; });
}

void Pharmacy::Impl::release_plan(PrescriptionRecord& r, const Actor& actor) {
  for (uint64_t job_id : r.jobs) {
    std::optional<OpenJob> job = jobs_.take(job_id);
    if (!job) continue;
    Device* device = devices_.count(job->kind) ? devices_.at(job->kind) : nullptr;
    --device_jobs_[job->kind];
    cancelled_jobs_[job_id] = std::move(*job);
    if (device) after_commit([device, job_id] { device->cancel(job_id); });
  }
  r.jobs.clear();
  // Reservations of packs not yet out go back; packs already out wait to be
  // scanned back into stock (returns.cc).
  release_unpicked(r, r.plan);
  for (const auto& p : r.packs) {
    if (!p.verified) continue;  // quarantined packs stay out of stock
    dispensed_codes_.erase(serial_key(p.pack));
    await_return(r, p, actor);
  }
}

void Pharmacy::Impl::arm_late_window(uint64_t job_id, const LateWindow& late) {
  const Instant now = sched_.now();
  for (Instant at : {late.from, late.until}) {
    if (at > now) sched_.schedule_at(at, [this, job_id, late] { refresh_job_priority(job_id, late); });
  }
}

void Pharmacy::Impl::refresh_job_priority(uint64_t job_id, const LateWindow& late) {
  const OpenJob* job = jobs_.find(job_id);
  const PrescriptionRecord* r = job != nullptr ? get(job->rx) : nullptr;
  if (r == nullptr) return;
  reprioritise_job(job_id, job_priority(config_.policy, r->checked_in_at.has_value(), late.contains(sched_.now())));
}

void Pharmacy::Impl::raise_priority(PrescriptionRecord& r) {
  int priority = job_priority(config_.policy, true);
  for (uint64_t job_id : r.jobs) reprioritise_job(job_id, priority);
}

void Pharmacy::Impl::reprioritise_job(uint64_t job_id, int priority) {
  const OpenJob* job = jobs_.find(job_id);
  if (job != nullptr && devices_.count(job->kind)) devices_.at(job->kind)->reprioritise(job_id, priority);
}

void Pharmacy::Impl::handle_pack_out(const PackOut& pack) {
  const OpenJob* open = jobs_.find(pack.job_id);
  if (open == nullptr) {
    auto cancelled = cancelled_jobs_.find(pack.job_id);
    if (cancelled == cancelled_jobs_.end()) {
      spdlog::error("pack out for unknown job {} at {}", pack.job_id, pack.location.value());
      return;
    }
    // It came out before the device heard of the cancellation: it goes back
    // where it came from, and the trail says so.
    emit("pack.returned", device_actor(cancelled->second.kind), cancelled->second.rx,
         {{"item", pack.item},
          {"code", pack.code},
          {"location", pack.location.value()},
          {"reason", "put out after the prescription was cancelled"}});
    return;
  }
  const OpenJob& job = *open;
  PrescriptionRecord& r = *records_.at(job.rx.value());
  const PickLine* line = nullptr;
  for (const auto& l : job.lines) {
    if (l.item == pack.item && l.location == pack.location) line = &l;
  }
  if (line == nullptr) {
    spdlog::error("job {} put out a pack from {} that it was not asked for", pack.job_id, pack.location.value());
    return;
  }
  Date today = config_.zone.local_date(sched_.now());
  // Matched against the whole plan at that location, counting the packs that
  // passed before, so that a pack beyond a line's count is caught as extra.
  std::vector<PlanLine> lines;
  for (const auto& l : r.plan) {
    lines.push_back(PlanLine{l.item, l.drug, l.lot, l.expiry, l.location, l.packs,
                             packs_from(r, l.item, l.lot, l.location, true)});
  }
  JobMatch match =
      match_packs({Scan{pack.code, pack.location}}, lines, MatchContext{formulary_, today, dispensed_codes_});
  const PackMatch& m = match.packs.front();
  const Actor actor = device_actor(job.kind);
  // The pack has left its location whatever the outcome.
  Status s = move(Move{MovementKind::kDispensed, Lot{line->drug, line->lot, line->expiry}, line->location, -1, r.id,
                       m.pack.serial, ""},
                  actor);
  if (!s.ok()) spdlog::error("stock of {} at {}: {}", line->drug.value(), line->location.value(), s.message());
  bool passed = !m.quarantine();
  std::string verification = passed ? "passed" : fmt::format("{}: {}", pack_outcome_name(m.outcome), m.detail);
  DispensedPack dp{m.line ? lines[*m.line].item : pack.item, m.pack, pack.location, passed, verification};
  if (dp.pack.drug.value().empty()) {
    // Unreadable, or not a formulary drug: the bin holds it as what was planned.
    dp.pack.drug = line->drug;
    dp.pack.lot = line->lot;
    dp.pack.expiry = line->expiry;
  }
  if (dp.pack.lot.value().empty()) dp.pack.lot = line->lot;
  if (!dp.pack.expiry.ok()) dp.pack.expiry = line->expiry;
  for (const auto& key : match.new_serials) dispensed_codes_.insert(key);
  r.packs.push_back(dp);
  // What the prescription's jobs still have to put out is counted from its packs.
  for (uint64_t job_id : r.jobs) jobs_.packs_out_changed(job_id);
  touch(r);
  emit_text(passed ? "pack.verified" : "pack.quarantined", actor, r.id,
            pack_payload(dp, pack, *line, pack_outcome_name(m.outcome)));
  if (!passed) quarantine_pack(dp.pack, actor, r.id);
  for (const auto& location : match.suspect_locations) flag_suspect(location, verification, actor, r.id);
}

void Pharmacy::Impl::handle_job_state(uint64_t job_id, JobState state, const std::string& detail) {
  if (state == JobState::kQueued || state == JobState::kInProcess) return;
  cancelled_jobs_.erase(job_id);
  std::optional<OpenJob> taken = jobs_.take(job_id);
  if (!taken) return;  // cancelled by us
  OpenJob job = std::move(*taken);
  --device_jobs_[job.kind];
  PrescriptionRecord& r = *records_.at(job.rx.value());
  std::erase(r.jobs, job_id);
  touch(r);
  if (state != JobState::kCompleted) {
    spdlog::warn("job {} of prescription {} ended {}: {}", job_id, r.id.value(), job_state_name(state), detail);
    emit("device.job_ended", device_actor(job.kind), r.id,
         {{"job", job_id}, {"state", job_state_name(state)}, {"detail", detail}});
  }
  if (state == JobState::kRejected) {
    // The device refuses these picks as they are: planned again from the same
    // places they would be refused again at once, for ever. The places wait
    // for a technician's check, as a channel that put out a wrong pack does.
    for (const PickLine& line : job.lines) {
      flag_suspect(line.location, fmt::format("the {} refused a pick here: {}", device_kind_name(job.kind), detail),
                   device_actor(job.kind), r.id);
    }
  }
  // Anything the job did not put out is no longer reserved for it.
  release_unpicked(r, job.lines);
  if (r.jobs.empty()) maybe_ready(r);
  post_dispatch();
}

void Pharmacy::Impl::handle_availability(DeviceKind kind, bool available, const std::string& why) {
  emit(available ? "device.available" : "device.offline", device_actor(kind), std::nullopt,
       {{"device", std::string(device_kind_name(kind))}, {"reason", why}});
  if (available) {
    // Prescriptions that waited for its stock can be planned again.
    post_dispatch();
    return;
  }
  // Its jobs move to other devices: each is cancelled there, and once its
  // prescription has no job left the packs not yet out are planned again
  // without this device. A pack it still puts out for a cancelled job is
  // returned to stock, never dispensed twice.
  std::vector<uint64_t> moving;
  for (const auto& [job_id, job] : jobs_) {
    if (job.kind == kind) moving.push_back(job_id);
  }
  Device* device = devices_.count(kind) ? devices_.at(kind) : nullptr;
  for (uint64_t job_id : moving) {
    OpenJob job = std::move(*jobs_.take(job_id));
    --device_jobs_[kind];
    PrescriptionRecord& r = *records_.at(job.rx.value());
    std::erase(r.jobs, job_id);
    touch(r);
    spdlog::warn("job {} of prescription {} moves off offline device {}", job_id, r.id.value(),
                 device_kind_name(kind));
    emit("device.job_moved", device_actor(kind), r.id, {{"job", job_id}, {"reason", why}});
    release_unpicked(r, job.lines);
    cancelled_jobs_[job_id] = std::move(job);
    if (device) after_commit([device, job_id] { device->cancel(job_id); });
    if (r.jobs.empty()) maybe_ready(r);
  }
}

void Pharmacy::Impl::maybe_ready(PrescriptionRecord& r) {
  if (r.status != RxStatus::kDispensing || !r.jobs.empty()) return;
  if (r.packs_verified() < r.packs_planned()) {
    // Some packs failed verification or never came out: pick them again.
    int missing = r.packs_planned() - r.packs_verified();
    spdlog::warn("prescription {}: {} packs to pick again", r.id.value(), missing);
    shrink_plan_to_verified(r);
    set_status(r, RxStatus::kAccepted);
    if (!plan_and_submit(r)) awaiting_dispatch_.insert(r.id.value());
    return;
  }
  r.ready_at = sched_.now();
  set_status(r, RxStatus::kReady);
  emit("prescription.ready", kSystem, r.id, {{"packs", r.packs_verified()}});
  call_windows();
}

void Pharmacy::Impl::resume_after_restart() {
  for (auto& [id, r] : records_) {
    if (r->status == RxStatus::kDispensing) {
      // The devices' queues did not survive the restart: what was not yet out
      // is picked again; nothing already out is picked twice.
      spdlog::info("resuming prescription {} after restart", id);
      release_unpicked(*r, r->plan);
      r->jobs.clear();
      shrink_plan_to_verified(*r);
      set_status(*r, RxStatus::kAccepted);
      awaiting_dispatch_.insert(id);
    }
    if (r->status == RxStatus::kReady && r->window && !r->at_window) schedule_release(r->id, *r->window);
  }
  run_dispatch();
  call_windows();
}

}  // namespace rx
