// The pick robot's shelf model (inventory/robot_placement.h) from the figures
// of a robot (device R in machine-model.md). Pure.
#pragma once

#include "core/machine/pick_robot_params.h"
#include "inventory/robot_placement.h"

namespace rx {

// The shelf model of a robot with these figures.
RobotShelf robot_shelf(const PickRobotParams& params);

}  // namespace rx
