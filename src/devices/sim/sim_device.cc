#include "devices/sim/sim_device.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <utility>

namespace rx {

SimDevice::SimDevice(Scheduler& scheduler, DeviceKind kind, std::string name, int slots, const FaultRates& faults)
    : scheduler_(scheduler),
      faults_(faults),
      random_(faults.seed),
      kind_(kind),
      name_(std::move(name)),
      free_slots_(slots),
      codes_(name_) {}

void SimDevice::submit(PickJob job) {
  if (queue_.contains(job.job_id) || in_process(job.job_id)) return;
  if (Status s = check_job(job); !s.ok()) {
    notify_state(job.job_id, JobState::kRejected, s.field() + ": " + s.message());
    return;
  }
  queue_.push(std::move(job));
  request_dispatch();
}

void SimDevice::reprioritise(uint64_t job_id, int priority) { queue_.reprioritise(job_id, priority); }

void SimDevice::cancel(uint64_t job_id) {
  if (queue_.remove(job_id)) {
    notify_state(job_id, JobState::kAborted, "cancelled while queued");
    return;
  }
  cancel_in_process(job_id);
}

DeviceStatus SimDevice::status() const {
  DeviceStatus s;
  s.name = name_;
  s.kind = kind_;
  s.queued_jobs = queue_.size();
  s.active_jobs = busy_.active_jobs();
  s.packs_out = packs_out_;
  s.busy_seconds = busy_.seconds(scheduler_.now());
  if (std::string fault = fault_state(); !fault.empty()) s.state = "fault: " + fault;
  return s;
}

Status SimDevice::load(const StockLoad& load) {
  if (!has_location(load.location)) {
    return Status::invalid(fmt::format("expected {}, found \"{}\"", expected_location(), load.location.value()),
                           "location");
  }
  if (load.packs < 1) return Status::invalid(fmt::format("expected at least 1, found {}", load.packs), "packs");
  if (load.gtin.empty()) return Status::invalid("expected the GTIN-14 printed on the packs, found nothing", "gtin");
  stock_.put(load.location, StockedPack{load.lot, load.gtin}, load.packs);
  return Status::ok_status();
}

void SimDevice::stock_changed(const StockChange& change) {
  if (!mirrors_record_ || !has_location(change.location)) return;
  if (change.packs < 0) {
    stock_.remove(change.location, change.lot, -change.packs);
    return;
  }
  if (change.packs == 0) return;
  Status s = load(StockLoad{change.location, change.lot, change.gtin, change.packs, change.pack_depth_mm});
  // The packs are on the record already: the device can only say it could not follow.
  if (!s.ok()) {
    spdlog::warn("{}: {} packs of {} lot {} at {} not loaded: {}", name_, change.packs, change.lot.drug.value(),
                 change.lot.lot.value(), change.location.value(), s.to_string());
  }
}

Status SimDevice::mirror_recorded_stock(const std::vector<StockLoad>& loads) {
  Status first = Status::ok_status();
  for (const StockLoad& l : loads) {
    if (!has_location(l.location)) continue;
    Status s = load(l);
    if (!s.ok() && first.ok()) first = s;
  }
  mirrors_record_ = true;
  return first;
}

void SimDevice::free_slot() {
  ++free_slots_;
  request_dispatch();
}

void SimDevice::job_started(uint64_t job_id) {
  notify_state(job_id, JobState::kInProcess, "");
  busy_.job_started(scheduler_.now());
}

void SimDevice::job_completed(uint64_t job_id) {
  busy_.job_ended(scheduler_.now());
  auto failed = failures_.find(job_id);
  if (failed == failures_.end()) {
    notify_state(job_id, JobState::kCompleted, "");
    return;
  }
  std::string detail = fmt::format("{}", fmt::join(failed->second, "; "));
  failures_.erase(failed);
  notify_state(job_id, JobState::kIncomplete, std::move(detail));
}

void SimDevice::job_cancelled(uint64_t job_id, int reported, int planned) {
  failures_.erase(job_id);
  busy_.job_ended(scheduler_.now());
  notify_state(job_id, JobState::kAborted, fmt::format("cancelled after {} of {} packs", reported, planned));
}

std::optional<StockedPack> SimDevice::take_pack(const PickLine& line, bool by_lot) {
  std::optional<StockedPack> pack(std::in_place);
  switch (stock_.take_into(line.location, by_lot ? &line.lot : nullptr, *pack)) {
    case LocationStock::Taken::kPack: return pack;
    case LocationStock::Taken::kEmpty: return std::nullopt;
    case LocationStock::Taken::kUntracked: break;
  }
  return StockedPack{Lot{line.drug, line.lot, line.expiry}, line.gtin};
}

PackOut SimDevice::pack_out(uint64_t job_id, const PickLine& line, const StockedPack& pack) {
  ++packs_out_;
  std::string code = codes_.next(pack.gtin, pack.lot.expiry, pack.lot.lot.value());
  if (random_.chance(faults_.unreadable)) {
    code.clear();
    ++fault_counts_.unreadable;
  }
  return PackOut{job_id, line.item, line.location, std::move(code)};
}

void SimDevice::line_failed(uint64_t job_id, size_t index, const PickLine& line, int packs, const std::string& reason) {
  failures_[job_id].push_back(
      fmt::format("lines[{}] at {}: {} pack{} not put out ({})", index, line.location.value(), packs,
                  packs == 1 ? "" : "s", reason));
  LineFailure failure{job_id, line.item, line.location, packs, reason};
  scheduler_.post([this, failure = std::move(failure)] {
    if (listener_) listener_->on_line_failed(failure);
  });
}

void SimDevice::report_pack(const PackOut& pack) {
  if (listener_) listener_->on_pack_out(pack);
}

Status SimDevice::check_job(const PickJob& job) const {
  if (job.lines.empty()) return Status::invalid("expected at least one line, found none", "lines");
  for (size_t i = 0; i < job.lines.size(); ++i) {
    const PickLine& line = job.lines[i];
    if (!has_location(line.location)) {
      return Status::invalid(fmt::format("expected {}, found \"{}\"", expected_location(), line.location.value()),
                             fmt::format("lines[{}].location", i));
    }
    if (line.packs < 1) {
      return Status::invalid(fmt::format("expected at least 1, found {}", line.packs),
                             fmt::format("lines[{}].packs", i));
    }
  }
  return Status::ok_status();
}

// One dispatch per turn of the loop, however many jobs arrive or slots free up in it.
void SimDevice::request_dispatch() {
  if (dispatch_posted_) return;
  dispatch_posted_ = true;
  scheduler_.post([this] {
    dispatch_posted_ = false;
    dispatch();
  });
}

void SimDevice::dispatch() {
  while (free_slots_ > 0) {
    std::optional<PickJob> job = queue_.pop();
    if (!job) return;
    --free_slots_;
    start(std::move(*job));
  }
}

void SimDevice::notify_state(uint64_t job_id, JobState state, std::string detail) {
  scheduler_.post([this, job_id, state, detail = std::move(detail)] {
    if (listener_) listener_->on_job_state(job_id, state, detail);
  });
}

void SimDevice::continue_serials(const std::vector<std::string>& serials) {
  uint64_t highest = 0;
  for (const auto& serial : serials) highest = std::max(highest, codes_.number_of(serial));
  codes_.continue_after(highest);
}

}  // namespace rx
