// PickRobotParams: the figures of the pick robot (device R in
// machine-model.md), defaulting to the reference robot. Plain data, so a
// scenario file can override any of them.
#pragma once

#include <string>

#include "core/machine/fault_rates.h"
#include "core/status.h"

namespace rx {

struct PickRobotParams {
  std::string name = "R";           // the device's name; prefixes the serials of its pack codes
  int levels = 8;                   // locations R-1-xxxx .. R-<levels>-xxxx
  double level_pitch_m = 0.3;       // level L is (L - 1) * pitch above level 1, which is level with the output point
  int aisle_cm = 1000;              // positions R-L-0000 .. R-L-<aisle_cm>, in cm from the output point at x = 0
  double horizontal_m_per_s = 1.5;  // gripper speed along the aisle
  double vertical_m_per_s = 1.0;    // gripper speed up and down, at the same time as along
  double grip_s = 1.2;              // one pack into the gripper
  double release_s = 0.8;           // all of a trip's packs out at the output point
  int packs_per_trip = 3;           // packs the gripper carries at once
  double trip_span_m = 0.5;         // the packs of one trip lie on one level within this x range
  double chute_s = 2.0;             // released packs to the ready buffer
  double speed = 1.0;               // every duration above is divided by this
  FaultRates faults;                // grip_fail and unreadable apply here
  bool operator==(const PickRobotParams&) const = default;
};

// Ok, or the first field out of range, with what was expected and found.
Status check_pick_robot_params(const PickRobotParams& params);

}  // namespace rx
