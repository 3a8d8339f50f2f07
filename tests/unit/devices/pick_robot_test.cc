#include "devices/sim/pick_robot.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/machine/pick_robot_params.h"
#include "core/virtual_scheduler.h"
#include "interop/gs1/pack_code.h"
#include "unit/devices/pick_jobs.h"
#include "unit/devices/sim_fixture.h"

namespace rx {
namespace {

using test::kStart;
using test::ms;
using test::pick_job;
using test::pick_line;

// One robot in virtual time with a recording listener. Times below are ms
// since kStart. Level L is (L - 1) * 0.3 m above the output point, position
// xxxx is xxxx cm from it; a move takes max(dx / 1.5, dh / 1.0) s, and each
// move, grip (1200), release (800) and chute (2000) is rounded to the ms on
// its own.
class PickRobotTest : public test::SimDeviceTest<PickRobot, PickRobotParams> {
 protected:
  std::vector<int> pack_items(uint64_t job_id) const {
    std::vector<int> out;
    for (const auto& p : rec_.packs_of(job_id)) out.push_back(p.pack.item);
    return out;
  }

  std::unique_ptr<PickRobot>& robot_ = device_;
};

TEST_F(PickRobotTest, OnePackNearTheOutputPoint) {
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 1)}));
  sched_.run();
  // Level 1 is level with the output point: 0.5 m / 1.5 m/s = 333 out, 1200 grip,
  // 333 back, 800 release; then 2000 down the chute.
  EXPECT_EQ(started_at(1), 0);
  EXPECT_EQ(pack_times(1), (std::vector<long long>{2666}));
  EXPECT_EQ(completed_at(1), 4666);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kCompleted}));
  EXPECT_EQ(rec_.packs()[0].pack.location.value(), "R-1-0050");
}

TEST_F(PickRobotTest, OnePackInTheFarTopCorner) {
  robot_->submit(pick_job(1, {pick_line("R-8-1000", 1)}));
  sched_.run();
  // max(10 m / 1.5 = 6.667 s, 2.1 m / 1.0 = 2.1 s) = 6667 each way: 6667 + 1200 + 6667 + 800.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{15334}));
  EXPECT_EQ(completed_at(1), 17334);
}

TEST_F(PickRobotTest, TheSlowerAxisSetsTheMoveTime) {
  robot_->submit(pick_job(1, {pick_line("R-8-0100", 1)}));
  sched_.run();
  // max(1 m / 1.5 = 0.667 s, 2.1 m / 1.0 = 2.1 s) = 2100 each way: 2100 + 1200 + 2100 + 800.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{6200}));
  EXPECT_EQ(completed_at(1), 8200);
}

TEST_F(PickRobotTest, APackAtTheOutputPointOnlyTakesTheGripAndRelease) {
  robot_->submit(pick_job(1, {pick_line("R-1-0000", 1)}));
  sched_.run();
  EXPECT_EQ(pack_times(1), (std::vector<long long>{2000}));
  EXPECT_EQ(completed_at(1), 4000);
}

TEST_F(PickRobotTest, ThreePacksWithinHalfAMetreMakeOneTrip) {
  // Given out of x order; the gripper takes them nearest first.
  robot_->submit(pick_job(1, {pick_line("R-2-0350", 1, 0), pick_line("R-2-0300", 1, 1), pick_line("R-2-0320", 1, 2)}));
  sched_.run();
  // Level 2 is 0.3 m up. Out to 3.0 m: max(2.0, 0.3) s = 2000; grip 1200; 0.2 m on:
  // 133; grip 1200; 0.3 m on: 200; grip 1200; back from 3.5 m: 2333; release 800.
  const long long trip = 2000 + 1200 + 133 + 1200 + 200 + 1200 + 2333 + 800;
  ASSERT_EQ(trip, 9066);
  EXPECT_EQ(pack_times(1), (std::vector<long long>{trip, trip, trip}));
  EXPECT_EQ(pack_items(1), (std::vector<int>{1, 2, 0}));
  EXPECT_EQ(completed_at(1), trip + 2000);
}

TEST_F(PickRobotTest, ThreePacksTwoMetresApartMakeThreeTrips) {
  robot_->submit(pick_job(1, {pick_line("R-2-0100", 1, 0), pick_line("R-2-0300", 1, 1), pick_line("R-2-0500", 1, 2)}));
  sched_.run();
  // 1 m: 667 + 1200 + 667 + 800 = 3334; 3 m: 2000 + 1200 + 2000 + 800 = 6000;
  // 5 m: 3333 + 1200 + 3333 + 800 = 8666. Twice the 9066 of the one-trip case.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{3334, 9334, 18000}));
  EXPECT_EQ(completed_at(1), 20000);
}

TEST_F(PickRobotTest, FourPacksAtOneSpotMakeTwoTrips) {
  robot_->submit(pick_job(1, {pick_line("R-3-0200", 4)}));
  sched_.run();
  // Level 3 is 0.6 m up, so each way is max(2 / 1.5, 0.6) s = 1333, and moving
  // between packs at one spot takes 0. Three packs: 1333 + 3 * 1200 + 1333 + 800
  // = 7066; the fourth: 1333 + 1200 + 1333 + 800 = 4666.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{7066, 7066, 7066, 11732}));
  EXPECT_EQ(completed_at(1), 13732);
}

TEST_F(PickRobotTest, TheTripSpanIsMeasuredFromItsNearestPack) {
  robot_->submit(pick_job(1, {pick_line("R-4-0300", 1, 0), pick_line("R-4-0350", 1, 1), pick_line("R-4-0351", 1, 2)}));
  sched_.run();
  // 0.5 m apart share a trip, 0.51 m do not. Level 4 is 0.9 m up, below every
  // horizontal time here. Trip 1: 2000 + 1200 + 333 + 1200 + 2333 + 800 = 7866;
  // trip 2 to 3.51 m: 2340 + 1200 + 2340 + 800 = 6680.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{7866, 7866, 14546}));
  EXPECT_EQ(pack_items(1), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(completed_at(1), 16546);
}

TEST_F(PickRobotTest, PacksOnDifferentLevelsNeverShareATrip) {
  robot_->submit(pick_job(1, {pick_line("R-2-0100", 1, 0), pick_line("R-1-0100", 1, 1)}));
  sched_.run();
  // The lower level first. Level 1: 667 + 1200 + 667 + 800 = 3334; level 2 at
  // 1 m: max(0.667, 0.3) s, the same 3334.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{3334, 6668}));
  EXPECT_EQ(pack_items(1), (std::vector<int>{1, 0}));
  EXPECT_EQ(completed_at(1), 8668);
}

TEST_F(PickRobotTest, TripSizeAndSpanComeFromTheParams) {
  PickRobotParams p;
  p.packs_per_trip = 2;
  p.trip_span_m = 2.0;
  make(p);
  robot_->submit(pick_job(1, {pick_line("R-2-0100", 1, 0), pick_line("R-2-0300", 1, 1), pick_line("R-2-0500", 1, 2)}));
  sched_.run();
  // Trip 1 takes 1 m and 3 m: 667 + 1200 + 1333 + 1200 + 2000 + 800 = 7200;
  // trip 2 takes 5 m: 3333 + 1200 + 3333 + 800 = 8666.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{7200, 7200, 15866}));
}

TEST_F(PickRobotTest, JobsAreServedOneAfterAnother) {
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 1)}));
  robot_->submit(pick_job(2, {pick_line("R-8-1000", 1)}));
  robot_->submit(pick_job(3, {pick_line("R-1-0050", 1)}));
  sched_.run_until(kStart + Duration(1000));
  DeviceStatus s = robot_->status();
  EXPECT_EQ(s.active_jobs, 1);
  EXPECT_EQ(s.queued_jobs, 2);
  sched_.run();
  // The gripper takes the next job at the previous one's last release, while
  // that one's packs are still in the chute.
  EXPECT_EQ(completed_at(1), 4666);
  EXPECT_EQ(started_at(2), 2666);
  EXPECT_EQ(pack_times(2), (std::vector<long long>{2666 + 15334}));
  EXPECT_EQ(completed_at(2), 20000);
  EXPECT_EQ(started_at(3), 18000);
  EXPECT_EQ(completed_at(3), 18000 + 4666);
  EXPECT_EQ(rec_.start_order(), (std::vector<uint64_t>{1, 2, 3}));
}

TEST_F(PickRobotTest, QueuedJobsStartByPriorityThenSubmissionOrder) {
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 1)}));
  sched_.run_until(kStart);
  robot_->submit(pick_job(2, {pick_line("R-1-0050", 1)}, 0));
  robot_->submit(pick_job(3, {pick_line("R-1-0050", 1)}, 3));
  robot_->submit(pick_job(4, {pick_line("R-1-0050", 1)}, 0));
  robot_->submit(pick_job(5, {pick_line("R-1-0050", 1)}, 3));
  robot_->reprioritise(4, 7);
  robot_->reprioritise(1, 100);   // in process: keeps its place
  robot_->reprioritise(77, 100);  // unknown: nothing happens
  sched_.run();
  EXPECT_EQ(rec_.start_order(), (std::vector<uint64_t>{1, 4, 3, 5, 2}));
  // Each job holds the gripper for 2666.
  EXPECT_EQ(started_at(2), 4 * 2666);
  EXPECT_EQ(completed_at(2), 5 * 2666 + 2000);
}

TEST_F(PickRobotTest, CancelMidJobFinishesTheTripButReportsNothingMore) {
  robot_->submit(pick_job(1, {pick_line("R-2-0100", 1, 0), pick_line("R-2-0300", 1, 1), pick_line("R-2-0500", 1, 2)}));
  robot_->submit(pick_job(2, {pick_line("R-1-0050", 1)}));
  sched_.run_until(kStart + Duration(5000));
  ASSERT_EQ(rec_.packs_of(1).size(), 1u);
  robot_->cancel(1);
  EXPECT_EQ(robot_->status().active_jobs, 0);
  sched_.run();
  auto aborted = rec_.state(1, JobState::kAborted);
  ASSERT_TRUE(aborted);
  EXPECT_EQ(ms(aborted->at), 5000);
  EXPECT_EQ(aborted->detail, "cancelled after 1 of 3 packs");
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kAborted}));
  EXPECT_EQ(pack_times(1), (std::vector<long long>{3334}));
  // The second trip (3334-9334) is finished unreported; the third is not made.
  EXPECT_EQ(started_at(2), 9334);
  EXPECT_EQ(completed_at(2), 9334 + 4666);
  DeviceStatus s = robot_->status();
  EXPECT_EQ(s.packs_out, 2u);
  // Job 1 was in process for 5 s, job 2 for 4.666 s.
  EXPECT_DOUBLE_EQ(s.busy_seconds, 9.666);
}

TEST_F(PickRobotTest, CancelInTheChuteAbortsWithEveryPackReported) {
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 1)}));
  sched_.run_until(kStart + Duration(3000));
  robot_->cancel(1);
  sched_.run();
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kAborted}));
  EXPECT_EQ(rec_.state(1, JobState::kAborted)->detail, "cancelled after 1 of 1 packs");
  EXPECT_EQ(pack_times(1), (std::vector<long long>{2666}));
  EXPECT_EQ(robot_->status().active_jobs, 0);
}

TEST_F(PickRobotTest, CancelFromInsideThePackReportStopsTheRest) {
  rec_.on_pack = [this](const PackOut& p) {
    if (p.job_id == 1) robot_->cancel(1);
  };
  robot_->submit(pick_job(1, {pick_line("R-3-0200", 4)}));
  robot_->submit(pick_job(2, {pick_line("R-1-0050", 1)}));
  sched_.run();
  EXPECT_EQ(rec_.packs_of(1).size(), 1u);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kAborted}));
  EXPECT_EQ(rec_.state(1, JobState::kAborted)->detail, "cancelled after 1 of 4 packs");
  // The second trip is not made: job 2 takes the gripper at the first release.
  EXPECT_EQ(started_at(2), 7066);
  EXPECT_EQ(completed_at(2), 7066 + 4666);
}

TEST_F(PickRobotTest, CancelAQueuedJob) {
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 1)}));
  robot_->submit(pick_job(2, {pick_line("R-1-0050", 1)}));
  sched_.run_until(kStart);
  robot_->cancel(2);
  robot_->cancel(42);  // unknown: nothing happens
  EXPECT_EQ(robot_->status().queued_jobs, 0);
  sched_.run();
  EXPECT_EQ(rec_.states_of(2), (std::vector<JobState>{JobState::kAborted}));
  EXPECT_EQ(rec_.state(2, JobState::kAborted)->detail, "cancelled while queued");
  EXPECT_TRUE(rec_.packs_of(2).empty());
  EXPECT_TRUE(rec_.states_of(42).empty());
  EXPECT_EQ(completed_at(1), 4666);
}

TEST_F(PickRobotTest, PackCodesParseBackWithUniqueSerials) {
  PickLine a = pick_line("R-5-0420", 3, 0);
  PickLine b = pick_line("R-1-0800", 2, 1);
  b.gtin = "02000000000060";
  b.lot = LotNo("AB123");
  b.expiry = std::chrono::year{2028} / 2 / 29;
  robot_->submit(pick_job(1, {a, b}));
  robot_->submit(pick_job(2, {a}));
  sched_.run();
  ASSERT_EQ(rec_.packs().size(), 8u);
  std::set<std::string> serials;
  for (const auto& p : rec_.packs()) {
    auto code = parse_pack_code(p.pack.code);
    ASSERT_TRUE(code.ok()) << code.status().to_string();
    const PickLine& line = p.pack.item == 0 ? a : b;
    EXPECT_EQ(p.pack.location, line.location);
    EXPECT_EQ(code->gtin, line.gtin);
    EXPECT_EQ(code->lot, line.lot.value());
    EXPECT_EQ(code->expiry, line.expiry);
    EXPECT_EQ(code->serial.size(), 13u);
    EXPECT_EQ(code->serial[0], 'R');
    serials.insert(code->serial);
  }
  EXPECT_EQ(serials.size(), 8u);
  EXPECT_TRUE(serials.contains("R000000000001"));
  EXPECT_TRUE(serials.contains("R000000000008"));
}

TEST_F(PickRobotTest, TheDeviceNamePrefixesTheSerials) {
  PickRobotParams p;
  p.name = "R2";
  make(p);
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 1)}));
  sched_.run();
  ASSERT_EQ(rec_.packs().size(), 1u);
  EXPECT_EQ(parse_pack_code(rec_.packs()[0].pack.code)->serial, "R2000000000001");
  EXPECT_EQ(robot_->status().name, "R2");
}

TEST_F(PickRobotTest, RejectsJobsItCannotPick) {
  const std::string expected = "expected R-L-xxxx with level 1-8 and position 0000-1000, found ";
  struct Case {
    PickJob job;
    std::string detail;
  };
  std::vector<Case> cases{
      {pick_job(1, {}), "lines: expected at least one line, found none"},
      {pick_job(2, {pick_line("R-1-0050", 1), pick_line("C-01-01", 1)}),
       "lines[1].location: " + expected + "\"C-01-01\""},
      {pick_job(3, {pick_line("R-1-1001", 1)}), "lines[0].location: " + expected + "\"R-1-1001\""},
      {pick_job(4, {pick_line("R-9-0050", 1)}), "lines[0].location: " + expected + "\"R-9-0050\""},
      {pick_job(5, {pick_line("R-0-0050", 1)}), "lines[0].location: " + expected + "\"R-0-0050\""},
      {pick_job(6, {pick_line("R-1-050", 1)}), "lines[0].location: " + expected + "\"R-1-050\""},
      {pick_job(7, {pick_line("R-1-05A0", 1)}), "lines[0].location: " + expected + "\"R-1-05A0\""},
      {pick_job(8, {pick_line("R-1-0050", 0)}), "lines[0].packs: expected at least 1, found 0"},
  };
  for (const Case& c : cases) robot_->submit(c.job);
  robot_->submit(pick_job(9, {pick_line("R-8-1000", 1), pick_line("R-1-0000", 1, 1)}));
  sched_.run();
  for (const Case& c : cases) {
    EXPECT_EQ(rec_.states_of(c.job.job_id), (std::vector<JobState>{JobState::kRejected})) << c.job.job_id;
    auto rejected = rec_.state(c.job.job_id, JobState::kRejected);
    ASSERT_TRUE(rejected);
    EXPECT_EQ(rejected->detail, c.detail);
  }
  EXPECT_EQ(rec_.packs().size(), 2u);
  // R-1-0000 (2000), then R-8-1000 (15334).
  EXPECT_EQ(completed_at(9), 2000 + 15334 + 2000);
}

TEST_F(PickRobotTest, TheLocationRangeComesFromTheParams) {
  PickRobotParams p;
  p.levels = 4;
  p.aisle_cm = 500;
  make(p);
  robot_->submit(pick_job(1, {pick_line("R-5-0100", 1)}));
  robot_->submit(pick_job(2, {pick_line("R-1-0501", 1)}));
  robot_->submit(pick_job(3, {pick_line("R-4-0500", 1)}));
  sched_.run();
  EXPECT_EQ(rec_.state(1, JobState::kRejected)->detail,
            "lines[0].location: expected R-L-xxxx with level 1-4 and position 0000-0500, found \"R-5-0100\"");
  EXPECT_TRUE(rec_.state(2, JobState::kRejected));
  // Level 4 is 0.9 m up, 5 m along: max(3.333, 0.9) s each way.
  EXPECT_EQ(pack_times(3), (std::vector<long long>{3333 + 1200 + 3333 + 800}));
}

TEST_F(PickRobotTest, AResentJobIsDoneOnce) {
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 2)}));
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 2)}));
  sched_.run_until(kStart + Duration(1000));
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 2)}));
  sched_.run();
  EXPECT_EQ(rec_.packs_of(1).size(), 2u);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kCompleted}));
}

TEST_F(PickRobotTest, StatusCountsPacksAndBusyTime) {
  DeviceStatus idle = robot_->status();
  EXPECT_EQ(idle.kind, DeviceKind::kRobot);
  EXPECT_EQ(robot_->kind(), DeviceKind::kRobot);
  EXPECT_EQ(idle.name, "R");
  EXPECT_EQ(idle.state, "ok");
  EXPECT_EQ(idle.busy_seconds, 0.0);
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 1)}));
  robot_->submit(pick_job(2, {pick_line("R-8-1000", 1)}));
  sched_.run_until(kStart + Duration(3000));
  // Job 1 is in the chute while job 2 is on the gripper.
  EXPECT_EQ(robot_->status().active_jobs, 2);
  EXPECT_DOUBLE_EQ(robot_->status().busy_seconds, 3.0);
  sched_.run_until(kStart + Duration(30000));
  robot_->submit(pick_job(3, {pick_line("R-3-0200", 4)}));
  sched_.run();
  DeviceStatus s = robot_->status();
  EXPECT_EQ(s.active_jobs, 0);
  EXPECT_EQ(s.queued_jobs, 0);
  EXPECT_EQ(s.packs_out, 6u);
  // Jobs 1 and 2 cover 0-20 s; job 3 adds 13.732 s after the idle gap.
  EXPECT_DOUBLE_EQ(s.busy_seconds, 20.0 + 13.732);
}

TEST_F(PickRobotTest, SpeedTenRunsTenTimesFaster) {
  PickRobotParams fast;
  fast.speed = 10;
  make(fast);
  robot_->submit(pick_job(1, {pick_line("R-1-0050", 1)}));
  sched_.run();
  // round(33.3) + 120 + 33 + 80, then 200 down the chute.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{266}));
  EXPECT_EQ(completed_at(1), 466);

  robot_->submit(pick_job(2, {pick_line("R-8-1000", 1)}));
  Instant t = sched_.now();
  sched_.run();
  // 667 + 120 + 667 + 80 + 200.
  EXPECT_EQ((rec_.state(2, JobState::kCompleted)->at - t).count(), 1734);

  robot_->submit(pick_job(3, {pick_line("R-2-0350", 1, 0), pick_line("R-2-0300", 1, 1), pick_line("R-2-0320", 1, 2)}));
  t = sched_.now();
  sched_.run();
  // 200 + 120 + round(13.3) + 120 + 20 + 120 + round(233.3) + 80, against 9066 at speed 1.
  for (const auto& p : rec_.packs_of(3)) EXPECT_EQ((p.at - t).count(), 906);

  robot_->submit(pick_job(4, {pick_line("R-3-0200", 4)}));
  t = sched_.now();
  sched_.run();
  // 133 + 3 * 120 + 133 + 80 = 706, then 133 + 120 + 133 + 80 = 466, then 200.
  std::vector<long long> offsets;
  for (const auto& p : rec_.packs_of(4)) offsets.push_back((p.at - t).count());
  EXPECT_EQ(offsets, (std::vector<long long>{706, 706, 706, 1172}));
  EXPECT_EQ((rec_.state(4, JobState::kCompleted)->at - t).count(), 1372);
}

// A mixed script: jobs over several levels, priorities, a reprioritise and a cancel.
std::vector<std::string> run_script() {
  return test::trace_of<PickRobot, PickRobotParams>([](VirtualScheduler& sched, PickRobot& robot) {
    for (uint64_t id = 1; id <= 12; ++id) {
      std::vector<PickLine> lines;
      for (int l = 0; l < static_cast<int>(id % 3) + 1; ++l) {
        int level = static_cast<int>((id * 3 + static_cast<uint64_t>(l)) % 8) + 1;
        int x_cm = static_cast<int>((id * 137 + static_cast<uint64_t>(l) * 41) % 1001);
        int packs = static_cast<int>((id + static_cast<uint64_t>(l)) % 4) + 1;
        lines.push_back(pick_line(fmt::format("R-{}-{:04d}", level, x_cm), packs, l));
      }
      robot.submit(pick_job(id, lines, static_cast<int>(id % 2)));
      sched.run_until(sched.now() + Duration(3000));
    }
    robot.reprioritise(12, 50);
    robot.cancel(10);  // queued
    robot.cancel(5);   // in process
  });
}

TEST(PickRobotDeterminism, TheSameInputsGiveTheSameTrace) {
  std::vector<std::string> first = run_script();
  std::vector<std::string> second = run_script();
  EXPECT_GT(first.size(), 40u);
  EXPECT_EQ(first, second);
  auto aborted_in_process = std::count_if(first.begin(), first.end(), [](const std::string& line) {
    return line.find("state job=5 aborted cancelled after") != std::string::npos;
  });
  EXPECT_EQ(aborted_in_process, 1);
  // Job 5 was cancelled during its first trip, so none of its packs is reported.
  EXPECT_TRUE(std::none_of(first.begin(), first.end(),
                           [](const std::string& line) { return line.find("pack job=5 ") != std::string::npos; }));
}

TEST(PickRobotParams, DefaultsAreTheReferenceRobot) {
  PickRobotParams p;
  EXPECT_TRUE(check_pick_robot_params(p).ok());
  EXPECT_EQ(p.levels, 8);
  EXPECT_EQ(p.aisle_cm, 1000);
  EXPECT_EQ(p.horizontal_m_per_s, 1.5);
  EXPECT_EQ(p.vertical_m_per_s, 1.0);
  EXPECT_EQ(p.packs_per_trip, 3);
  EXPECT_EQ(p.faults.grip_fail, 0.004);
  EXPECT_EQ(p.speed, 1.0);
}

TEST(PickRobotParams, NamesTheFieldOutOfRange) {
  PickRobotParams p;
  p.levels = 10;
  EXPECT_EQ(check_pick_robot_params(p).to_string(), "invalid_argument: levels: expected 1 to 9, found 10");
  p = {};
  p.aisle_cm = 10000;
  EXPECT_EQ(check_pick_robot_params(p).field(), "aisle_cm");
  p = {};
  p.vertical_m_per_s = 0;
  Status s = check_pick_robot_params(p);
  EXPECT_EQ(s.field(), "vertical_m_per_s");
  EXPECT_EQ(s.message(), "expected a number above 0, found 0");
  p = {};
  p.packs_per_trip = 0;
  EXPECT_EQ(check_pick_robot_params(p).field(), "packs_per_trip");
  p = {};
  p.release_s = -0.8;
  EXPECT_EQ(check_pick_robot_params(p).field(), "release_s");
  p = {};
  p.name = "R-1";
  EXPECT_EQ(check_pick_robot_params(p).field(), "name");
  p = {};
  p.faults.grip_fail = -0.1;
  EXPECT_EQ(check_pick_robot_params(p).field(), "faults.grip_fail");
}

TEST(PickRobotParams, CreateRefusesBadParams) {
  VirtualScheduler sched(Instant{});
  PickRobotParams p;
  p.trip_span_m = -0.5;
  auto robot = PickRobot::create(sched, p);
  ASSERT_FALSE(robot.ok());
  EXPECT_EQ(robot.status().field(), "trip_span_m");
  EXPECT_TRUE(PickRobot::create(sched, {}).ok());
}

}  // namespace
}  // namespace rx
