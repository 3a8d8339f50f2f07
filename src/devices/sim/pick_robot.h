// PickRobot: a discrete-event model of the pick robot with chaotic storage
// (device R in machine-model.md). Its one gripper is the resource: it serves
// one job at a time, in trips that each start and end at the output point
// (x = 0, level with level 1). It is driven only by a Scheduler, so it runs in
// virtual or in real time, and it must outlive the tasks it has scheduled.
//
// Trips: a job's packs are grouped by level (lowest first) and sorted by x
// (ties in line order); each trip takes, from the nearest pack left on its
// level, up to packs_per_trip packs lying within trip_span_m of that first one.
// A trip moves to its first pack, grips it, moves to the next and grips it, and
// so on, then moves back to the output point and releases all its packs at once.
// A move takes the longer of its horizontal and its vertical time, the gripper
// moving along both axes at once.
// Timing: each step (one move, one grip, one release, the chute) lasts
// round(seconds * 1000 / speed) ms, rounded on its own.
// A job starts (kInProcess) when the gripper is free, which is at the end of
// the previous job's last release. Each pack is reported when its trip's
// release ends, where it is scanned. The job completes chute_s after its last
// release.
// Listener calls never happen inside submit, reprioritise or cancel: they are
// posted to the scheduler.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "core/result.h"
#include "core/scheduler.h"
#include "devices/device.h"
#include "devices/sim/busy_time.h"
#include "devices/sim/job_queue.h"
#include "devices/sim/pack_code_source.h"
#include "devices/sim/pick_robot_params.h"

namespace rx {

class PickRobot : public Device {
 public:
  // A robot with `params`, or the error check_pick_robot_params gives.
  static Result<std::unique_ptr<PickRobot>> create(Scheduler& scheduler, PickRobotParams params);

  DeviceKind kind() const override { return DeviceKind::kRobot; }
  void set_listener(DeviceListener* listener) override { listener_ = listener; }
  // Queues the job. It is rejected (kRejected, naming the line and field) unless
  // it has lines, each at an R-L-xxxx location of this robot with at least one
  // pack. A job id already queued or in process here is a resend and is ignored.
  void submit(PickJob job) override;
  // Changes a queued job's priority; a job already in process keeps its place.
  void reprioritise(uint64_t job_id, int priority) override;
  // Ends a queued or in-process job with kAborted. The trip in progress is
  // finished, since the gripper does not put packs back, but its packs are not
  // reported; the job's later trips are not made.
  void cancel(uint64_t job_id) override;
  DeviceStatus status() const override;

 private:
  struct Trip {
    std::vector<size_t> lines;  // the job line of each pack, in grip order
    Duration duration{0};       // from leaving the output point to the end of the release
  };
  // A job from the moment the gripper takes it until its packs reach the ready
  // buffer (or, once aborted, until the gripper is back from its trip).
  struct Run {
    PickJob job;
    std::vector<Trip> trips;  // in the order the gripper makes them
    size_t next_trip = 0;     // the trip in progress, until it ends
    int planned = 0;          // packs of the job
    int reported = 0;         // packs reported to the listener
    bool aborted = false;
  };

  PickRobot(Scheduler& scheduler, PickRobotParams params);

  Status check_job(const PickJob& job) const;
  std::vector<Trip> plan_trips(const PickJob& job) const;
  bool in_process(uint64_t job_id) const;
  void request_dispatch();
  void dispatch();
  void start(PickJob job);
  void start_trip(uint64_t run_id);
  void on_trip_done(uint64_t run_id);
  void on_delivered(uint64_t run_id);
  void free_gripper();
  void notify_state(uint64_t job_id, JobState state, std::string detail);

  Scheduler& scheduler_;
  PickRobotParams params_;
  Duration grip_;
  Duration release_;
  Duration chute_;
  DeviceListener* listener_ = nullptr;
  JobQueue queue_;
  std::map<uint64_t, Run> runs_;  // on the gripper or in the chute, by run id
  uint64_t next_run_ = 0;
  bool gripper_busy_ = false;
  bool dispatch_posted_ = false;
  PackCodeSource codes_;
  uint64_t packs_out_ = 0;
  BusyTime busy_;
};

}  // namespace rx
