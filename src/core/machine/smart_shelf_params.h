// SmartShelfParams: the figures of the pick-to-light smart shelf and its
// fridge (device S in machine-model.md), defaulting to the reference staffing.
// Plain data, so a scenario file can override any of them.
#pragma once

#include <string>

#include "core/machine/fault_rates.h"
#include "core/status.h"

namespace rx {

struct SmartShelfParams {
  std::string name = "S";     // the device's name; prefixes the serials of its pack codes
  int technicians = 4;        // pickers; each works one job at a time
  double pick_line_s = 12.0;  // one line's first pack
  double extra_pack_s = 3.0;  // each further pack of the same line
  double cold_line_s = 8.0;   // added to a line of a cold item (the fridge detour)
  double carry_s = 10.0;      // the basket to the ready buffer
  double speed = 1.0;         // every duration above is divided by this
  FaultRates faults;          // unreadable applies here
  bool operator==(const SmartShelfParams&) const = default;
};

// Ok, or the first field out of range, with what was expected and found.
Status check_smart_shelf_params(const SmartShelfParams& params);

}  // namespace rx
