// The channel machine's timing against machine-model.md, worked out by hand.
// Reference figures: eject 0.8 s per box, at most 4 channels of a shelf
// ejecting at once; channel CC at x = CC * 0.05 m, belt 0.6 m/s (x / 0.6 s);
// drop 2.5 s after a basket's last box; conveyor 4.0 s; 12 boxes a basket;
// two buckets; refills 2.5 s per box by two technicians. Times are ms since
// the start, each step rounded to the ms on its own.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "devices/sim/channel_machine.h"
#include "unit/devices/pick_jobs.h"
#include "unit/devices/sim_fixture.h"

namespace rx {
namespace {

using test::kStart;
using test::ms;
using test::pick_job;
using test::pick_line;

class ChannelMachineTimingTest : public test::SimDeviceTest<ChannelMachine, ChannelMachineParams> {
 protected:
  std::map<int, long long> pack_time_by_item(uint64_t job_id) const {
    std::map<int, long long> out;
    for (const auto& p : rec_.packs_of(job_id)) out[p.pack.item] = ms(p.at);
    return out;
  }
  StockLoad boxes(const std::string& location, int packs, int depth_mm = 80) const {
    const PickLine line = pick_line(location, 1);
    return StockLoad{line.location, Lot{line.drug, line.lot, line.expiry}, line.gtin, packs, depth_mm};
  }
  int on_hand(const std::string& location) const {
    int n = 0;
    for (const StockRow& row : device_->stock()) {
      if (row.location.value() == location) n += row.quantity;
    }
    return n;
  }
};

TEST_F(ChannelMachineTimingTest, OneBoxFromC0324OnAnIdleMachine) {
  device_->submit(pick_job(1, {pick_line("C-03-24", 1)}));
  sched_.run();
  // x = 24 * 0.05 = 1.2 m. Eject 0.8 s, belt 1.2 / 0.6 = 2.0 s: at the
  // collector at 2.8 s. Drop 2.5 s, conveyor 4.0 s: 0.8 + 2.0 + 2.5 + 4.0 = 9.3 s.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{2800}));
  EXPECT_EQ(completed_at(1), 9300);
}

TEST_F(ChannelMachineTimingTest, ThreeBoxesFromOneChannelEjectOneAfterAnother) {
  device_->submit(pick_job(1, {pick_line("C-03-24", 3)}));
  sched_.run();
  // Ejections end at 0.8, 1.6 and 2.4 s; each box then rides 2.0 s.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{2800, 3600, 4400}));
  // The last box arrives at 4.4 s: 4.4 + 2.5 + 4.0 = 10.9 s.
  EXPECT_EQ(completed_at(1), 10900);
}

TEST_F(ChannelMachineTimingTest, AFifthChannelOnOneShelfWaitsForAnEjector) {
  std::vector<PickLine> lines;
  for (int c : {12, 24, 36, 48, 60}) lines.push_back(pick_line(fmt::format("C-03-{:02d}", c), 1, c));
  device_->submit(pick_job(1, lines));
  sched_.run();
  // Channels 12, 24, 36 and 48 (x = 0.6, 1.2, 1.8, 2.4 m) eject over 0-0.8 s
  // and ride 1.0, 2.0, 3.0, 4.0 s. Channel 60 (x = 3.0 m) waits for a free
  // ejector, ejects over 0.8-1.6 s and rides 5.0 s: 6.6 s.
  std::map<int, long long> expected{{12, 1800}, {24, 2800}, {36, 3800}, {48, 4800}, {60, 6600}};
  EXPECT_EQ(pack_time_by_item(1), expected);
  // 6.6 + 2.5 + 4.0 = 13.1 s.
  EXPECT_EQ(completed_at(1), 13100);
}

TEST_F(ChannelMachineTimingTest, TwoPrescriptionsFillTheTwoBucketsAndAThirdWaitsForOne) {
  device_->submit(pick_job(1, {pick_line("C-01-12", 1)}));
  device_->submit(pick_job(2, {pick_line("C-02-24", 1)}));
  device_->submit(pick_job(3, {pick_line("C-04-06", 1)}));
  sched_.run();
  // Job 1: 0.8 + 0.6 / 0.6 = 1.8 s at its bucket, dropped at 4.3 s, ready at 8.3 s.
  // Job 2, in the other bucket at once: 0.8 + 2.0 = 2.8 s, ready at 9.3 s.
  EXPECT_EQ(started_at(1), 0);
  EXPECT_EQ(started_at(2), 0);
  EXPECT_EQ(completed_at(1), 8300);
  EXPECT_EQ(completed_at(2), 9300);
  // Job 3 gets job 1's bucket when its drop ends at 4.3 s: 4.3 + 0.8 + 0.3 / 0.6
  // = 5.6 s at the bucket, 5.6 + 2.5 + 4.0 = 12.1 s ready.
  EXPECT_EQ(started_at(3), 4300);
  EXPECT_EQ(pack_times(3), (std::vector<long long>{5600}));
  EXPECT_EQ(completed_at(3), 12100);
}

TEST_F(ChannelMachineTimingTest, ThirteenBoxesMakeASecondBasket) {
  device_->submit(pick_job(1, {pick_line("C-05-06", 13)}));
  sched_.run();
  // x = 0.3 m, 0.5 s of belt: box k arrives at 0.8 k + 0.5 s. The 12th, at
  // 10.1 s, fills the first basket, dropped until 12.6 s (ready at 16.6 s).
  // The 13th arrives at 10.9 s during the drop and waits; the bucket returns
  // at 12.6 s, drops it until 15.1 s, and the second basket is ready at 19.1 s.
  ASSERT_EQ(pack_times(1).size(), 13u);
  EXPECT_EQ(pack_times(1)[11], 10100);
  EXPECT_EQ(pack_times(1)[12], 10900);
  EXPECT_EQ(completed_at(1), 19100);
}

TEST_F(ChannelMachineTimingTest, ABoxWaitsForTheRefillOfItsEmptyChannel) {
  ASSERT_TRUE(device_->load(boxes("C-03-24", 1)).ok());
  device_->submit(pick_job(1, {pick_line("C-03-24", 2)}));
  ASSERT_TRUE(device_->refill(boxes("C-03-24", 3)).ok());
  sched_.run();
  // The refill technician starts at once: the channel is idle. Three boxes
  // at 2.5 s each: loaded at 7.5 s, and the channel cannot eject meanwhile.
  // Box 1 (already there) ejects over 7.5-8.3 s, box 2 over 8.3-9.1 s; each
  // rides 2.0 s.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{10300, 11100}));
  EXPECT_EQ(completed_at(1), 11100 + 2500 + 4000);
  EXPECT_EQ(on_hand("C-03-24"), 2);
}

TEST_F(ChannelMachineTimingTest, ARefillWaitsForTheBoxBeingEjected) {
  ASSERT_TRUE(device_->load(boxes("C-03-24", 2)).ok());
  device_->submit(pick_job(1, {pick_line("C-03-24", 2)}));
  sched_.run_until(kStart + Duration(100));
  ASSERT_TRUE(device_->refill(boxes("C-03-24", 2)).ok());
  sched_.run();
  // Box 1 ejects over 0-0.8 s. The technician, waiting since 0.1 s, loads two
  // boxes over 0.8-5.8 s; box 2 then ejects over 5.8-6.6 s and rides 2.0 s.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{2800, 8600}));
  EXPECT_EQ(on_hand("C-03-24"), 2);
}

TEST_F(ChannelMachineTimingTest, AChannelWithARefillOrderedIsBlockedUntilLoaded) {
  ASSERT_TRUE(device_->load(boxes("C-03-24", 2)).ok());
  EXPECT_FALSE(device_->location_blocked(LocationCode("C-03-24")));
  ASSERT_TRUE(device_->refill(boxes("C-03-24", 2)).ok());
  // Plans keep off it: loading two boxes stops its ejections for 5.0 s.
  EXPECT_TRUE(device_->location_blocked(LocationCode("C-03-24")));
  EXPECT_FALSE(device_->location_blocked(LocationCode("C-03-25")));
  sched_.run_until(kStart + Duration(4999));
  EXPECT_TRUE(device_->location_blocked(LocationCode("C-03-24")));
  sched_.run_until(kStart + Duration(5000));
  EXPECT_FALSE(device_->location_blocked(LocationCode("C-03-24")));
  EXPECT_EQ(on_hand("C-03-24"), 4);
}

TEST_F(ChannelMachineTimingTest, TwoRefillTechniciansWorkAtOnceAndAThirdOrderWaits) {
  for (const char* channel : {"C-01-01", "C-01-02", "C-01-03"}) {
    ASSERT_TRUE(device_->refill(boxes(channel, 2)).ok());
  }
  EXPECT_EQ(device_->refills_open(), 3);
  // Two technicians load C-01-01 and C-01-02 over 0-5.0 s (2 x 2.5 s); the
  // third order starts at 5.0 s and ends at 10.0 s.
  sched_.run_until(kStart + Duration(2500));
  EXPECT_EQ(on_hand("C-01-01"), 1);
  EXPECT_EQ(on_hand("C-01-02"), 1);
  EXPECT_EQ(on_hand("C-01-03"), 0);
  sched_.run_until(kStart + Duration(5000));
  EXPECT_EQ(device_->refills_open(), 1);
  sched_.run_until(kStart + Duration(9999));
  EXPECT_EQ(on_hand("C-01-03"), 1);
  sched_.run_until(kStart + Duration(10000));
  EXPECT_EQ(on_hand("C-01-03"), 2);
  EXPECT_EQ(device_->refills_open(), 0);
}

TEST_F(ChannelMachineTimingTest, RefillTimeAndTechniciansComeFromTheParams) {
  ChannelMachineParams p;
  p.refill_box_s = 4.0;
  p.refill_technicians = 1;
  make(p);
  ASSERT_TRUE(device_->refill(boxes("C-01-01", 2)).ok());
  ASSERT_TRUE(device_->refill(boxes("C-01-02", 1)).ok());
  // One technician: 2 x 4.0 s, then 4.0 s more.
  sched_.run_until(kStart + Duration(8000));
  EXPECT_EQ(on_hand("C-01-01"), 2);
  EXPECT_EQ(on_hand("C-01-02"), 0);
  sched_.run();
  EXPECT_EQ(ms(sched_.now()), 12000);
  EXPECT_EQ(on_hand("C-01-02"), 1);
}

}  // namespace
}  // namespace rx
