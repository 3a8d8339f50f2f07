#include "devices/sim/smart_shelf.h"

#include <gtest/gtest.h>

#include <algorithm>
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

class SmartShelfTest : public test::SimDeviceTest<SmartShelf, SmartShelfParams> {
 protected:
  std::unique_ptr<SmartShelf>& shelf_ = device_;
};

TEST_F(SmartShelfTest, OneLineOfOnePack) {
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 1)}));
  sched_.run();
  EXPECT_EQ(started_at(1), 0);
  EXPECT_EQ(pack_times(1), (std::vector<long long>{12000}));
  EXPECT_EQ(completed_at(1), 22000);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kCompleted}));
}

TEST_F(SmartShelfTest, LinesOneAfterAnotherWithExtraPacks) {
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 1, 0), pick_line("S-02-07", 3, 1)}));
  sched_.run();
  // 12 s, then 12 + 2 * 3 s, then the 10 s carry.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{12000, 30000, 30000, 30000}));
  EXPECT_EQ(rec_.packs_of(1)[1].pack.item, 1);
  EXPECT_EQ(rec_.packs_of(1)[1].pack.location.value(), "S-02-07");
  EXPECT_EQ(completed_at(1), 40000);
}

TEST_F(SmartShelfTest, ColdLinesTakeTheFridgeDetour) {
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 1, 0, /*cold=*/true)}));
  shelf_->submit(pick_job(2, {pick_line("F-01-01", 1)}));
  shelf_->submit(pick_job(3, {pick_line("S-01-02", 1), pick_line("F-02-01", 2, 1)}));
  sched_.run();
  EXPECT_EQ(pack_times(1), (std::vector<long long>{20000}));
  EXPECT_EQ(completed_at(1), 30000);
  EXPECT_EQ(completed_at(2), 30000);
  // Only the cold line pays the 8 s.
  EXPECT_EQ(pack_times(3), (std::vector<long long>{12000, 35000, 35000}));
  EXPECT_EQ(completed_at(3), 45000);
}

TEST_F(SmartShelfTest, AFifthJobWaitsForTheFirstFreeTechnician) {
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 3)}));  // done at 28000
  shelf_->submit(pick_job(2, {pick_line("S-01-02", 1)}));  // done at 22000
  shelf_->submit(pick_job(3, {pick_line("S-01-03", 2)}));  // done at 25000
  shelf_->submit(pick_job(4, {pick_line("S-01-04", 2)}));  // done at 25000
  shelf_->submit(pick_job(5, {pick_line("S-01-05", 1)}));
  sched_.run_until(kStart + Duration(1000));
  EXPECT_EQ(shelf_->status().active_jobs, 4);
  EXPECT_EQ(shelf_->status().queued_jobs, 1);
  sched_.run();
  EXPECT_EQ(completed_at(1), 28000);
  EXPECT_EQ(completed_at(2), 22000);
  EXPECT_EQ(completed_at(3), 25000);
  EXPECT_EQ(started_at(5), 22000);
  EXPECT_EQ(completed_at(5), 44000);
}

TEST_F(SmartShelfTest, QueuedJobsStartByPriorityThenSubmissionOrder) {
  SmartShelfParams one;
  one.technicians = 1;
  make(one);
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 1)}));
  sched_.run_until(kStart);
  shelf_->submit(pick_job(2, {pick_line("S-01-02", 1)}, 0));
  shelf_->submit(pick_job(3, {pick_line("S-01-03", 1)}, 3));
  shelf_->submit(pick_job(4, {pick_line("S-01-04", 1)}, 0));
  shelf_->submit(pick_job(5, {pick_line("S-01-05", 1)}, 3));
  shelf_->reprioritise(4, 7);
  shelf_->reprioritise(1, 100);  // in process: keeps its place
  sched_.run();
  EXPECT_EQ(rec_.start_order(), (std::vector<uint64_t>{1, 4, 3, 5, 2}));
  EXPECT_EQ(completed_at(2), 5 * 22000);
}

TEST_F(SmartShelfTest, CancelMidJobAbortsAndFreesTheTechnician) {
  SmartShelfParams one;
  one.technicians = 1;
  make(one);
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 1, 0), pick_line("S-01-02", 1, 1), pick_line("S-01-03", 1, 2)}));
  shelf_->submit(pick_job(2, {pick_line("S-02-01", 1)}));
  sched_.run_until(kStart + Duration(20000));
  shelf_->cancel(1);
  EXPECT_EQ(shelf_->status().active_jobs, 0);
  sched_.run();
  EXPECT_EQ(pack_times(1), (std::vector<long long>{12000}));
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kAborted}));
  EXPECT_EQ(rec_.state(1, JobState::kAborted)->detail, "cancelled after 1 of 3 packs");
  EXPECT_EQ(started_at(2), 20000);
  EXPECT_EQ(completed_at(2), 42000);
  DeviceStatus s = shelf_->status();
  EXPECT_EQ(s.packs_out, 2u);
  EXPECT_DOUBLE_EQ(s.busy_seconds, 42.0);
}

TEST_F(SmartShelfTest, CancelFromInsideThePackReportStopsTheRest) {
  rec_.on_pack = [this](const PackOut& p) { shelf_->cancel(p.job_id); };
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 3), pick_line("S-01-02", 1, 1)}));
  sched_.run();
  EXPECT_EQ(rec_.packs_of(1).size(), 1u);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kAborted}));
}

TEST_F(SmartShelfTest, CancelAQueuedJob) {
  SmartShelfParams one;
  one.technicians = 1;
  make(one);
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 1)}));
  shelf_->submit(pick_job(2, {pick_line("S-01-02", 1)}));
  sched_.run_until(kStart);
  shelf_->cancel(2);
  shelf_->cancel(42);  // unknown: nothing happens
  sched_.run();
  EXPECT_EQ(rec_.states_of(2), (std::vector<JobState>{JobState::kAborted}));
  EXPECT_TRUE(rec_.packs_of(2).empty());
  EXPECT_TRUE(rec_.states_of(42).empty());
  EXPECT_EQ(completed_at(1), 22000);
}

TEST_F(SmartShelfTest, PackCodesParseBackWithUniqueSerials) {
  PickLine line = pick_line("F-03-04", 3, 2);
  shelf_->submit(pick_job(1, {line}));
  shelf_->submit(pick_job(2, {line}));
  sched_.run();
  ASSERT_EQ(rec_.packs().size(), 6u);
  std::set<std::string> serials;
  for (const auto& p : rec_.packs()) {
    auto code = parse_pack_code(p.pack.code);
    ASSERT_TRUE(code.ok()) << code.status().to_string();
    EXPECT_EQ(code->gtin, line.gtin);
    EXPECT_EQ(code->lot, line.lot.value());
    EXPECT_EQ(code->expiry, line.expiry);
    EXPECT_EQ(code->serial.substr(0, 1), "S");
    serials.insert(code->serial);
  }
  EXPECT_EQ(serials.size(), 6u);
  EXPECT_TRUE(serials.contains("S000000000006"));
}

TEST_F(SmartShelfTest, RejectsJobsItCannotPick) {
  shelf_->submit(pick_job(1, {}));
  shelf_->submit(pick_job(2, {pick_line("S-01-01", 1), pick_line("C-01-01", 1)}));
  shelf_->submit(pick_job(3, {pick_line("S-1-01", 1)}));
  shelf_->submit(pick_job(4, {pick_line("S-00-01", 1)}));
  shelf_->submit(pick_job(5, {pick_line("F-01-01", -1)}));
  shelf_->submit(pick_job(6, {pick_line("S-99-99", 1)}));
  sched_.run();
  EXPECT_EQ(rec_.state(1, JobState::kRejected)->detail, "lines: expected at least one line, found none");
  EXPECT_EQ(rec_.state(2, JobState::kRejected)->detail,
            "lines[1].location: expected S-RR-BB or F-RR-BB, found \"C-01-01\"");
  EXPECT_EQ(rec_.state(3, JobState::kRejected)->detail,
            "lines[0].location: expected S-RR-BB or F-RR-BB, found \"S-1-01\"");
  EXPECT_EQ(rec_.state(4, JobState::kRejected)->detail,
            "lines[0].location: expected S-RR-BB or F-RR-BB, found \"S-00-01\"");
  EXPECT_EQ(rec_.state(5, JobState::kRejected)->detail, "lines[0].packs: expected at least 1, found -1");
  for (uint64_t id = 1; id <= 5; ++id) EXPECT_EQ(rec_.states_of(id).size(), 1u) << id;
  EXPECT_EQ(completed_at(6), 22000);
  EXPECT_EQ(rec_.packs().size(), 1u);
}

TEST_F(SmartShelfTest, AResentJobIsDoneOnce) {
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 2)}));
  sched_.run_until(kStart + Duration(500));
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 2)}));
  sched_.run();
  EXPECT_EQ(rec_.packs_of(1).size(), 2u);
  EXPECT_EQ(rec_.states_of(1), (std::vector<JobState>{JobState::kInProcess, JobState::kCompleted}));
}

TEST_F(SmartShelfTest, StatusCountsPacksAndBusyTime) {
  DeviceStatus idle = shelf_->status();
  EXPECT_EQ(idle.kind, DeviceKind::kShelf);
  EXPECT_EQ(idle.name, "S");
  EXPECT_EQ(idle.busy_seconds, 0.0);
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 1)}));
  shelf_->submit(pick_job(2, {pick_line("S-01-02", 2)}));
  sched_.run();
  sched_.run_until(kStart + Duration(60000));
  shelf_->submit(pick_job(3, {pick_line("S-01-03", 1)}));
  sched_.run();
  DeviceStatus s = shelf_->status();
  EXPECT_EQ(s.packs_out, 4u);
  EXPECT_EQ(s.active_jobs, 0);
  // Jobs 1 and 2 overlap over 0-25 s; job 3 adds 22 s after the idle gap.
  EXPECT_DOUBLE_EQ(s.busy_seconds, 25.0 + 22.0);
}

TEST_F(SmartShelfTest, SpeedTenRunsTenTimesFaster) {
  SmartShelfParams fast;
  fast.speed = 10;
  make(fast);
  shelf_->submit(pick_job(1, {pick_line("S-01-01", 1)}));
  shelf_->submit(pick_job(2, {pick_line("S-01-01", 1, 0), pick_line("S-02-07", 3, 1)}));
  shelf_->submit(pick_job(3, {pick_line("S-01-01", 1, 0, /*cold=*/true)}));
  shelf_->submit(pick_job(4, {pick_line("S-01-01", 3)}));
  shelf_->submit(pick_job(5, {pick_line("S-01-05", 1)}));
  sched_.run();
  EXPECT_EQ(pack_times(1), (std::vector<long long>{1200}));
  EXPECT_EQ(completed_at(1), 2200);
  EXPECT_EQ(pack_times(2), (std::vector<long long>{1200, 3000, 3000, 3000}));
  EXPECT_EQ(completed_at(2), 4000);
  EXPECT_EQ(pack_times(3), (std::vector<long long>{2000}));
  EXPECT_EQ(completed_at(3), 3000);
  EXPECT_EQ(completed_at(4), 2800);
  EXPECT_EQ(started_at(5), 2200);
  EXPECT_EQ(completed_at(5), 4400);
}

std::vector<std::string> run_script() {
  return test::trace_of<SmartShelf, SmartShelfParams>([](VirtualScheduler& sched, SmartShelf& shelf) {
    for (uint64_t id = 1; id <= 15; ++id) {
      std::vector<PickLine> lines;
      for (int l = 0; l < static_cast<int>(id % 3) + 1; ++l) {
        std::string rack =
            fmt::format("{}-{:02d}-{:02d}", id % 5 == 0 ? 'F' : 'S', l + 1, static_cast<int>(id % 40) + 1);
        lines.push_back(pick_line(rack, static_cast<int>((id + static_cast<uint64_t>(l)) % 4) + 1, l, id % 7 == 0));
      }
      shelf.submit(pick_job(id, lines, static_cast<int>(id % 3)));
      sched.run_until(sched.now() + Duration(4000));
    }
    shelf.reprioritise(15, 20);
    shelf.cancel(12);  // queued
    shelf.cancel(8);   // in process
  });
}

TEST(SmartShelfDeterminism, TheSameInputsGiveTheSameTrace) {
  std::vector<std::string> first = run_script();
  std::vector<std::string> second = run_script();
  EXPECT_GT(first.size(), 40u);
  EXPECT_EQ(first, second);
  auto aborted_in_process = std::count_if(first.begin(), first.end(), [](const std::string& line) {
    return line.find("state job=8 aborted cancelled after") != std::string::npos;
  });
  EXPECT_EQ(aborted_in_process, 1);
}

}  // namespace
}  // namespace rx
