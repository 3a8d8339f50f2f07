// FaultRates: how often a simulated device fails, per event, as in the Faults
// table of machine-model.md. A probability of 0 turns that fault off. The
// faults drawn depend only on the seed and the order of events, so a run is
// the same for the same seed.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace rx {

struct FaultRates {
  uint64_t seed = 1;               // seeds the device's own random stream
  double jam = 0.002;              // per ejection (C): the box sticks and blocks the channel
  double jam_clear_mean_s = 90.0;  // time to clear a jam: exponential with this mean
  double double_drop = 0.001;      // per ejection (C): two boxes come out instead of one
  double wrong_load = 0.0005;      // per box refilled (C): the box is another drug's
  double unreadable = 0.003;       // per pack out (C, R, S): the scanner cannot read its code
  double grip_fail = 0.004;        // per grip (R): the gripper misses the pack
  // Every probability 0: a device that never fails.
  static FaultRates none();
  bool operator==(const FaultRates&) const = default;
};

// Ok, or the first field out of range as "<prefix>.<field>", with what was
// expected and found.
Status check_fault_rates(const FaultRates& rates, std::string_view prefix);

}  // namespace rx
