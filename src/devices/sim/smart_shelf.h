// SmartShelf: a discrete-event model of the pick-to-light smart shelf and its
// fridge (device S in machine-model.md). Technicians are the resource: a job
// waits for a free one, who picks its lines one after another and carries the
// basket to the ready buffer. Its locations are S-RR-BB (shelf) and F-RR-BB
// (fridge), rack and bin from 01.
//
// Timing: a line takes pick_line_s + extra_pack_s per pack beyond its first,
// plus cold_line_s for a cold item (PickLine::cold or an F- location); the
// carry takes carry_s. Each line's pick and the carry last
// round(seconds * 1000 / speed) ms, rounded on its own. A line's packs are
// reported when its pick ends, where the technician scans them.
// Stock: the technician takes packs of the line's lot if the bin has them,
// else the bin's front ones; at a tracked bin that runs out, the line's packs
// not yet taken fail ("bin S-RR-BB empty"). Faults: only unreadable codes.
// Cancelling a job in process drops the line being picked and the lines after
// it unreported, and frees the technician at once.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "core/machine/smart_shelf_params.h"
#include "core/result.h"
#include "core/scheduler.h"
#include "devices/sim/sim_device.h"

namespace rx {

class SmartShelf : public SimDevice {
 public:
  // A shelf with `params`, or the error check_smart_shelf_params gives.
  static Result<std::unique_ptr<SmartShelf>> create(Scheduler& scheduler, SmartShelfParams params);

 private:
  struct Run {
    PickJob job;
    size_t next_line = 0;
    int planned = 0;
    int reported = 0;
  };

  SmartShelf(Scheduler& scheduler, SmartShelfParams params);

  bool has_location(const LocationCode& location) const override;
  std::string expected_location() const override;
  bool in_process(uint64_t job_id) const override;
  void start(PickJob job) override;
  void cancel_in_process(uint64_t job_id) override;

  void pick_next_line(uint64_t run_id);
  void on_line_picked(uint64_t run_id);
  void on_delivered(uint64_t run_id);

  SmartShelfParams params_;
  std::map<uint64_t, Run> runs_;  // jobs in process, by run id; a cancelled run is gone
  uint64_t next_run_ = 0;
};

}  // namespace rx
