// PickRobot: a discrete-event model of the pick robot with chaotic storage
// (device R in machine-model.md). Its one gripper is the resource: it serves
// one job at a time, in trips that each start and end at the output point
// (x = 0, level with level 1). Its locations are R-L-xxxx (level, position in
// cm).
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
// release (at once if nothing was released).
// Stock: the gripper takes a pack of the line's lot if its location has one,
// else the location's front pack. At a tracked location that is empty the grip
// finds nothing and the line's packs not yet gripped fail ("location empty").
// Faults: a grip fails with probability faults.grip_fail and is tried once
// more (another grip_s); if that fails too, the line's packs not yet gripped
// fail ("gripper failed twice: pick by hand"). Failures are reported when the
// trip ends; a trip left with nothing to grip is not made, and one that
// gripped nothing returns without a release.
// Cancelling a job in process finishes the trip in progress, since the gripper
// does not put packs back, but does not report its packs; the job's later
// trips are not made.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/machine/pick_robot_params.h"
#include "core/result.h"
#include "core/scheduler.h"
#include "devices/sim/sim_device.h"

namespace rx {

class PickRobot : public SimDevice {
 public:
  // A robot with `params`, or the error check_pick_robot_params gives.
  static Result<std::unique_ptr<PickRobot>> create(Scheduler& scheduler, PickRobotParams params);

 private:
  struct Trip {
    std::vector<size_t> lines;  // the job line of each pack, in grip order
  };
  struct Gripped {
    size_t line = 0;
    StockedPack pack;
  };
  struct Failure {
    size_t line = 0;
    int packs = 0;
    std::string reason;
  };
  // A job from the moment the gripper takes it until its packs reach the ready
  // buffer (or, once aborted, until the gripper is back from its trip).
  struct Run {
    PickJob job;
    std::vector<Trip> trips;  // in the order the gripper makes them
    size_t next_trip = 0;     // the trip in progress, until it ends
    std::vector<int> left;    // by line: packs neither gripped nor failed
    std::vector<Gripped> carrying;   // the trip in progress's packs
    std::vector<Failure> failures;   // the trip in progress's failed lines
    int planned = 0;          // packs of the job
    int reported = 0;         // packs reported to the listener
    int released = 0;         // packs put on the chute
    bool aborted = false;
  };

  PickRobot(Scheduler& scheduler, PickRobotParams params);

  bool has_location(const LocationCode& location) const override;
  std::string expected_location() const override;
  bool in_process(uint64_t job_id) const override;
  void start(PickJob job) override;
  void cancel_in_process(uint64_t job_id) override;

  std::vector<Trip> plan_trips(const PickJob& job) const;
  // Makes the next trip that has a pack left to grip, drawing its grips;
  // false if none has.
  bool start_trip(uint64_t run_id);
  // The job has no trip left: the gripper is free and the packs go down the chute.
  void finish(uint64_t run_id);
  void on_trip_done(uint64_t run_id);
  void on_delivered(uint64_t run_id);

  PickRobotParams params_;
  Duration grip_;
  Duration release_;
  Duration chute_;
  std::map<uint64_t, Run> runs_;  // on the gripper or in the chute, by run id
  uint64_t next_run_ = 0;
};

}  // namespace rx
