// Stock at the simulators' locations: what is loaded, what each pack put out
// is, what runs out, and the channel machine's capacity rule.
#include <gtest/gtest.h>

#include <vector>

#include "devices/sim/channel_machine.h"
#include "devices/sim/location_stock.h"
#include "devices/sim/pick_robot.h"
#include "devices/sim/smart_shelf.h"
#include "interop/gs1/pack_code.h"
#include "unit/devices/gtins.h"
#include "unit/devices/pick_jobs.h"
#include "unit/devices/sim_fixture.h"

namespace rx {
namespace {

using test::kStart;
using test::ms;
using test::pick_job;
using test::pick_line;

const Date kExpiry = std::chrono::year{2028} / 6 / 30;

StockLoad stock_load(const std::string& location, const std::string& drug, const std::string& lot, int packs,
                     int depth_mm = 80) {
  return StockLoad{LocationCode(location), Lot{DrugCode(drug), LotNo(lot), kExpiry},
                   test::gtin_for(std::stoi(drug.substr(1))), packs, depth_mm};
}

StockedPack stocked(const std::string& drug, const std::string& lot) {
  return StockedPack{Lot{DrugCode(drug), LotNo(lot), kExpiry}, test::gtin_for(1)};
}

TEST(LocationStock, TakesFromTheFrontOrTheLotAskedFor) {
  LocationStock s;
  LocationCode at("R-1-0100");
  EXPECT_FALSE(s.tracked(at));
  s.put(at, stocked("D1", "A"), 2);
  s.put(at, stocked("D1", "B"), 1);
  s.put(at, stocked("D1", "A"), 1);  // behind B: a batch of its own
  EXPECT_TRUE(s.tracked(at));
  EXPECT_EQ(s.count(at), 4);
  LotNo b("B");
  EXPECT_EQ(s.take(at, &b)->lot.lot.value(), "B");
  LotNo missing("Z");
  EXPECT_EQ(s.take(at, &missing)->lot.lot.value(), "A");  // no Z here: the front one
  EXPECT_EQ(s.take(at)->lot.lot.value(), "A");
  EXPECT_EQ(s.take(at)->lot.lot.value(), "A");
  EXPECT_FALSE(s.take(at).has_value());
  EXPECT_TRUE(s.tracked(at));
  EXPECT_FALSE(s.take(LocationCode("R-1-0200")).has_value());
}

TEST(LocationStock, RowsAndAccountsPerLot) {
  LocationStock s;
  s.put(LocationCode("C-01-02"), stocked("D2", "X"), 3);
  s.put(LocationCode("C-01-01"), stocked("D1", "A"), 5);
  s.put(LocationCode("C-01-01"), stocked("D2", "X"), 1);
  ASSERT_TRUE(s.take(LocationCode("C-01-01")).has_value());
  std::vector<StockRow> rows = s.rows();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].location.value(), "C-01-01");
  EXPECT_EQ(rows[0].lot.drug.value(), "D1");
  EXPECT_EQ(rows[0].quantity, 4);
  EXPECT_EQ(rows[1].lot.drug.value(), "D2");
  EXPECT_EQ(rows[1].quantity, 1);
  EXPECT_EQ(rows[2].location.value(), "C-01-02");
  EXPECT_EQ(rows[2].quantity, 3);
  std::vector<LotAccount> accounts = s.accounts();
  ASSERT_EQ(accounts.size(), 2u);
  EXPECT_EQ(accounts[0].lot.lot.value(), "A");
  EXPECT_EQ(accounts[0].in, 5);
  EXPECT_EQ(accounts[0].out, 1);
  EXPECT_EQ(accounts[0].on_hand, 4);
  EXPECT_EQ(accounts[1].in, 4);
  EXPECT_EQ(accounts[1].out, 0);
  EXPECT_EQ(accounts[1].on_hand, 4);
}

TEST(ChannelCapacity, OneMetreOverTheBoxDepthClampedToSixToTwenty) {
  ChannelMachineParams p;
  EXPECT_EQ(channel_capacity(80, p), 12);   // floor(1000 / 80) = 12
  EXPECT_EQ(channel_capacity(55, p), 18);   // floor(18.18)
  EXPECT_EQ(channel_capacity(40, p), 20);   // 25, clamped to 20
  EXPECT_EQ(channel_capacity(200, p), 6);   // 5, clamped to 6
  EXPECT_EQ(channel_capacity(1000, p), 6);  // 1, clamped to 6
  p.channel_depth_mm = 600;
  p.max_channel_boxes = 10;
  EXPECT_EQ(channel_capacity(50, p), 10);
}

class ChannelMachineStockTest : public test::SimDeviceTest<ChannelMachine, ChannelMachineParams> {};

TEST_F(ChannelMachineStockTest, LoadChecksTheChannelsDrugCapacityAndBoxDepth) {
  ASSERT_TRUE(device_->load(stock_load("C-01-01", "D1", "A", 10)).ok());
  Status s = device_->load(stock_load("C-01-01", "D1", "A", 3));
  EXPECT_EQ(s.to_string(),
            "invalid_argument: packs: expected at most 2 (channel C-01-01 holds 12 boxes 80 mm deep and has 10 on hand "
            "or ordered), found 3");
  EXPECT_EQ(device_->load(stock_load("C-01-01", "D2", "B", 1)).to_string(),
            "invalid_argument: lot.drug: expected \"D1\", the drug channel C-01-01 holds, found \"D2\"");
  EXPECT_EQ(device_->load(stock_load("C-01-02", "D1", "A", 1, 0)).field(), "pack_depth_mm");
  EXPECT_EQ(device_->load(stock_load("C-11-01", "D1", "A", 1)).to_string(),
            "invalid_argument: location: expected C-SS-CC with shelf 01-10 and channel 01-60, found \"C-11-01\"");
  EXPECT_EQ(device_->load(stock_load("C-01-02", "D1", "A", 0)).field(), "packs");
  StockLoad no_gtin = stock_load("C-01-02", "D1", "A", 1);
  no_gtin.gtin.clear();
  EXPECT_EQ(device_->load(no_gtin).field(), "gtin");
  // Ordered refills count against the capacity too.
  ASSERT_TRUE(device_->refill(stock_load("C-01-01", "D1", "A", 2)).ok());
  EXPECT_EQ(device_->refill(stock_load("C-01-01", "D1", "A", 1)).field(), "packs");
  EXPECT_EQ(device_->stock().size(), 1u);
  EXPECT_EQ(device_->stock()[0].quantity, 10);
}

TEST_F(ChannelMachineStockTest, AnEmptiedChannelTakesAnotherDrug) {
  ASSERT_TRUE(device_->load(stock_load("C-01-01", "D1", "A", 1)).ok());
  device_->submit(pick_job(1, {pick_line("C-01-01", 1)}));
  sched_.run();
  EXPECT_TRUE(device_->load(stock_load("C-01-01", "D2", "B", 6, 160)).ok());
  EXPECT_EQ(device_->load(stock_load("C-01-01", "D2", "B", 1, 160)).field(), "packs");  // 1000 / 160 = 6
}

TEST_F(ChannelMachineStockTest, PacksCarryTheChannelsLotNotTheLines) {
  ASSERT_TRUE(device_->load(stock_load("C-02-10", "D7", "LOT-OLD", 1)).ok());
  ASSERT_TRUE(device_->load(stock_load("C-02-10", "D7", "LOT-NEW", 2)).ok());
  device_->submit(pick_job(1, {pick_line("C-02-10", 2)}));  // the line says lot L0A
  sched_.run();
  ASSERT_EQ(rec_.packs().size(), 2u);
  auto first = parse_pack_code(rec_.packs()[0].pack.code);
  auto second = parse_pack_code(rec_.packs()[1].pack.code);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->lot, "LOT-OLD");  // the front box first
  EXPECT_EQ(second->lot, "LOT-NEW");
  EXPECT_EQ(first->gtin, test::gtin_for(7));
  EXPECT_EQ(first->expiry, kExpiry);
  EXPECT_EQ(device_->stock().size(), 1u);
  EXPECT_EQ(device_->stock()[0].quantity, 1);
  EXPECT_EQ(completed_at(1), 1600 + 833 + 2500 + 4000);
}

TEST_F(ChannelMachineStockTest, AnEmptyChannelWithNoRefillOrderedFailsItsLine) {
  ASSERT_TRUE(device_->load(stock_load("C-01-60", "D1", "A", 1)).ok());
  device_->submit(pick_job(1, {pick_line("C-01-60", 3, 0), pick_line("C-02-60", 1, 1)}));
  sched_.run();
  // Box 1 ejects over 0-0.8 s; box 2's ejection (0.8-1.6 s) finds nothing,
  // and the line's last box is not tried. C-02-60 is untracked: taken on trust.
  ASSERT_EQ(rec_.failures().size(), 1u);
  const LineFailure& f = rec_.failures()[0];
  EXPECT_EQ(f.job_id, 1u);
  EXPECT_EQ(f.item, 0);
  EXPECT_EQ(f.location.value(), "C-01-60");
  EXPECT_EQ(f.packs, 2);
  EXPECT_EQ(f.reason, "channel C-01-60 empty");
  EXPECT_EQ(rec_.packs_of(1).size(), 2u);
  auto incomplete = rec_.state(1, JobState::kIncomplete);
  ASSERT_TRUE(incomplete);
  EXPECT_EQ(incomplete->detail, "lines[0] at C-01-60: 2 packs not put out (channel C-01-60 empty)");
  EXPECT_EQ(ms(incomplete->at), 5800 + 2500 + 4000);
  EXPECT_FALSE(rec_.state(1, JobState::kCompleted));
}

class PickRobotStockTest : public test::SimDeviceTest<PickRobot, PickRobotParams> {};

TEST_F(PickRobotStockTest, TheGripperTakesTheLinesLotAndFailsAnEmptySpot) {
  ASSERT_TRUE(device_->load(stock_load("R-1-0050", "D0", "OTHER", 2)).ok());
  ASSERT_TRUE(device_->load(stock_load("R-1-0050", "D0", "L0A", 1)).ok());
  ASSERT_TRUE(device_->load(stock_load("R-1-0100", "D1", "L1A", 1)).ok());
  device_->submit(pick_job(1, {pick_line("R-1-0050", 1, 0), pick_line("R-1-0100", 2, 1)}));
  sched_.run();
  // One trip: 333 out, grip (L0A), 333 on, grip, grip finds nothing, 667 back, 800 release.
  std::vector<std::string> lots;
  for (const auto& p : rec_.packs_of(1)) lots.push_back(parse_pack_code(p.pack.code)->lot);
  EXPECT_EQ(lots, (std::vector<std::string>{"L0A", "L1A"}));
  ASSERT_EQ(rec_.failures().size(), 1u);
  EXPECT_EQ(rec_.failures()[0].packs, 1);
  EXPECT_EQ(rec_.failures()[0].reason, "location R-1-0100 empty");
  EXPECT_EQ(pack_times(1), (std::vector<long long>{333 + 1200 + 333 + 1200 + 1200 + 667 + 800,
                                                   333 + 1200 + 333 + 1200 + 1200 + 667 + 800}));
  EXPECT_EQ(rec_.state(1, JobState::kIncomplete)->detail,
            "lines[1] at R-1-0100: 1 pack not put out (location R-1-0100 empty)");
  std::vector<StockRow> left = device_->stock();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].lot.lot.value(), "OTHER");
  EXPECT_EQ(left[0].quantity, 2);
}

class SmartShelfStockTest : public test::SimDeviceTest<SmartShelf, SmartShelfParams> {};

TEST_F(SmartShelfStockTest, ABinThatRunsOutMidLineFailsTheRest) {
  ASSERT_TRUE(device_->load(stock_load("F-02-03", "D0", "L0A", 2)).ok());
  device_->submit(pick_job(1, {pick_line("F-02-03", 3, 0, true)}));
  sched_.run();
  // 12 + 2 x 3 + 8 (fridge) = 26 s for the line, then 10 s to carry.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{26000, 26000}));
  ASSERT_EQ(rec_.failures().size(), 1u);
  EXPECT_EQ(rec_.failures()[0].packs, 1);
  EXPECT_EQ(rec_.failures()[0].reason, "bin F-02-03 empty");
  EXPECT_EQ(ms(rec_.state(1, JobState::kIncomplete)->at), 36000);
  EXPECT_TRUE(device_->stock().empty());
  ASSERT_EQ(device_->stock_accounts().size(), 1u);
  EXPECT_EQ(device_->stock_accounts()[0].out, 2);
}

}  // namespace
}  // namespace rx
