// ChannelMachine: a discrete-event model of the channel dispensing machine
// (device C in machine-model.md). Channels eject boxes onto their shelf's belt;
// the belt carries them to a collector whose buckets each gather one job's
// boxes and drop them into baskets; a conveyor takes the baskets to the ready
// buffer. Refill technicians load channels. Its locations are C-SS-CC (shelf,
// channel).
//
// Timing: each step (one ejection, one belt trip, one drop, one conveyor trip,
// one box refilled, one jam cleared) lasts round(seconds * 1000 / speed) ms,
// rounded on its own.
// A job starts (kInProcess) when a bucket is free for it; its boxes then eject
// in line order, after the boxes of jobs that started earlier, each as soon as
// its channel is idle (not ejecting, being loaded or jammed) and its shelf has
// fewer than max_ejecting_per_shelf channels ejecting. A box leaves its channel
// when its ejection ends. Each pack is reported when it reaches the collector,
// where it is scanned. A box that reaches the collector while its bucket drops
// waits there for the bucket to return. The job completes when its last
// basket reaches the ready buffer.
// Stock: a channel holds one drug, up to channel_capacity(box depth) boxes,
// and puts out its front box whatever lot the line names. A box whose tracked
// channel is empty waits if a refill of the channel is ordered; otherwise its
// ejection ends with nothing and the line fails ("channel empty").
// Refills: a free refill technician takes the first order whose channel is
// idle, and loads its boxes one by one; the channel cannot eject meanwhile.
// Faults, drawn per ejection: a jam keeps the box in its channel and blocks
// the channel for an exponential time (mean jam_clear_mean_s); the line's boxes
// not yet out fail ("channel C-SS-CC jammed"), and other jobs' boxes for the
// channel wait for it. A double drop puts out the next box too (if there is
// one), and both are reported. Per box refilled: a wrong load puts in a box of
// another lot the machine knows of another drug instead.
// Cancelling a job in process leaves its boxes not yet ejected in their
// channels; boxes already ejected are no longer reported, and its bucket is
// free once they have arrived and been dropped.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/machine/channel_machine_params.h"
#include "core/result.h"
#include "core/scheduler.h"
#include "devices/sim/sim_device.h"

namespace rx {

class ChannelMachine : public SimDevice {
 public:
  // A machine with `params`, or the error check_channel_machine_params gives.
  static Result<std::unique_ptr<ChannelMachine>> create(Scheduler& scheduler, ChannelMachineParams params);

  // Fills a channel at once. Invalid, naming the field, unless SimDevice::load
  // accepts it, pack_depth_mm > 0, the channel holds no other drug, and the
  // boxes fit beside those on hand and ordered.
  Status load(const StockLoad& load) override;
  // Orders a refill of a channel, checked as load is; the boxes go in one by
  // one as a refill technician loads them.
  Status refill(const StockLoad& load);
  // Refill orders not yet fully loaded.
  int refills_open() const { return refills_open_; }
  // The channels jammed now, in location order.
  std::vector<LocationCode> jammed_channels() const;
  // True for a channel jammed, or with a refill ordered or being loaded.
  bool location_blocked(const LocationCode& location) const override;

 private:
  struct Box {
    uint64_t run = 0;
    size_t line = 0;
    size_t channel = 0;  // shelf * channels_per_shelf + channel, 0-based
    int shelf = 0;       // 0-based
  };
  struct Channel {
    bool ejecting = false;
    bool loading = false;
    bool jammed = false;
    int ordered = 0;  // boxes of refill orders not yet loaded
    int capacity = 0;
    std::optional<DrugCode> drug;
  };
  struct Refill {
    StockLoad load;
    size_t channel = 0;
    int left = 0;
  };
  // A job from the moment it gets a bucket until its last basket is in the
  // ready buffer (or, once aborted, until its bucket is empty).
  struct Run {
    PickJob job;
    bool aborted = false;
    bool holds_bucket = true;
    int planned = 0;   // boxes of the job
    int pending = 0;   // boxes not yet ejecting
    int ejecting = 0;
    int on_belt = 0;
    int reported = 0;  // packs reported to the listener
    int in_bucket = 0;
    int waiting = 0;  // reached the collector while the bucket was dropping
    bool dropping = false;
    int baskets_on_conveyor = 0;
  };

  ChannelMachine(Scheduler& scheduler, ChannelMachineParams params);

  bool has_location(const LocationCode& location) const override;
  std::string expected_location() const override;
  bool in_process(uint64_t job_id) const override;
  void start(PickJob job) override;
  void cancel_in_process(uint64_t job_id) override;
  std::string fault_state() const override;

  Status check_fill(const StockLoad& load, const Channel& channel) const;
  void start_ejections();
  void start_refills();
  void on_ejected(const Box& box);
  // Takes the rest of `box`'s line out of the run and reports them failed.
  void fail_line(const Box& box, const std::string& reason);
  void on_refill_box(Refill refill);
  void on_jam_cleared(size_t channel);
  void on_collected(const Box& box, const StockedPack& pack);
  void on_dropped(uint64_t run_id);
  void on_basket_ready(uint64_t run_id);
  // Starts a drop when the current basket is complete, frees the bucket when the
  // job has nothing left for it, and ends the run when nothing of it remains.
  void settle(uint64_t run_id);
  LocationCode location_of(size_t channel) const;

  ChannelMachineParams params_;
  Duration eject_;
  Duration drop_;
  Duration conveyor_;
  Duration refill_box_;
  std::map<uint64_t, Run> runs_;  // by run id, in start order
  uint64_t next_run_ = 0;
  std::vector<Box> pending_;  // boxes not yet ejecting, in ejection order
  std::vector<Channel> channels_;
  std::vector<int> shelf_ejecting_;
  std::deque<Refill> refills_;  // orders no technician has taken yet
  int free_refillers_;
  int refills_open_ = 0;
};

}  // namespace rx
