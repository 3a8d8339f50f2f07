#include "inventory/robot_placement.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

RobotPlaceUse use(std::string location, std::string holds, PackSize size, int packs) {
  return RobotPlaceUse{LocationCode(std::move(location)), std::move(holds), size, packs};
}

const PackSize kBox{90, 50, 20};  // takes 100 mm of the aisle with its gap; 25 deep

TEST(RobotPlacement, FootprintAndDepthFollowTheShelf) {
  RobotShelf s;
  s.level_pitch_mm = 350;
  EXPECT_EQ(robot_footprint_mm(kBox, s), 100);
  EXPECT_EQ(robot_footprint_mm(PackSize{400, 400, 40}, s), std::nullopt);    // 400 either way up: 330 clear
  EXPECT_EQ(robot_footprint_mm(PackSize{100, 400, 40}, s), 410);             // lies on its side
  EXPECT_EQ(robot_footprint_mm(PackSize{100, 300, 40}, s), 110);             // stands: 300 <= 330
  EXPECT_EQ(robot_footprint_mm(PackSize{100, 300, 40}, RobotShelf{}), 310);  // lies on its side at 280 clear
  EXPECT_EQ(robot_footprint_mm(PackSize{100, 50, 600}, s), std::nullopt);    // deeper than the 500 mm shelf
  EXPECT_EQ(robot_footprint_mm(PackSize{0, 50, 20}, s), std::nullopt);
  EXPECT_EQ(robot_place_packs(kBox, s), 25);
}

TEST(RobotPlacement, AnEmptyRobotFillsFromTheOutputPoint) {
  auto place = choose_robot_place(kBox, "D0001/L1", {}, RobotShelf{});
  ASSERT_TRUE(place.ok()) << place.status().to_string();
  EXPECT_EQ(place->value(), "R-1-0000");
}

TEST(RobotPlacement, APackJoinsItsLotWhileThePlaceIsDeepEnough) {
  std::vector<RobotPlaceUse> uses = {use("R-1-0000", "D0001/L1", kBox, 3), use("R-1-0010", "D0002/L9", kBox, 1)};
  EXPECT_EQ(choose_robot_place(kBox, "D0001/L1", uses, RobotShelf{})->value(), "R-1-0000");
  uses[0].packs = 25;  // 25 x 20 mm fill the 500 mm shelf
  EXPECT_EQ(choose_robot_place(kBox, "D0001/L1", uses, RobotShelf{})->value(), "R-1-0020");
}

TEST(RobotPlacement, ThePackTakesTheTightestGapThatFits) {
  // Level 1: a 150 mm gap at 100..250 and a 100 mm gap at 600..700 (cm 60..70),
  // then free from 800 mm on.
  std::vector<RobotPlaceUse> uses = {
      use("R-1-0000", "A/1", kBox, 1),                   // 0..100
      use("R-1-0025", "B/1", PackSize{340, 50, 20}, 1),  // 250..600
      use("R-1-0070", "C/1", kBox, 1),                   // 700..800
  };
  // A 100 mm pack fits both gaps: the one it fills exactly.
  EXPECT_EQ(choose_robot_place(kBox, "D/1", uses, RobotShelf{})->value(), "R-1-0060");
  // A 140 mm pack fits only the first gap.
  EXPECT_EQ(choose_robot_place(PackSize{130, 50, 20}, "E/1", uses, RobotShelf{})->value(), "R-1-0010");
  // A 400 mm pack fits no gap, so it goes after the last place.
  EXPECT_EQ(choose_robot_place(PackSize{390, 50, 20}, "F/1", uses, RobotShelf{})->value(), "R-1-0080");
}

TEST(RobotPlacement, RefusesAPackThatFitsNoLevelAndAFullRobot) {
  auto too_big = choose_robot_place(PackSize{300, 300, 40}, "A/1", {}, RobotShelf{});
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.status().field(), "size");
  EXPECT_NE(too_big.status().message().find("300 x 300 x 40"), std::string::npos);

  RobotShelf tiny;
  tiny.levels = 1;
  tiny.aisle_cm = 15;  // 150 mm: one 100 mm place
  std::vector<RobotPlaceUse> uses = {use("R-1-0000", "A/1", kBox, 25)};
  auto full = choose_robot_place(kBox, "B/1", uses, tiny);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.status().code(), ErrorCode::kNotFound);
}

TEST(RobotPlacement, ReadsLocationCodes) {
  EXPECT_EQ(robot_location_parts(LocationCode("R-3-0140")), (std::pair{3, 140}));
  EXPECT_EQ(robot_location_parts(LocationCode("C-01-02")), std::nullopt);
  EXPECT_EQ(robot_location_parts(LocationCode("R-3-14")), std::nullopt);
  EXPECT_EQ(robot_location_parts(LocationCode("R-x-0140")), std::nullopt);
}

}  // namespace
}  // namespace rx
