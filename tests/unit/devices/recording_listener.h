// RecordingListener: a DeviceListener fake that writes down every call with
// the scheduler's time, for the device tests.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler.h"
#include "devices/device.h"

namespace rx {

class RecordingListener : public DeviceListener {
 public:
  struct Pack {
    Instant at;
    PackOut pack;
  };
  struct State {
    Instant at;
    uint64_t job_id = 0;
    JobState state = JobState::kQueued;
    std::string detail;
  };

  explicit RecordingListener(const Scheduler& scheduler) : scheduler_(scheduler) {}

  void on_pack_out(const PackOut& pack) override {
    packs_.push_back(Pack{scheduler_.now(), pack});
    trace_.push_back(fmt::format("{} pack job={} item={} {} {}", since_epoch_ms(), pack.job_id, pack.item,
                                 pack.location.value(), pack.code));
    if (on_pack) on_pack(pack);
  }
  void on_job_state(uint64_t job_id, JobState state, const std::string& detail) override {
    states_.push_back(State{scheduler_.now(), job_id, state, detail});
    trace_.push_back(fmt::format("{} state job={} {} {}", since_epoch_ms(), job_id, job_state_name(state), detail));
  }

  void on_line_failed(const LineFailure& failure) override {
    failures_.push_back(failure);
    trace_.push_back(fmt::format("{} failed job={} item={} {} packs={} {}", since_epoch_ms(), failure.job_id,
                                 failure.item, failure.location.value(), failure.packs, failure.reason));
  }

  void on_availability(DeviceKind kind, bool available, const std::string& why) override {
    availability_.push_back(available);
    trace_.push_back(fmt::format("{} availability {} {} {}", since_epoch_ms(), static_cast<char>(kind),
                                 available ? "available" : "offline", why));
  }

  // Called after each pack is recorded; lets a test act from inside the device's call.
  std::function<void(const PackOut&)> on_pack;

  const std::vector<Pack>& packs() const { return packs_; }
  const std::vector<LineFailure>& failures() const { return failures_; }
  // Every availability change reported, in order.
  const std::vector<bool>& availability() const { return availability_; }
  std::vector<Pack> packs_of(uint64_t job_id) const {
    std::vector<Pack> out;
    for (const Pack& p : packs_) {
      if (p.pack.job_id == job_id) out.push_back(p);
    }
    return out;
  }
  std::vector<JobState> states_of(uint64_t job_id) const {
    std::vector<JobState> out;
    for (const State& s : states_) {
      if (s.job_id == job_id) out.push_back(s.state);
    }
    return out;
  }
  // The first report of `state` for the job, if any.
  std::optional<State> state(uint64_t job_id, JobState state) const {
    for (const State& s : states_) {
      if (s.job_id == job_id && s.state == state) return s;
    }
    return std::nullopt;
  }
  // Job ids in the order they were reported kInProcess.
  std::vector<uint64_t> start_order() const {
    std::vector<uint64_t> out;
    for (const State& s : states_) {
      if (s.state == JobState::kInProcess) out.push_back(s.job_id);
    }
    return out;
  }
  // Every call in order, with its time in ms since the epoch.
  const std::vector<std::string>& trace() const { return trace_; }

 private:
  long long since_epoch_ms() const { return scheduler_.now().time_since_epoch().count(); }

  const Scheduler& scheduler_;
  std::vector<Pack> packs_;
  std::vector<State> states_;
  std::vector<LineFailure> failures_;
  std::vector<bool> availability_;
  std::vector<std::string> trace_;
};

}  // namespace rx
