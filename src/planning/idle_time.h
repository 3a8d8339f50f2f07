// Idle time: how long one job takes on an idle device, exactly as the
// simulators time it with no faults, and the lower bound of machine-model.md
// for one prescription (its best choice of devices and locations, every device
// idle). Pure: no clock, no I/O.
//
// The bound's search: each item's packs may be split in any way over its
// candidate locations, so the bound is never above what a planner that splits
// lines across channels, or across devices, can reach. Per device, an item's
// best location is not independent of the other items on the channel machine
// (shelf ejectors, baskets) or the robot (shared trips); it is on the smart
// shelf, where a line costs pick_line_s and each further pack of it
// extra_pack_s whatever the bin, and lines add up. So there an item never
// splits over two bins, and a warm item takes a shelf bin over a fridge bin.
// A job's exact time can fall when a box is added (a 13th box arriving early
// fills the first basket sooner), so the search prunes on floors that never
// fall (per channel, per shelf's ejectors, per basket, per robot trip) and
// times only whole assignments exactly. The slowest item's least floor bounds
// the prescription too; a search that would pass kIdleBoundBudget device
// evaluations stops and returns that relaxation (exact = false).
#pragma once

#include <memory>
#include <vector>

#include "core/machine/channel_machine_params.h"
#include "core/machine/device_kind.h"
#include "core/machine/pick_robot_params.h"
#include "core/machine/smart_shelf_params.h"
#include "core/result.h"
#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

// The figures of the three devices a prescription may use.
struct IdleMachines {
  ChannelMachineParams channel;
  PickRobotParams robot;
  SmartShelfParams shelf;
};

// One line of a job: `packs` (>= 1) from `location`; `cold` adds the fridge
// detour on the smart shelf (as an F- location does).
struct IdleLine {
  int item = 0;  // the prescription's item, carried through for the caller
  LocationCode location;
  int packs = 0;
  bool cold = false;
};

// From submit to completion (every basket in the ready buffer) of one job
// alone on an idle device with no faults; lines in job order. Invalid, naming
// lines[i].location or lines[i].packs, if a location is not the device's or a
// line has no pack. No lines take no time.
Result<Duration> channel_idle_time(const std::vector<IdleLine>& lines, const ChannelMachineParams& params);
Result<Duration> robot_idle_time(const std::vector<IdleLine>& lines, const PickRobotParams& params);
Result<Duration> shelf_idle_time(const std::vector<IdleLine>& lines, const SmartShelfParams& params);
// The same for a job whose lines all lie on one device, chosen by the first
// location's prefix (C-, R-, S- or F-).
Result<Duration> idle_job_time(const std::vector<IdleLine>& lines, const IdleMachines& machines);
// idle_job_time of a job of this one line, for callers that time many single
// lines; invalid, naming line.location or line.packs, as idle_job_time is.
Result<Duration> line_idle_time(const IdleLine& line, const IdleMachines& machines);

// One prescription item for the bound: its packs (0 = nothing to dispense)
// and every location that stocks its drug, on any device.
struct BoundItem {
  int packs = 0;
  bool cold = false;
  std::vector<LocationCode> locations;
};

// Device evaluations one bound may spend before it settles for the relaxation.
inline constexpr int kIdleBoundBudget = 20000;

struct IdleBound {
  double seconds = 0;          // until the last device's job completes
  std::vector<IdleLine> lines; // an assignment reaching it (exact), in item order
  bool exact = true;           // false: the budget ran out and seconds is the relaxation
};

// The minimum, over every split of each item's packs over its locations, of
// the time until every device's job (one per device, lines in item order) is
// done, devices working in parallel. Invalid, naming items[i].locations, if an
// item with packs has no location or one of no device.
Result<IdleBound> idle_bound(const std::vector<BoundItem>& items, const IdleMachines& machines);
// idle_bound's seconds.
Result<double> lower_bound_s(const std::vector<BoundItem>& items, const IdleMachines& machines);

// idle_bound for many prescriptions over the same machines: each distinct
// item (packs, cold, locations) has its splits listed and timed once.
class IdleBoundCache {
 public:
  explicit IdleBoundCache(IdleMachines machines);
  ~IdleBoundCache();
  IdleBoundCache(const IdleBoundCache&) = delete;
  IdleBoundCache& operator=(const IdleBoundCache&) = delete;

  // The same answer as idle_bound(items, machines).
  Result<IdleBound> bound(const std::vector<BoundItem>& items);

 private:
  struct Items;
  IdleMachines machines_;
  std::unique_ptr<Items> items_;
};

}  // namespace rx
