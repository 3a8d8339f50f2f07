// SmartShelf: a discrete-event model of the pick-to-light smart shelf and its
// fridge (device S in machine-model.md). Technicians are the resource: a job
// waits for a free one, who picks its lines one after another and carries the
// basket to the ready buffer. It is driven only by a Scheduler, so it runs in
// virtual or in real time, and it must outlive the tasks it has scheduled.
//
// Timing: a line takes pick_line_s + extra_pack_s per pack beyond its first,
// plus cold_line_s for a cold item (PickLine::cold or an F- location); the
// carry takes carry_s. Each line's pick and the carry last
// round(seconds * 1000 / speed) ms, rounded on its own. A line's packs are
// reported when its pick ends, where the technician scans them.
// Listener calls never happen inside submit, reprioritise or cancel: they are
// posted to the scheduler.
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "core/result.h"
#include "core/scheduler.h"
#include "devices/device.h"
#include "devices/sim/busy_time.h"
#include "devices/sim/job_queue.h"
#include "devices/sim/pack_code_source.h"
#include "devices/sim/smart_shelf_params.h"

namespace rx {

class SmartShelf : public Device {
 public:
  // A shelf with `params`, or the error check_smart_shelf_params gives.
  static Result<std::unique_ptr<SmartShelf>> create(Scheduler& scheduler, SmartShelfParams params);

  DeviceKind kind() const override { return DeviceKind::kShelf; }
  void set_listener(DeviceListener* listener) override { listener_ = listener; }
  // Queues the job. It is rejected (kRejected, naming the line and field) unless
  // it has lines, each at an S-RR-BB or F-RR-BB location with at least one pack.
  // A job id already queued or in process here is a resend and is ignored.
  void submit(PickJob job) override;
  // Changes a queued job's priority; a job already in process keeps its place.
  void reprioritise(uint64_t job_id, int priority) override;
  // Ends a queued or in-process job with kAborted. The line being picked and the
  // lines after it are not reported, and the technician is free at once.
  void cancel(uint64_t job_id) override;
  DeviceStatus status() const override;

 private:
  struct Run {
    PickJob job;
    size_t next_line = 0;
    int planned = 0;
    int reported = 0;
  };

  SmartShelf(Scheduler& scheduler, SmartShelfParams params);

  Status check_job(const PickJob& job) const;
  bool in_process(uint64_t job_id) const;
  void request_dispatch();
  void dispatch();
  void start(PickJob job);
  void pick_next_line(uint64_t run_id);
  void on_line_picked(uint64_t run_id);
  void on_delivered(uint64_t run_id);
  void notify_state(uint64_t job_id, JobState state, std::string detail);

  Scheduler& scheduler_;
  SmartShelfParams params_;
  DeviceListener* listener_ = nullptr;
  JobQueue queue_;
  std::map<uint64_t, Run> runs_;  // jobs in process, by run id; a cancelled run is gone
  uint64_t next_run_ = 0;
  int free_technicians_;
  bool dispatch_posted_ = false;
  PackCodeSource codes_;
  uint64_t packs_out_ = 0;
  BusyTime busy_;
};

}  // namespace rx
