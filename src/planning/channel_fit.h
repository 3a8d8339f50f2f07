// Channel fit: whether a drug's box can go into a channel of the channel
// machine (device C in machine-model.md), or must live elsewhere. Pure.
#pragma once

#include "core/drug.h"
#include "core/machine/channel_machine_params.h"
#include "core/machine/pick_robot_params.h"

namespace rx {

// True if the box's face (width x height, either way round) passes the
// channel's opening and its depth, which sets the channel's capacity, is known
// and no longer than the channel. A width or height of 0 is unknown and does
// not rule the box out.
bool fits_channel(const Drug& drug, const ChannelMachineParams& params);

// True if the pick robot can store the box (inventory/robot_placement.h's shelf model).
// A drug without known dimensions is taken to fit, as the robot measures packs
// itself at the input.
bool fits_robot(const Drug& drug, const PickRobotParams& params);

}  // namespace rx
