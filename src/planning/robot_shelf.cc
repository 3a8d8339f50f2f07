#include "planning/robot_shelf.h"

#include <cmath>

namespace rx {

RobotShelf robot_shelf(const PickRobotParams& p) {
  RobotShelf s;
  s.levels = p.levels;
  s.level_pitch_mm = static_cast<int>(std::lround(p.level_pitch_m * 1000));
  s.aisle_cm = p.aisle_cm;
  s.horizontal_m_per_s = p.horizontal_m_per_s;
  s.vertical_m_per_s = p.vertical_m_per_s;
  return s;
}

}  // namespace rx
