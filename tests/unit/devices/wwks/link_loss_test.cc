// The link-loss fault of the simulated WWKS robot, and the driver living
// through it: with the robot cutting its connections at random moments, every
// output is made exactly once and every pack reported once.
#include "devices/wwks_sim/link_loss.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <cmath>
#include <map>
#include <set>

#include "core/virtual_scheduler.h"
#include "devices/wwks/wwks_robot.h"
#include "devices/wwks_sim/simulated_robot.h"
#include "unit/devices/recording_listener.h"
#include "unit/devices/wwks/loopback_pump.h"
#include "unit/devices/wwks/loopback_robot.h"
#include "unit/devices/wwks/wwks_fixture.h"

namespace rx {
namespace {

using namespace rx::test;
using namespace std::chrono_literals;

// The moments of the cuts a LinkLoss makes within `hours` of scheduler time.
std::vector<Instant> cuts_within(LinkLossParams params, double hours) {
  VirtualScheduler clock(kWwksStart);
  std::vector<Instant> cuts;
  LinkLoss loss(clock, params, [&] { cuts.push_back(clock.now()); });
  loss.start();
  clock.run_until(kWwksStart + Duration{static_cast<long long>(hours * 3600'000)});
  EXPECT_EQ(loss.injected(), cuts.size());
  return cuts;
}

TEST(LinkLossTest, CutsAtTheRateOfTheFaultsTable) {
  // 0.25 per hour (1 per 4 h) over 2,000 hours: 500 expected; Poisson sd ~22.
  auto cuts = cuts_within(LinkLossParams{}, 2000);
  EXPECT_GT(cuts.size(), 430u);
  EXPECT_LT(cuts.size(), 570u);
}

TEST(LinkLossTest, TheRobotsSpeedShortensTheGaps) {
  // Ten times faster: the same 500 losses of robot time fit into 200 hours.
  LinkLossParams fast;
  fast.speed = 10;
  auto cuts = cuts_within(fast, 200);
  EXPECT_GT(cuts.size(), 430u);
  EXPECT_LT(cuts.size(), 570u);
}

TEST(LinkLossTest, TheSameSeedCutsAtTheSameMomentsAndAnotherDoesNot) {
  LinkLossParams a;
  a.per_hour = 60;
  a.seed = 7;
  LinkLossParams b = a;
  b.seed = 8;
  auto first = cuts_within(a, 2);
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first, cuts_within(a, 2));
  EXPECT_NE(first, cuts_within(b, 2));
}

TEST(LinkLossTest, ZeroNeverCutsAndStopCancelsTheNextCut) {
  LinkLossParams off;
  off.per_hour = 0;
  EXPECT_TRUE(cuts_within(off, 1000).empty());

  VirtualScheduler clock(kWwksStart);
  int cuts = 0;
  LinkLossParams often;
  often.per_hour = 3600;
  LinkLoss loss(clock, often, [&] { ++cuts; });
  loss.start();
  clock.run_until(kWwksStart + 60s);
  EXPECT_GT(cuts, 0);
  int before = cuts;
  loss.stop();
  clock.run_until(kWwksStart + 600s);
  EXPECT_EQ(cuts, before);
}

TEST(LinkLossTest, RatesOutOfRangeAreRefusedNamingTheField) {
  EXPECT_TRUE(check_link_loss(LinkLossParams{}, "robot.faults").ok());
  LinkLossParams negative;
  negative.per_hour = -1;
  Status s = check_link_loss(negative, "robot.faults");
  EXPECT_EQ(s.field(), "robot.faults.link_loss_per_hour");
  EXPECT_NE(s.message().find("found -1"), std::string::npos) << s.message();
  LinkLossParams nan;
  nan.per_hour = std::nan("");
  EXPECT_FALSE(check_link_loss(nan, "robot.faults").ok());
  LinkLossParams stopped;
  stopped.speed = 0;
  EXPECT_EQ(check_link_loss(stopped, "robot.faults").field(), "robot.faults.speed");
}

// 40 outputs through the driver while the simulated robot loses its link
// about every 10 s of its time: each output made once, each pack reported
// once, and per drug the packs in = packs out + packs on hand.
TEST(LinkLossTest, NoOutputIsLostOrMadeTwiceWhileTheLinkKeepsDropping) {
  constexpr int kJobs = 40;
  boost::asio::io_context io;
  VirtualScheduler clock(kWwksStart);
  LoopbackPump pump(io, clock);
  RecordingListener listener(clock);

  using std::chrono::year;
  const std::vector<StockRow> stock = {
      wwks_row("D0002", "A-LATE", year{2028} / 6 / 30, "R-1-0050", 30),
      wwks_row("D0002", "A-EARLY", year{2027} / 3 / 31, "R-2-0120", 50),
      wwks_row("D0007", "B-1", year{2027} / 1 / 31, "R-3-0300", 30),
  };
  SimulatedWwksRobotConfig config;
  config.robot.faults = FaultRates::none();
  config.server = WwksServerConfig{"127.0.0.1", 0};
  config.link_loss.per_hour = 360;
  config.link_loss.seed = 20261129;
  auto sim = SimulatedWwksRobot::start(io, clock, std::move(RobotStock::from_rows(stock, wwks_formulary())).value(),
                                       config);
  ASSERT_TRUE(sim.ok()) << sim.status().to_string();
  SimulatedWwksRobot& robot = **sim;

  WwksRobot driver(io, clock, quick_driver_config(robot.port()));
  driver.set_listener(&listener);
  driver.start();

  std::map<uint64_t, int> planned;  // packs per job
  for (int i = 0; i < kJobs; ++i) {
    PickJob job;
    job.job_id = 1000 + static_cast<uint64_t>(i);
    PickLine a;
    a.item = 0;
    a.drug = DrugCode("D0002");
    a.lot = LotNo(i % 2 == 0 ? "A-LATE" : "A-EARLY");
    a.location = LocationCode(i % 2 == 0 ? "R-1-0050" : "R-2-0120");
    a.packs = 1 + i % 2;
    job.lines.push_back(a);
    if (i % 3 == 0) {
      PickLine b;
      b.item = 1;
      b.drug = DrugCode("D0007");
      b.lot = LotNo("B-1");
      b.location = LocationCode("R-3-0300");
      b.packs = 1;
      job.lines.push_back(b);
    }
    planned[job.job_id] = a.packs + (job.lines.size() > 1 ? 1 : 0);
    driver.submit(std::move(job));
  }

  auto ended = [&](uint64_t id) {
    for (JobState s : listener.states_of(id)) {
      if (s == JobState::kCompleted || s == JobState::kIncomplete || s == JobState::kAborted ||
          s == JobState::kRejected) {
        return true;
      }
    }
    return false;
  };
  // Losses that struck while the gripper was at work on an output.
  int mid_task = 0;
  uint64_t seen = 0;
  const Instant give_up = kWwksStart + 2h;
  ASSERT_TRUE(pump.until([&] {
    if (robot.link_losses() != seen) {
      seen = robot.link_losses();
      if (robot.robot().status().active_jobs > 0) ++mid_task;
    }
    if (clock.now() > give_up) return true;
    for (const auto& [id, packs] : planned) {
      if (!ended(id)) return false;
    }
    return true;
  }));
  ASSERT_LT(clock.now(), give_up) << "not every output ended";

  EXPECT_GE(robot.link_losses(), 10u);
  EXPECT_GT(mid_task, 0);
  EXPECT_GT(driver.links(), 5);
  // One task on the robot per output: none was requested twice.
  EXPECT_EQ(robot.system().tasks(), static_cast<size_t>(kJobs));
  std::map<std::string, int> out_by_drug;
  for (const auto& [id, packs] : planned) {
    SCOPED_TRACE("job " + std::to_string(id));
    std::vector<JobState> ends;
    for (JobState s : listener.states_of(id)) {
      if (s != JobState::kQueued && s != JobState::kInProcess) ends.push_back(s);
    }
    EXPECT_EQ(ends, std::vector<JobState>{JobState::kCompleted});
    auto out = listener.packs_of(id);
    EXPECT_EQ(static_cast<int>(out.size()), packs);
    for (const auto& p : out) {
      EXPECT_FALSE(p.pack.code.empty());
      out_by_drug[p.pack.item == 0 ? "D0002" : "D0007"] += 1;
    }
  }
  std::map<std::string, int> in_by_drug, on_hand_by_drug;
  for (const StockRow& r : stock) in_by_drug[r.lot.drug.value()] += r.quantity;
  for (const RobotStockRow& r : robot.system().stock().rows()) on_hand_by_drug[r.row.lot.drug.value()] += r.row.quantity;
  for (const auto& [drug, in] : in_by_drug) {
    EXPECT_EQ(in, out_by_drug[drug] + on_hand_by_drug[drug]) << drug;
  }
  EXPECT_EQ(out_by_drug["D0002"], kJobs / 2 * 1 + kJobs / 2 * 2);
  EXPECT_EQ(out_by_drug["D0007"], (kJobs + 2) / 3);
}

}  // namespace
}  // namespace rx
