// ChannelMachineParams: the figures of a channel dispensing machine (device C
// in machine-model.md), defaulting to the reference machine. Plain data, so a
// scenario file can override any of them.
#pragma once

#include <string>

#include "core/machine/fault_rates.h"
#include "core/status.h"

namespace rx {

struct ChannelMachineParams {
  std::string name = "C";          // the device's name; prefixes the serials of its pack codes
  int shelves = 10;                // locations C-01-CC .. C-<shelves>-CC
  int channels_per_shelf = 60;     // locations C-SS-01 .. C-SS-<channels_per_shelf>
  double channel_pitch_m = 0.05;   // channel CC sits at x = CC * pitch along its shelf
  double eject_s = 0.8;            // one box out of one channel
  int max_ejecting_per_shelf = 4;  // channels of one shelf ejecting at the same time
  double belt_m_per_s = 0.6;       // shelf belt: a box at x reaches the collector in x / speed
  int buckets = 2;                 // collector buckets; each holds one job at a time
  int bucket_capacity = 12;        // boxes per basket; more make another basket
  double drop_s = 2.5;             // bucket into basket, after the basket's last box arrives
  double conveyor_s = 4.0;         // basket to the ready buffer
  int channel_width_mm = 130;      // the channel's opening: a box goes in if its face (width x height,
  int channel_height_mm = 100;     // either way round) fits through it
  int channel_depth_mm = 1000;     // a channel holds floor(depth / box depth) boxes ...
  int min_channel_boxes = 6;       // ... but at least this many ...
  int max_channel_boxes = 20;      // ... and at most this many
  double refill_box_s = 2.5;       // a technician loads one box into a channel
  int refill_technicians = 2;      // who do nothing but refill this machine
  double speed = 1.0;              // every duration above is divided by this
  FaultRates faults;               // jam, double_drop, wrong_load and unreadable apply here
  bool operator==(const ChannelMachineParams&) const = default;
};

// Boxes one channel holds for boxes `box_depth_mm` deep (> 0):
// floor(channel_depth_mm / box_depth_mm), clamped to min..max_channel_boxes.
int channel_capacity(int box_depth_mm, const ChannelMachineParams& params);

// Ok, or the first field out of range, with what was expected and found.
Status check_channel_machine_params(const ChannelMachineParams& params);

}  // namespace rx
