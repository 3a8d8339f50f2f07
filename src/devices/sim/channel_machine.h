// ChannelMachine: a discrete-event model of the channel dispensing machine
// (device C in machine-model.md). Channels eject boxes onto their shelf's belt;
// the belt carries them to a collector whose buckets each gather one job's
// boxes and drop them into baskets; a conveyor takes the baskets to the ready
// buffer. Its locations are C-SS-CC (shelf, channel).
//
// Timing: each step (one ejection, one belt trip, one drop, one conveyor trip)
// lasts round(seconds * 1000 / speed) ms, rounded on its own.
// A job starts (kInProcess) when a bucket is free for it; its boxes then eject
// in line order, after the boxes of jobs that started earlier, each as soon as
// its channel is idle and its shelf has fewer than max_ejecting_per_shelf
// channels ejecting. Each pack is reported when it reaches the collector, where
// it is scanned. A box that reaches the collector while its bucket drops waits
// there for the bucket to return. The job completes when its last basket
// reaches the ready buffer.
// Cancelling a job in process leaves its boxes not yet ejected in their
// channels; boxes already ejected are no longer reported, and its bucket is
// free once they have arrived and been dropped.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/scheduler.h"
#include "devices/sim/channel_machine_params.h"
#include "devices/sim/sim_device.h"

namespace rx {

class ChannelMachine : public SimDevice {
 public:
  // A machine with `params`, or the error check_channel_machine_params gives.
  static Result<std::unique_ptr<ChannelMachine>> create(Scheduler& scheduler, ChannelMachineParams params);

 private:
  struct Box {
    uint64_t run = 0;
    size_t line = 0;
    int shelf = 0;    // 0-based
    int channel = 0;  // 0-based
  };
  // A job from the moment it gets a bucket until its last basket is in the
  // ready buffer (or, once aborted, until its bucket is empty).
  struct Run {
    PickJob job;
    bool aborted = false;
    bool holds_bucket = true;
    int planned = 0;   // boxes of the job
    int total = 0;     // boxes that will reach the collector; cut to `started` on cancel
    int started = 0;   // boxes whose ejection has begun
    int reported = 0;  // packs reported to the listener
    int in_bucket = 0;
    int waiting = 0;  // reached the collector while the bucket was dropping
    int dropped = 0;
    bool dropping = false;
    int baskets_on_conveyor = 0;
  };

  ChannelMachine(Scheduler& scheduler, ChannelMachineParams params);

  bool has_location(const LocationCode& location) const override;
  std::string expected_location() const override;
  bool in_process(uint64_t job_id) const override;
  void start(PickJob job) override;
  void cancel_in_process(uint64_t job_id) override;

  void start_ejections();
  void on_ejected(const Box& box);
  void on_collected(const Box& box);
  void on_dropped(uint64_t run_id);
  void on_basket_ready(uint64_t run_id);
  // Starts a drop when the current basket is complete, frees the bucket when the
  // job has nothing left for it, and ends the run when nothing of it remains.
  void settle(uint64_t run_id);

  ChannelMachineParams params_;
  Duration eject_;
  Duration drop_;
  Duration conveyor_;
  std::map<uint64_t, Run> runs_;  // by run id, in start order
  uint64_t next_run_ = 0;
  std::vector<Box> pending_;        // boxes not yet ejecting, in ejection order
  std::vector<bool> channel_busy_;  // shelf * channels_per_shelf + channel
  std::vector<int> shelf_ejecting_;
};

}  // namespace rx
