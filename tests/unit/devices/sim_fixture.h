// SimDeviceTest: one simulated device in virtual time with a recording
// listener, and the trace of a scripted run, for the device tests. Times are
// ms since kStart. Devices made here never fail unless a test asks for faults
// (make_with_faults), so timings are exact.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/machine/fault_rates.h"
#include "core/virtual_scheduler.h"
#include "devices/device.h"
#include "unit/devices/recording_listener.h"

namespace rx::test {

inline const Instant kStart = std::chrono::sys_days{std::chrono::year{2026} / 3 / 29} + std::chrono::hours(1);

inline long long ms(Instant at) { return (at - kStart).count(); }

// `Machine` is made by Machine::create(Scheduler&, Params).
template <typename Machine, typename Params>
class SimDeviceTest : public ::testing::Test {
 protected:
  // A device with `params` and no faults.
  void make(Params params = {}) {
    params.faults = FaultRates::none();
    make_with_faults(std::move(params));
  }
  // A device with `params`, faults as they are there.
  void make_with_faults(Params params) {
    auto created = Machine::create(sched_, std::move(params));
    ASSERT_TRUE(created.ok()) << created.status().to_string();
    device_ = std::move(*created);
    device_->set_listener(&rec_);
  }
  void SetUp() override { make(); }

  long long completed_at(uint64_t job_id) const {
    auto s = rec_.state(job_id, JobState::kCompleted);
    return s ? ms(s->at) : -1;
  }
  long long started_at(uint64_t job_id) const {
    auto s = rec_.state(job_id, JobState::kInProcess);
    return s ? ms(s->at) : -1;
  }
  std::vector<long long> pack_times(uint64_t job_id) const {
    std::vector<long long> out;
    for (const auto& p : rec_.packs_of(job_id)) out.push_back(ms(p.at));
    return out;
  }

  VirtualScheduler sched_{kStart};
  RecordingListener rec_{sched_};
  std::unique_ptr<Machine> device_;
};

// Every listener call of `script` run on a new device with default params
// (no faults unless `faults` are given), until nothing is left to run.
template <typename Machine, typename Params>
std::vector<std::string> trace_of(const std::function<void(VirtualScheduler&, Machine&)>& script,
                                  FaultRates faults = FaultRates::none()) {
  VirtualScheduler sched(kStart);
  RecordingListener rec(sched);
  Params params;
  params.faults = faults;
  auto created = Machine::create(sched, params);
  auto device = std::move(*created);
  device->set_listener(&rec);
  script(sched, *device);
  sched.run();
  return rec.trace();
}

}  // namespace rx::test
