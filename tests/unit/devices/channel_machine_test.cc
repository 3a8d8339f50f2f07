#include "devices/sim/channel_machine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

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

// One machine in virtual time with a recording listener. Times below are ms
// since kStart, each step rounded to the nearest ms: belt trips from channel CC
// last round(CC * 83.333) ms (C-01-01: 83, C-01-60: 5000).
class ChannelMachineTest : public test::SimDeviceTest<ChannelMachine, ChannelMachineParams> {
 protected:
  // Pack arrival time by the line's item index (one pack per line).
  std::map<int, long long> pack_time_by_item(uint64_t job_id) const {
    std::map<int, long long> out;
    for (const auto& p : rec_.packs_of(job_id)) out[p.pack.item] = ms(p.at);
    return out;
  }

  std::unique_ptr<ChannelMachine>& machine_ = device_;
};

TEST_F(ChannelMachineTest, OneBoxFromTheFarEndOfAShelf) {
  machine_->submit(pick_job(1, {pick_line("C-01-60", 1)}));
  sched_.run();
  // 0.8 s eject + 3.0 m / 0.6 m/s + 2.5 s drop + 4.0 s conveyor.
  EXPECT_EQ(started_at(1), 0);
  EXPECT_EQ(pack_times(1), (std::vector<long long>{5800}));
  EXPECT_EQ(completed_at(1), 12300);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kCompleted}));
  EXPECT_EQ(rec_.packs()[0].pack.location.value(), "C-01-60");
}

TEST_F(ChannelMachineTest, OneBoxFromTheNearEndOfAShelf) {
  machine_->submit(pick_job(1, {pick_line("C-01-01", 1)}));
  sched_.run();
  // 800 + round(0.05 / 0.6 s = 83.33 ms) + 2500 + 4000.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{883}));
  EXPECT_EQ(completed_at(1), 7383);
}

TEST_F(ChannelMachineTest, BoxesFromOneChannelComeOutOneAfterAnother) {
  machine_->submit(pick_job(1, {pick_line("C-01-60", 3)}));
  sched_.run();
  EXPECT_EQ(pack_times(1), (std::vector<long long>{5800, 6600, 7400}));
  EXPECT_EQ(completed_at(1), 7400 + 2500 + 4000);
}

TEST_F(ChannelMachineTest, AtMostFourChannelsOfOneShelfEjectAtOnce) {
  std::vector<PickLine> lines;
  for (int c = 1; c <= 6; ++c) lines.push_back(pick_line(fmt::format("C-01-{:02d}", c), 1, c));
  machine_->submit(pick_job(1, lines));
  sched_.run();
  // Channels 1-4 eject over 0-800 ms, channels 5 and 6 over 800-1600 ms.
  std::map<int, long long> expected{{1, 800 + 83},  {2, 800 + 167},  {3, 800 + 250},
                                    {4, 800 + 333}, {5, 1600 + 417}, {6, 1600 + 500}};
  EXPECT_EQ(pack_time_by_item(1), expected);
  EXPECT_EQ(completed_at(1), 2100 + 2500 + 4000);
}

TEST_F(ChannelMachineTest, ChannelsOnTwoShelvesEjectAtOnce) {
  std::vector<PickLine> lines;
  for (int c = 1; c <= 6; ++c) lines.push_back(pick_line(fmt::format("C-{:02d}-{:02d}", c <= 3 ? 1 : 2, c), 1, c));
  machine_->submit(pick_job(1, lines));
  sched_.run();
  std::map<int, long long> expected{{1, 800 + 83},  {2, 800 + 167}, {3, 800 + 250},
                                    {4, 800 + 333}, {5, 800 + 417}, {6, 800 + 500}};
  EXPECT_EQ(pack_time_by_item(1), expected);
}

TEST_F(ChannelMachineTest, FourteenBoxesMakeTwoBasketsAndCompleteAfterTheSecond) {
  machine_->submit(pick_job(1, {pick_line("C-01-60", 14)}));
  sched_.run();
  std::vector<long long> expected;
  for (int k = 1; k <= 14; ++k) expected.push_back(800 * k + 5000);
  EXPECT_EQ(pack_times(1), expected);
  // The 12th box arrives at 14600 and the bucket drops until 17100 (the first
  // basket is ready at 21100). Boxes 13 and 14 wait for it, then drop until
  // 19600, and the second basket is ready at 23600.
  EXPECT_EQ(completed_at(1), 23600);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kCompleted}));
}

TEST_F(ChannelMachineTest, TwelveBoxesFitOneBasket) {
  machine_->submit(pick_job(1, {pick_line("C-01-60", 12)}));
  sched_.run();
  EXPECT_EQ(completed_at(1), 800 * 12 + 5000 + 2500 + 4000);
}

TEST_F(ChannelMachineTest, TwoJobsPipelineThroughTheBucketsAndAThirdWaits) {
  machine_->submit(pick_job(1, {pick_line("C-01-60", 1)}));
  machine_->submit(pick_job(2, {pick_line("C-02-60", 1)}));
  machine_->submit(pick_job(3, {pick_line("C-03-60", 1)}));
  sched_.run_until(kStart + Duration(1000));
  DeviceStatus s = machine_->status();
  EXPECT_EQ(s.active_jobs, 2);
  EXPECT_EQ(s.queued_jobs, 1);
  sched_.run();
  EXPECT_EQ(started_at(1), 0);
  EXPECT_EQ(started_at(2), 0);
  EXPECT_EQ(completed_at(1), 12300);
  EXPECT_EQ(completed_at(2), 12300);
  // The first bucket is free once it has dropped, at 5800 + 2500.
  EXPECT_EQ(started_at(3), 8300);
  EXPECT_EQ(completed_at(3), 8300 + 12300);
}

TEST_F(ChannelMachineTest, QueuedJobsStartByPriorityThenSubmissionOrder) {
  machine_->submit(pick_job(1, {pick_line("C-01-60", 1)}));
  machine_->submit(pick_job(2, {pick_line("C-02-60", 1)}));
  sched_.run_until(kStart);
  machine_->submit(pick_job(3, {pick_line("C-03-01", 1)}, 0));
  machine_->submit(pick_job(4, {pick_line("C-04-01", 1)}, 5));
  machine_->submit(pick_job(5, {pick_line("C-05-01", 1)}, 0));
  machine_->submit(pick_job(6, {pick_line("C-06-01", 1)}, 0));
  machine_->reprioritise(5, 9);
  machine_->reprioritise(1, 100);   // in process: keeps its place
  machine_->reprioritise(77, 100);  // unknown: nothing happens
  sched_.run();
  EXPECT_EQ(rec_.start_order(), (std::vector<uint64_t>{1, 2, 5, 4, 3, 6}));
  for (uint64_t id = 1; id <= 6; ++id) EXPECT_GT(completed_at(id), 0) << id;
}

TEST_F(ChannelMachineTest, CancelMidJobAbortsAndReportsNoMorePacks) {
  machine_->submit(pick_job(1, {pick_line("C-01-60", 10)}));
  sched_.run_until(kStart + Duration(6000));
  ASSERT_EQ(rec_.packs_of(1).size(), 1u);
  machine_->cancel(1);
  sched_.run();
  EXPECT_EQ(rec_.packs_of(1).size(), 1u);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kAborted}));
  auto aborted = rec_.state(1, JobState::kAborted);
  EXPECT_EQ(ms(aborted->at), 6000);
  EXPECT_EQ(aborted->detail, "cancelled after 1 of 10 packs");
  for (const auto& p : rec_.packs()) EXPECT_LE(ms(p.at), 6000);
  DeviceStatus s = machine_->status();
  EXPECT_EQ(s.packs_out, 1u);
  EXPECT_EQ(s.active_jobs, 0);
  EXPECT_DOUBLE_EQ(s.busy_seconds, 6.0);
}

TEST_F(ChannelMachineTest, ACancelledJobHoldsItsBucketUntilItsEjectedBoxesAreDropped) {
  ChannelMachineParams one_bucket;
  one_bucket.buckets = 1;
  make(one_bucket);
  machine_->submit(pick_job(1, {pick_line("C-01-60", 10)}));
  machine_->submit(pick_job(2, {pick_line("C-02-60", 1)}));
  sched_.run_until(kStart + Duration(6000));
  machine_->cancel(1);
  sched_.run();
  // At 6000 boxes 1-8 have left their channel (the 8th ejects over 5600-6400);
  // the 8th reaches the bucket at 11400, which drops until 13900.
  EXPECT_EQ(started_at(2), 13900);
  EXPECT_EQ(completed_at(2), 13900 + 12300);
  EXPECT_EQ(rec_.packs_of(1).size(), 1u);
}

TEST_F(ChannelMachineTest, ACancelledJobWithNoBoxEjectedFreesItsBucketAtOnce) {
  machine_->submit(pick_job(1, {pick_line("C-01-60", 5)}));
  machine_->submit(pick_job(2, {pick_line("C-01-60", 1)}));  // waits for job 1's channel
  machine_->submit(pick_job(3, {pick_line("C-02-60", 1)}));
  sched_.run_until(kStart + Duration(100));
  machine_->cancel(2);
  sched_.run();
  EXPECT_TRUE(rec_.packs_of(2).empty());
  EXPECT_EQ(rec_.states_of(2), (std::vector<JobState>{JobState::kInProcess, JobState::kAborted}));
  EXPECT_EQ(rec_.state(2, JobState::kAborted)->detail, "cancelled after 0 of 1 packs");
  EXPECT_EQ(started_at(3), 100);
  EXPECT_EQ(completed_at(3), 100 + 12300);
  EXPECT_EQ(completed_at(1), 4000 + 5000 + 2500 + 4000);
}

TEST_F(ChannelMachineTest, CancelFromInsideThePackReportStopsTheRest) {
  rec_.on_pack = [this](const PackOut& p) { machine_->cancel(p.job_id); };
  machine_->submit(pick_job(1, {pick_line("C-01-60", 3)}));
  sched_.run();
  EXPECT_EQ(rec_.packs_of(1).size(), 1u);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kAborted}));
}

TEST_F(ChannelMachineTest, CancelAQueuedJob) {
  machine_->submit(pick_job(1, {pick_line("C-01-60", 1)}));
  machine_->submit(pick_job(2, {pick_line("C-02-60", 1)}));
  machine_->submit(pick_job(3, {pick_line("C-03-60", 1)}));
  sched_.run_until(kStart);
  machine_->cancel(3);
  machine_->cancel(99);  // unknown: nothing happens
  EXPECT_EQ(machine_->status().queued_jobs, 0);
  sched_.run();
  EXPECT_EQ(rec_.states_of(3), (std::vector<JobState>{JobState::kAborted}));
  EXPECT_EQ(rec_.state(3, JobState::kAborted)->detail, "cancelled while queued");
  EXPECT_TRUE(rec_.packs_of(3).empty());
  EXPECT_TRUE(rec_.states_of(99).empty());
  EXPECT_EQ(completed_at(1), 12300);
}

TEST_F(ChannelMachineTest, PackCodesParseBackWithUniqueSerials) {
  PickLine a = pick_line("C-01-05", 3, 0);
  PickLine b = pick_line("C-07-42", 2, 1);
  b.gtin = "02000000000060";
  b.lot = LotNo("AB123");
  b.expiry = std::chrono::year{2028} / 2 / 29;
  machine_->submit(pick_job(1, {a, b}));
  machine_->submit(pick_job(2, {pick_line("C-03-03", 2, 0)}));
  sched_.run();
  ASSERT_EQ(rec_.packs().size(), 7u);
  std::set<std::string> serials;
  for (const auto& p : rec_.packs()) {
    auto code = parse_pack_code(p.pack.code);
    ASSERT_TRUE(code.ok()) << code.status().to_string();
    const PickLine& line = p.pack.job_id == 2 ? pick_line("C-03-03", 2, 0) : (p.pack.item == 0 ? a : b);
    EXPECT_EQ(code->gtin, line.gtin);
    EXPECT_EQ(code->lot, line.lot.value());
    EXPECT_EQ(code->expiry, line.expiry);
    EXPECT_EQ(code->serial.size(), 13u);
    EXPECT_EQ(code->serial[0], 'C');
    serials.insert(code->serial);
  }
  EXPECT_EQ(serials.size(), 7u);
  EXPECT_TRUE(serials.contains("C000000000001"));
  EXPECT_TRUE(serials.contains("C000000000007"));
}

TEST_F(ChannelMachineTest, TheDeviceNamePrefixesTheSerials) {
  ChannelMachineParams p;
  p.name = "C2";
  make(p);
  machine_->submit(pick_job(1, {pick_line("C-01-01", 1)}));
  sched_.run();
  ASSERT_EQ(rec_.packs().size(), 1u);
  EXPECT_EQ(parse_pack_code(rec_.packs()[0].pack.code)->serial, "C2000000000001");
  EXPECT_EQ(machine_->status().name, "C2");
}

TEST_F(ChannelMachineTest, RejectsJobsItCannotPick) {
  struct Case {
    PickJob job;
    std::string detail;
  };
  std::vector<Case> cases{
      {pick_job(1, {}), "lines: expected at least one line, found none"},
      {pick_job(2, {pick_line("C-01-01", 1), pick_line("S-01-01", 1)}),
       "lines[1].location: expected C-SS-CC with shelf 01-10 and channel 01-60, found \"S-01-01\""},
      {pick_job(3, {pick_line("C-11-01", 1)}),
       "lines[0].location: expected C-SS-CC with shelf 01-10 and channel 01-60, found \"C-11-01\""},
      {pick_job(4, {pick_line("C-01-61", 1)}),
       "lines[0].location: expected C-SS-CC with shelf 01-10 and channel 01-60, found \"C-01-61\""},
      {pick_job(5, {pick_line("C-01-00", 1)}),
       "lines[0].location: expected C-SS-CC with shelf 01-10 and channel 01-60, found \"C-01-00\""},
      {pick_job(6, {pick_line("C-1-01", 1)}),
       "lines[0].location: expected C-SS-CC with shelf 01-10 and channel 01-60, found \"C-1-01\""},
      {pick_job(7, {pick_line("C-01-01", 0)}), "lines[0].packs: expected at least 1, found 0"},
  };
  for (const Case& c : cases) machine_->submit(c.job);
  machine_->submit(pick_job(8, {pick_line("C-10-60", 1)}));
  sched_.run();
  for (const Case& c : cases) {
    EXPECT_EQ(rec_.states_of(c.job.job_id), (std::vector<JobState>{JobState::kRejected})) << c.job.job_id;
    auto rejected = rec_.state(c.job.job_id, JobState::kRejected);
    ASSERT_TRUE(rejected);
    EXPECT_EQ(rejected->detail, c.detail);
  }
  EXPECT_EQ(rec_.packs().size(), 1u);
  EXPECT_EQ(completed_at(8), 12300);
}

TEST_F(ChannelMachineTest, AResentJobIsDoneOnce) {
  machine_->submit(pick_job(1, {pick_line("C-01-60", 2)}));
  machine_->submit(pick_job(1, {pick_line("C-01-60", 2)}));
  sched_.run_until(kStart + Duration(1000));
  machine_->submit(pick_job(1, {pick_line("C-01-60", 2)}));
  sched_.run();
  EXPECT_EQ(rec_.packs_of(1).size(), 2u);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kCompleted}));
}

TEST_F(ChannelMachineTest, StatusCountsPacksAndBusyTime) {
  DeviceStatus idle = machine_->status();
  EXPECT_EQ(idle.kind, DeviceKind::kChannel);
  EXPECT_EQ(idle.name, "C");
  EXPECT_EQ(idle.state, "ok");
  EXPECT_EQ(idle.busy_seconds, 0.0);
  machine_->submit(pick_job(1, {pick_line("C-01-60", 1)}));
  sched_.run_until(kStart + Duration(2000));
  EXPECT_EQ(machine_->status().active_jobs, 1);
  EXPECT_DOUBLE_EQ(machine_->status().busy_seconds, 2.0);
  sched_.run_until(kStart + Duration(20000));
  machine_->submit(pick_job(2, {pick_line("C-01-60", 2)}));
  sched_.run();
  DeviceStatus s = machine_->status();
  EXPECT_EQ(s.active_jobs, 0);
  EXPECT_EQ(s.queued_jobs, 0);
  EXPECT_EQ(s.packs_out, 3u);
  // 12.3 s for the first job; 13.1 s for the second, with the idle gap between not counted.
  EXPECT_DOUBLE_EQ(s.busy_seconds, 12.3 + 13.1);
}

TEST_F(ChannelMachineTest, SpeedTenRunsTenTimesFaster) {
  ChannelMachineParams fast;
  fast.speed = 10;
  make(fast);
  machine_->submit(pick_job(1, {pick_line("C-01-60", 1)}));
  sched_.run();
  EXPECT_EQ(completed_at(1), 1230);

  machine_->submit(pick_job(2, {pick_line("C-01-01", 1)}));
  Instant t = sched_.now();
  sched_.run();
  // 80 + round(8.33) + 250 + 400, against 7383 at speed 1.
  EXPECT_EQ((rec_.state(2, JobState::kCompleted)->at - t).count(), 738);

  machine_->submit(pick_job(3, {pick_line("C-01-60", 3)}));
  t = sched_.now();
  sched_.run();
  std::vector<long long> offsets;
  for (const auto& p : rec_.packs_of(3)) offsets.push_back((p.at - t).count());
  EXPECT_EQ(offsets, (std::vector<long long>{580, 660, 740}));

  machine_->submit(pick_job(4, {pick_line("C-01-60", 14)}));
  t = sched_.now();
  sched_.run();
  EXPECT_EQ((rec_.state(4, JobState::kCompleted)->at - t).count(), 2360);
}

TEST_F(ChannelMachineTest, SpeedTenShortensShelfLimitsAndPipelining) {
  ChannelMachineParams fast;
  fast.speed = 10;
  make(fast);
  std::vector<PickLine> lines;
  for (int c = 1; c <= 6; ++c) lines.push_back(pick_line(fmt::format("C-01-{:02d}", c), 1, c));
  machine_->submit(pick_job(1, lines));
  machine_->submit(pick_job(2, {pick_line("C-02-60", 1)}));
  machine_->submit(pick_job(3, {pick_line("C-03-60", 1)}));
  sched_.run();
  std::map<int, long long> expected{{1, 80 + 8},  {2, 80 + 17},  {3, 80 + 25},
                                    {4, 80 + 33}, {5, 160 + 42}, {6, 160 + 50}};
  EXPECT_EQ(pack_time_by_item(1), expected);
  // Job 1 frees its bucket at 210 + 250, before job 2 does at 580 + 250.
  EXPECT_EQ(started_at(3), 460);
  EXPECT_EQ(completed_at(2), 1230);
  EXPECT_EQ(completed_at(3), 460 + 1230);
}

// A mixed script: jobs over several shelves, priorities, a reprioritise and a cancel.
std::vector<std::string> run_script() {
  return test::trace_of<ChannelMachine, ChannelMachineParams>([](VirtualScheduler& sched, ChannelMachine& machine) {
    for (uint64_t id = 1; id <= 12; ++id) {
      std::vector<PickLine> lines;
      for (int l = 0; l < static_cast<int>(id % 4) + 1; ++l) {
        int shelf = static_cast<int>((id * 3 + static_cast<uint64_t>(l)) % 10) + 1;
        int channel = static_cast<int>((id * 17 + static_cast<uint64_t>(l) * 7) % 60) + 1;
        lines.push_back(pick_line(fmt::format("C-{:02d}-{:02d}", shelf, channel), l + static_cast<int>(id % 3) + 1, l));
      }
      machine.submit(pick_job(id, lines, static_cast<int>(id % 2)));
      sched.run_until(sched.now() + Duration(700));
    }
    machine.reprioritise(11, 50);
    machine.cancel(6);  // queued
    machine.cancel(3);  // in process
  });
}

TEST(ChannelMachineDeterminism, TheSameInputsGiveTheSameTrace) {
  std::vector<std::string> first = run_script();
  std::vector<std::string> second = run_script();
  EXPECT_GT(first.size(), 50u);
  EXPECT_EQ(first, second);
  auto aborted_in_process = std::count_if(first.begin(), first.end(), [](const std::string& line) {
    return line.find("state job=3 aborted cancelled after") != std::string::npos;
  });
  EXPECT_EQ(aborted_in_process, 1);
}

}  // namespace
}  // namespace rx
