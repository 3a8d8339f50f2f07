#include "planning/robot_shelf.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

TEST(RobotShelf, FollowsTheRobotsFigures) {
  PickRobotParams p;
  p.levels = 6;
  p.level_pitch_m = 0.35;
  p.aisle_cm = 1500;
  p.horizontal_m_per_s = 2.0;
  p.vertical_m_per_s = 0.5;
  RobotShelf s = robot_shelf(p);
  EXPECT_EQ(s.levels, 6);
  EXPECT_EQ(s.level_pitch_mm, 350);
  EXPECT_EQ(s.aisle_cm, 1500);
  EXPECT_DOUBLE_EQ(s.horizontal_m_per_s, 2.0);
  EXPECT_DOUBLE_EQ(s.vertical_m_per_s, 0.5);
  EXPECT_EQ(robot_footprint_mm(PackSize{100, 300, 40}, s), 110);  // stands: 300 <= 330 clear
}

}  // namespace
}  // namespace rx
