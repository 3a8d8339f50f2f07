#include "planning/channel_fit.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "planning/slotting.h"

namespace rx {
namespace {

Drug box(int n, int w, int h, int d) {
  Drug drug;
  drug.code = DrugCode(fmt::format("D{:04d}", n));
  drug.gtin = fmt::format("0200000000{:04d}", n);
  drug.pack_w_mm = w;
  drug.pack_h_mm = h;
  drug.pack_d_mm = d;
  drug.machine_ok = true;
  return drug;
}

TEST(ChannelFit, ReferenceChannelTakesCommonBoxesEitherWayRound) {
  ChannelMachineParams p;  // opening 130 x 100 mm, 1000 mm deep
  EXPECT_TRUE(fits_channel(box(1, 93, 60, 22), p));
  EXPECT_TRUE(fits_channel(box(2, 130, 100, 45), p));  // exactly the opening
  EXPECT_TRUE(fits_channel(box(3, 58, 108, 58), p));   // too tall upright, fits turned
  EXPECT_TRUE(fits_channel(box(4, 95, 0, 17), p));     // unknown height does not rule it out
}

TEST(ChannelFit, RefusesBoxesTooBigOrOfUnknownDepth) {
  ChannelMachineParams p;
  EXPECT_FALSE(fits_channel(box(1, 35, 155, 38), p));   // a tube: 155 mm fits neither way
  EXPECT_FALSE(fits_channel(box(2, 122, 118, 45), p));  // 118 > 100 upright, 122 > 100 turned
  EXPECT_FALSE(fits_channel(box(3, 131, 60, 20), p));   // 131 > 130 upright, 131 > 100 turned
  EXPECT_FALSE(fits_channel(box(4, 90, 50, 0), p));     // capacity unknown
  EXPECT_FALSE(fits_channel(box(5, 90, 50, 1001), p));  // longer than the channel
  p.channel_width_mm = 160;
  p.channel_height_mm = 140;
  EXPECT_TRUE(fits_channel(box(6, 122, 118, 45), p));
}

TEST(ChannelFit, RobotHoldsWhatStandsOrLiesOnALevel) {
  PickRobotParams p;  // 300 mm pitch: 280 mm clear
  EXPECT_TRUE(fits_robot(box(1, 35, 155, 38), p));
  EXPECT_TRUE(fits_robot(box(2, 100, 300, 40), p));   // lies on its side
  EXPECT_FALSE(fits_robot(box(3, 300, 300, 40), p));  // neither way
  EXPECT_FALSE(fits_robot(box(4, 90, 50, 600), p));   // deeper than the shelf
  EXPECT_TRUE(fits_robot(box(5, 0, 0, 0), p));        // the robot measures it
}

// D0001 fits a channel; D0002 (a tube) and D0003 (a wide box) do not; D0004
// fits neither machine.
Formulary mixed_formulary() {
  return Formulary({box(1, 93, 60, 22), box(2, 35, 155, 38), box(3, 122, 118, 45), box(4, 300, 300, 40)});
}

TEST(ChannelFit, SlottingSendsBoxesThatFitNoChannelToTheRobotOrShelf) {
  Formulary f = mixed_formulary();
  SlottingInput in;
  in.formulary = &f;
  for (int i = 1; i <= 4; ++i) in.demand[DrugCode(fmt::format("D{:04d}", i))] = 10.0 / i;
  auto slots = plan_slots(in);
  ASSERT_TRUE(slots.ok()) << slots.status().to_string();
  std::map<std::string, std::set<char>> devices;
  int channels = 0;
  for (const Slot& s : *slots) {
    devices[s.drug.value()].insert(location_device(s.location));
    if (location_device(s.location) == 'C') ++channels;
  }
  EXPECT_EQ(devices["D0001"], (std::set<char>{'C', 'R'}));
  EXPECT_EQ(devices["D0002"], (std::set<char>{'R'}));
  EXPECT_EQ(devices["D0003"], (std::set<char>{'R'}));
  EXPECT_EQ(devices["D0004"], (std::set<char>{'S'}));
  // The one drug that fits takes every channel.
  EXPECT_EQ(channels, 600);
}

}  // namespace
}  // namespace rx
