// ChannelMachineParams: the figures of a channel dispensing machine (device C
// in machine-model.md), defaulting to the reference machine. Plain data, so a
// scenario file can override any of them.
#pragma once

#include <string>

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
  double speed = 1.0;              // every duration above is divided by this
};

// Ok, or the first field out of range, with what was expected and found.
Status check_channel_machine_params(const ChannelMachineParams& params);

}  // namespace rx
