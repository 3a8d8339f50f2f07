// Chaotic placement in the pick robot (device R in machine-model.md): where a
// pack goes is decided by its size, not by its drug. Pure.
//
// The shelf model: each level L is a board aisle_cm long; its clear height is
// the level pitch less a 20 mm board. A pack stands with its width along the
// aisle, its height up and its depth into the shelf; a pack too tall for the
// level lies on its side (width up, height along the aisle). A place
// R-L-xxxx is the stretch of level L that starts xxxx cm from the output
// point and is as wide as its packs plus a 10 mm gap; packs of one lot stand
// one behind the other there until the shelf's depth (500 mm) is used up.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/stock.h"

namespace rx {

struct PackSize {
  int width_mm = 0;
  int height_mm = 0;
  int depth_mm = 0;
};

// What stands at one robot place now.
struct RobotPlaceUse {
  LocationCode location;  // R-L-xxxx
  std::string holds;      // the lot there ("drug/lot"): only packs of it join the place
  PackSize size;          // of one pack there
  int packs = 0;
};

// The shelf model; planning/robot_shelf.h derives it from a robot's figures.
struct RobotShelf {
  int levels = 8;
  int level_pitch_mm = 300;
  int aisle_cm = 1000;
  int board_mm = 20;         // taken off the pitch: the clear height of a level
  int shelf_depth_mm = 500;  // packs of one place stand this deep at most
  int gap_mm = 10;           // between neighbouring places
  double horizontal_m_per_s = 1.5;
  double vertical_m_per_s = 1.0;
};

// The length along the aisle a pack of `size` takes (its gap included), or
// nullopt if it fits no level standing or lying, or a dimension is not > 0.
std::optional<int> robot_footprint_mm(const PackSize& size, const RobotShelf& shelf);

// Packs of `size` one place holds: shelf depth / pack depth, at least 1.
int robot_place_packs(const PackSize& size, const RobotShelf& shelf);

// Where the robot puts one more pack of `holds`: behind the packs of the same
// lot at a place with depth to spare (the nearest to the output first), else
// at the free stretch that fits its footprint most tightly, so that long
// stretches stay free for wide packs (the nearest to the output among
// equals). not_found when no level has room; invalid for a pack that fits no
// level. Uses whose location is not R-L-xxxx are ignored.
Result<LocationCode> choose_robot_place(const PackSize& size, const std::string& holds,
                                        const std::vector<RobotPlaceUse>& uses, const RobotShelf& shelf);

// "R-L-xxxx" split into level and centimetres; nullopt if it is not one.
std::optional<std::pair<int, int>> robot_location_parts(const LocationCode& location);

}  // namespace rx
