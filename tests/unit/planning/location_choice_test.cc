#include "planning/location_choice.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace rx {
namespace {

LotPlace place(std::string location, int available) { return LotPlace{LocationCode(std::move(location)), available}; }

const IdleMachines kMachines;

TEST(ChooseLocations, SpreadsALineOverChannelsOnDifferentShelves) {
  // Each channel at x = 3.0 m: one box is ready after 0.8 + 5 + 6.5 = 12.3 s;
  // a second box from the same channel only after 13.1 s.
  auto chosen = choose_locations({place("C-01-60", 5), place("C-02-60", 5), place("C-03-60", 5)}, 3, {}, kMachines);
  EXPECT_EQ(chosen, (std::vector<int>{1, 1, 1}));
}

TEST(ChooseLocations, KeepsAChannelNearTheCollectorWhenItIsSoonerOneAfterAnother) {
  // C-01-05: 0.8 + 0.417 + 6.5 = 7.717 s, then 8.517 s, well before C-02-60's 12.3 s.
  auto chosen = choose_locations({place("C-01-05", 5), place("C-02-60", 5)}, 2, {}, kMachines);
  EXPECT_EQ(chosen, (std::vector<int>{2, 0}));
}

TEST(ChooseLocations, AvoidsABusyChannelAndAFullShelf) {
  DeviceLoad load;
  load.channel_boxes["C-01-60"] = 4;  // four boxes wait there: its next is ready at 12.3 + 3.2 s
  auto chosen = choose_locations({place("C-01-60", 5), place("C-02-60", 5)}, 1, load, kMachines);
  EXPECT_EQ(chosen, (std::vector<int>{0, 1}));

  // Five channels on shelf 1 (x = 2.80..3.00 m) and one on shelf 2: four of
  // shelf 1 eject at once, the fifth would wait a round (13.1 s), so the
  // fifth pack goes to shelf 2 (12.3 s).
  auto spread = choose_locations({place("C-01-56", 1), place("C-01-57", 1), place("C-01-58", 1), place("C-01-59", 1),
                                  place("C-01-60", 1), place("C-02-60", 5)},
                                 5, {}, kMachines);
  EXPECT_EQ(spread, (std::vector<int>{1, 1, 1, 1, 0, 1}));
}

TEST(ChooseLocations, PrefersTheDeviceThatFinishesSoonest) {
  // Idle: the robot's R-1-0150 (6.0 s) beats C-05-60 (12.3 s).
  std::vector<LotPlace> places{place("C-05-60", 5), place("R-1-0150", 5)};
  EXPECT_EQ(choose_locations(places, 1, {}, kMachines), (std::vector<int>{0, 1}));
  // With 10 s of work queued on the robot the channel is sooner.
  DeviceLoad busy;
  busy.robot = std::chrono::seconds(10);
  EXPECT_EQ(choose_locations(places, 1, busy, kMachines), (std::vector<int>{1, 0}));
  // The shelf (22 s) loses to both; ties keep FEFO's order.
  EXPECT_EQ(choose_locations({place("S-01-01", 5), place("C-05-60", 5)}, 1, {}, kMachines), (std::vector<int>{0, 1}));
  EXPECT_EQ(choose_locations({place("C-05-60", 5), place("C-06-60", 5)}, 1, {}, kMachines), (std::vector<int>{1, 0}));
}

TEST(ChooseLocations, MovesToTheRobotWhenEveryBucketIsTaken) {
  // Idle, C-05-05 (0.8 + 0.417 + 2.5 + 4.0 = 7.717 s) beats R-1-0600
  // (4.0 + 1.2 + 4.0 + 0.8 + 2.0 = 12.0 s).
  std::vector<LotPlace> places{place("C-05-05", 5), place("R-1-0600", 5)};
  DeviceLoad load;
  // One open job at C-01-60 (0.8 + 5.0 + 2.5 = 8.3 s of bucket time) leaves
  // the second bucket free.
  load.add_job({IdleLine{0, LocationCode("C-01-60"), 1, false}}, kMachines);
  EXPECT_DOUBLE_EQ(load.bucket_wait_s(kMachines), 0.0);
  EXPECT_EQ(choose_locations(places, 1, load, kMachines), (std::vector<int>{1, 0}));
  // A second takes it: a new job waits (8.3 + 8.3) / 2 = 8.3 s, and the
  // channel's 7.717 + 1.5 x 8.3 = 20.2 s loses to the robot's 12.0 s.
  load.add_job({IdleLine{0, LocationCode("C-02-60"), 1, false}}, kMachines);
  EXPECT_EQ(load.channel_jobs, 2);
  EXPECT_NEAR(load.bucket_wait_s(kMachines), 8.3, 1e-9);
  EXPECT_EQ(choose_locations(places, 1, load, kMachines), (std::vector<int>{0, 1}));
}

TEST(ChooseLocations, CountsTheWaitForABucketMoreThanItsSeconds) {
  // Both buckets taken (8.3 s of wait) and 6 s queued on the robot:
  // C-05-05 is ready in 7.717 + 8.3 = 16.0 s, R-1-0600 in 6.0 + 12.0 = 18.0 s,
  // but the channel job would also hold a bucket that later jobs wait for,
  // so its wait counts 1.5 times (20.2 s) and the robot takes the pack.
  std::vector<LotPlace> places{place("C-05-05", 5), place("R-1-0600", 5)};
  DeviceLoad load;
  load.add_job({IdleLine{0, LocationCode("C-01-60"), 1, false}}, kMachines);
  load.add_job({IdleLine{0, LocationCode("C-02-60"), 1, false}}, kMachines);
  load.robot = std::chrono::seconds(6);
  ASSERT_NEAR(load.bucket_wait_s(kMachines), 8.3, 1e-9);
  EXPECT_EQ(choose_locations(places, 1, load, kMachines), (std::vector<int>{0, 1}));
  // With 9 s queued on the robot (21.0 s) the channel keeps it.
  load.robot = std::chrono::seconds(9);
  EXPECT_EQ(choose_locations(places, 1, load, kMachines), (std::vector<int>{1, 0}));
}

TEST(DeviceLoad, APlanLineJoinsThePlansOwnJob) {
  DeviceLoad load;
  load.add_plan_line(IdleLine{0, LocationCode("C-01-10"), 2, false}, kMachines);
  load.add_plan_line(IdleLine{1, LocationCode("C-02-10"), 1, false}, kMachines);
  EXPECT_EQ(load.channel_boxes.at("C-01-10"), 2);
  EXPECT_EQ(load.channel_boxes.at("C-02-10"), 1);
  EXPECT_EQ(load.channel_jobs, 0) << "the plan's job is not yet open";
  EXPECT_EQ(load.bucket, Duration(0));
  load.add_plan_line(IdleLine{2, LocationCode("R-1-0150"), 1, false}, kMachines);
  EXPECT_DOUBLE_EQ(load.robot_s(), 4.0);
}

TEST(DeviceLoad, TakingAwayWhatWasAddedLeavesExactlyWhatWasThere) {
  DeviceLoad before;
  before.add_job({IdleLine{0, LocationCode("C-01-10"), 2, false}}, kMachines);
  before.add_job({IdleLine{0, LocationCode("S-01-01"), 1, true}}, kMachines);
  DeviceLoad load = before;
  const std::vector<IdleLine> channel{IdleLine{0, LocationCode("C-01-10"), 1, false},
                                      IdleLine{1, LocationCode("C-03-07"), 3, false}};
  const std::vector<IdleLine> robot{IdleLine{0, LocationCode("R-1-0150"), 2, false}};
  const IdleLine plan_line{2, LocationCode("C-02-10"), 1, false};
  const IdleLine plan_shelf{3, LocationCode("F-01-02"), 2, true};
  load.add_job(channel, kMachines);
  load.add_job(robot, kMachines);
  load.add_plan_line(plan_line, kMachines);
  load.add_plan_line(plan_shelf, kMachines);
  EXPECT_NE(load, before);
  load.remove_job(robot, kMachines);
  load.remove_plan_line(plan_line, kMachines);
  load.remove_job(channel, kMachines);
  load.remove_plan_line(plan_shelf, kMachines);
  EXPECT_EQ(load, before);
  EXPECT_EQ(load.channel_boxes.count("C-03-07"), 0u) << "a channel with no box left has no entry";
}

TEST(ChooseLocations, NeverTakesMoreThanAPlaceHas) {
  auto chosen = choose_locations({place("C-01-60", 1), place("C-02-60", 2)}, 5, {}, kMachines);
  EXPECT_EQ(chosen, (std::vector<int>{1, 2}));
  EXPECT_EQ(choose_locations({}, 2, {}, kMachines), (std::vector<int>{}));
}

TEST(DeviceLoad, AddsWhatOpenJobsStillHaveToDo) {
  DeviceLoad load;
  load.add_job({IdleLine{0, LocationCode("C-01-10"), 2, false}, IdleLine{1, LocationCode("C-01-10"), 1, false}},
               kMachines);
  // R-1-0150: 6.0 s idle, of which 4.0 s hold the gripper.
  load.add_job({IdleLine{0, LocationCode("R-1-0150"), 1, false}}, kMachines);
  load.add_job({IdleLine{0, LocationCode("S-01-01"), 1, true}}, kMachines);  // 12 + 8 + 10 s
  load.add_job({IdleLine{0, LocationCode("X-9"), 1, false}}, kMachines);     // of no device: left out
  EXPECT_EQ(load.channel_boxes.at("C-01-10"), 3);
  // C-01-10's three boxes, one after another: 3 x 0.8 + 0.833 + 2.5 s in a bucket.
  EXPECT_EQ(load.channel_jobs, 1);
  EXPECT_NEAR(std::chrono::duration<double>(load.bucket).count(), 2.4 + 0.833 + 2.5, 1e-3);
  EXPECT_DOUBLE_EQ(load.robot_s(), 4.0);
  EXPECT_DOUBLE_EQ(load.shelf_s(), 30.0);
}

}  // namespace
}  // namespace rx
