// A robot that takes jobs and never does them, for the service's tests: it
// keeps what it was sent and each change of priority asked, and can be told
// to drop its link.
#pragma once

#include <vector>

#include "devices/device.h"

namespace rx::testing_service {

// A robot that takes jobs and never does them: the link to it is gone.
class SilentRobot : public Device {
 public:
  DeviceKind kind() const override { return DeviceKind::kRobot; }
  void set_listener(DeviceListener* listener) override { listener_ = listener; }
  void submit(PickJob job) override {
    submitted.push_back(job.job_id);
    jobs.push_back(std::move(job));
  }
  void reprioritise(uint64_t job_id, int priority) override { priorities.push_back({job_id, priority}); }
  void cancel(uint64_t job_id) override { cancelled.push_back(job_id); }
  DeviceStatus status() const override {
    DeviceStatus s;
    s.name = "R";
    s.kind = DeviceKind::kRobot;
    s.queued_jobs = static_cast<int>(submitted.size() - cancelled.size());
    s.state = available_ ? "ok" : "fault: no link to the WWKS robot";
    return s;
  }
  bool available() const override { return available_; }

  void set_available(bool available) {
    available_ = available;
    listener_->on_availability(DeviceKind::kRobot, available, available ? "" : "no answer for 15000 ms");
  }

  std::vector<uint64_t> submitted;
  std::vector<PickJob> jobs;  // as submitted
  std::vector<uint64_t> cancelled;
  struct Reprioritised {
    uint64_t job_id = 0;
    int priority = 0;
  };
  std::vector<Reprioritised> priorities;  // as asked

 private:
  DeviceListener* listener_ = nullptr;
  bool available_ = true;
};

}  // namespace rx::testing_service
