#include "inventory/stock_locations.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

Drug box(int depth_mm) {
  Drug d;
  d.code = DrugCode("D0001");
  d.pack_d_mm = depth_mm;
  return d;
}

TEST(StockLocations, AChannelHoldsAsManyBoxesAsItsDepthTakesWithinTheMachinesBounds) {
  StockLocations l;
  EXPECT_EQ(l.packs(LocationCode("C-01-01"), box(22)), 20);   // 45, at most 20
  EXPECT_EQ(l.packs(LocationCode("C-01-01"), box(100)), 10);
  EXPECT_EQ(l.packs(LocationCode("C-01-01"), box(400)), 6);   // 2, at least 6
  EXPECT_EQ(l.packs(LocationCode("C-01-01"), box(0)), 20);    // no depth on record: the largest
  l.channel_depth_mm = 600;
  EXPECT_EQ(l.packs(LocationCode("C-01-01"), box(100)), 6);
}

TEST(StockLocations, OtherKindsHaveTheirDefaultAndALocationsOwnFigureWins) {
  StockLocations l;
  EXPECT_EQ(l.packs(LocationCode("R-1-0087"), box(20)), l.robot_packs);
  EXPECT_EQ(l.packs(LocationCode("S-01-01"), box(20)), l.shelf_packs);
  EXPECT_EQ(l.packs(LocationCode("F-09-01"), box(20)), l.fridge_packs);
  l.capacity["C-01-01"] = 7;
  l.capacity["S-01-01"] = 3;
  EXPECT_EQ(l.packs(LocationCode("C-01-01"), box(22)), 7);
  EXPECT_EQ(l.packs(LocationCode("S-01-01"), box(22)), 3);
}

TEST(StockLocations, TheReserveStoreIsUnlimited) {
  StockLocations l;
  EXPECT_EQ(l.packs(LocationCode("B-01"), box(22)), std::nullopt);
  EXPECT_EQ(l.packs(LocationCode("B-07"), box(22)), std::nullopt);
}

TEST(StockLocations, KnownLocationsAreTheFiguresTheChannelsAndTheReserve) {
  StockLocations l;
  l.channel_shelves = 2;
  l.channels_per_shelf = 3;
  l.capacity["S-01-01"] = 5;
  l.capacity["C-01-02"] = 7;
  std::vector<std::string> codes;
  for (const auto& c : l.known()) codes.push_back(c.value());
  EXPECT_EQ(codes, (std::vector<std::string>{"B-01", "C-01-01", "C-01-02", "C-01-03", "C-02-01", "C-02-02",
                                             "C-02-03", "S-01-01"}));
  EXPECT_EQ(StockLocations{}.known().size(), 601u) << "the reference machine's 600 channels and B-01";
}

}  // namespace
}  // namespace rx
