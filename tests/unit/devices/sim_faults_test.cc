// Fault injection in the simulators: each fault of machine-model.md's table,
// how it shows, and that faults depend only on the seed. A test that needs a
// particular run of draws finds a seed for it with SimRandom itself, the
// device's own stream.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "devices/sim/channel_machine.h"
#include "devices/sim/pick_robot.h"
#include "devices/sim/sim_random.h"
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

// The first seed whose stream passes `wanted`.
uint64_t seed_where(const std::function<bool(SimRandom&)>& wanted) {
  for (uint64_t seed = 1;; ++seed) {
    SimRandom r(seed);
    if (wanted(r)) return seed;
  }
}

StockLoad stock_load(const std::string& location, int drug, const std::string& lot, int packs) {
  return StockLoad{LocationCode(location),
                   Lot{DrugCode("D" + std::to_string(drug)), LotNo(lot), std::chrono::year{2028} / 1 / 31},
                   test::gtin_for(drug), packs, 80};
}

class ChannelMachineFaultTest : public test::SimDeviceTest<ChannelMachine, ChannelMachineParams> {
 protected:
  void with(FaultRates faults) {
    ChannelMachineParams p;
    p.faults = faults;
    make_with_faults(p);
  }
};

TEST_F(ChannelMachineFaultTest, AJamBlocksTheChannelFailsTheLineAndClears) {
  FaultRates f = FaultRates::none();
  f.jam = 0.5;
  // Job 1's C-03-24 ejection jams (draw 1), the clearing time is draw 2;
  // its C-01-01 ejection, ending at the same time, does not jam (draw 3), nor
  // does job 2's ejection after the clearing (draw 4).
  double clear_s = 0;
  f.seed = seed_where([&](SimRandom& r) {
    if (!r.chance(0.5)) return false;
    clear_s = r.exponential(90.0);
    return !r.chance(0.5) && !r.chance(0.5);
  });
  const long long clear_ms = std::llround(clear_s * 1000);
  with(f);
  device_->submit(pick_job(1, {pick_line("C-03-24", 2, 0), pick_line("C-01-01", 1, 1)}));
  device_->submit(pick_job(2, {pick_line("C-03-24", 1)}));
  sched_.run_until(kStart + Duration(1000));
  // The jam ends job 1's first ejection at 0.8 s: both boxes of its line fail
  // there; its C-01-01 box still comes out (0.8 + 0.083 s).
  ASSERT_EQ(rec_.failures().size(), 1u);
  EXPECT_EQ(rec_.failures()[0].job_id, 1u);
  EXPECT_EQ(rec_.failures()[0].item, 0);
  EXPECT_EQ(rec_.failures()[0].packs, 2);
  EXPECT_EQ(rec_.failures()[0].reason, "channel C-03-24 jammed");
  EXPECT_EQ(device_->status().state, "fault: channel C-03-24 jammed");
  EXPECT_EQ(device_->jammed_channels(), (std::vector<LocationCode>{LocationCode("C-03-24")}));
  sched_.run();
  EXPECT_EQ(pack_times(1), (std::vector<long long>{883}));
  auto incomplete = rec_.state(1, JobState::kIncomplete);
  ASSERT_TRUE(incomplete);
  EXPECT_EQ(incomplete->detail, "lines[0] at C-03-24: 2 packs not put out (channel C-03-24 jammed)");
  EXPECT_EQ(ms(incomplete->at), 883 + 2500 + 4000);
  // Job 2's box waits for the clearing, then ejects (0.8 s) and rides 2.0 s.
  EXPECT_GT(clear_ms, 0);
  EXPECT_EQ(pack_times(2), (std::vector<long long>{800 + clear_ms + 800 + 2000}));
  EXPECT_EQ(completed_at(2), 800 + clear_ms + 800 + 2000 + 2500 + 4000);
  EXPECT_EQ(device_->status().state, "ok");
}

TEST_F(ChannelMachineFaultTest, ADoubleDropPutsOutTwoBoxesAndReportsBoth) {
  FaultRates f = FaultRates::none();
  f.double_drop = 1;
  with(f);
  ASSERT_TRUE(device_->load(stock_load("C-01-60", 1, "A", 3)).ok());
  ASSERT_TRUE(device_->load(stock_load("C-01-59", 2, "B", 1)).ok());
  device_->submit(pick_job(1, {pick_line("C-01-60", 1, 0)}));
  device_->submit(pick_job(2, {pick_line("C-01-59", 1, 0)}));
  sched_.run();
  // Both boxes leave at 0.8 s and reach the collector at 5.8 s.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{5800, 5800}));
  EXPECT_EQ(rec_.packs_of(1)[0].pack.item, 0);
  EXPECT_EQ(rec_.packs_of(1)[1].pack.item, 0);
  EXPECT_NE(rec_.packs_of(1)[0].pack.code, rec_.packs_of(1)[1].pack.code);
  EXPECT_EQ(completed_at(1), 5800 + 2500 + 4000);
  // A channel with one box left can only drop one.
  EXPECT_EQ(rec_.packs_of(2).size(), 1u);
  EXPECT_EQ(device_->status().packs_out, 3u);
  std::vector<StockRow> left = device_->stock();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].quantity, 1);
}

TEST_F(ChannelMachineFaultTest, AWrongLoadPutsAnotherDrugsBoxInTheChannel) {
  FaultRates f = FaultRates::none();
  f.wrong_load = 1;
  with(f);
  ASSERT_TRUE(device_->load(stock_load("C-01-02", 2, "B", 3)).ok());
  ASSERT_TRUE(device_->refill(stock_load("C-01-03", 1, "A", 2)).ok());
  device_->submit(pick_job(1, {pick_line("C-01-03", 1)}));
  sched_.run();
  ASSERT_EQ(rec_.packs_of(1).size(), 1u);
  auto code = parse_pack_code(rec_.packs_of(1)[0].pack.code);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(code->gtin, test::gtin_for(2));  // D2's, in D1's channel
  EXPECT_EQ(code->lot, "B");
  std::vector<LotAccount> accounts = device_->stock_accounts();
  ASSERT_EQ(accounts.size(), 1u);
  EXPECT_EQ(accounts[0].lot.drug.value(), "D2");
  EXPECT_EQ(accounts[0].in, 5);
  EXPECT_EQ(accounts[0].out, 1);
  EXPECT_EQ(accounts[0].on_hand, 4);
}

TEST_F(ChannelMachineFaultTest, WithNoOtherDrugKnownARefillCannotGoWrong) {
  FaultRates f = FaultRates::none();
  f.wrong_load = 1;
  with(f);
  ASSERT_TRUE(device_->refill(stock_load("C-01-03", 1, "A", 2)).ok());
  sched_.run();
  ASSERT_EQ(device_->stock().size(), 1u);
  EXPECT_EQ(device_->stock()[0].lot.drug.value(), "D1");
  EXPECT_EQ(device_->stock()[0].quantity, 2);
}

TEST_F(ChannelMachineFaultTest, AnUnreadableCodeComesOutEmpty) {
  FaultRates f = FaultRates::none();
  f.unreadable = 1;
  with(f);
  device_->submit(pick_job(1, {pick_line("C-01-01", 2)}));
  sched_.run();
  ASSERT_EQ(rec_.packs_of(1).size(), 2u);
  for (const auto& p : rec_.packs_of(1)) {
    EXPECT_EQ(p.pack.code, "");
    EXPECT_EQ(p.pack.location.value(), "C-01-01");
  }
  EXPECT_GT(completed_at(1), 0);
}

class PickRobotFaultTest : public test::SimDeviceTest<PickRobot, PickRobotParams> {
 protected:
  void with(FaultRates faults) {
    PickRobotParams p;
    p.faults = faults;
    make_with_faults(p);
  }
};

TEST_F(PickRobotFaultTest, AFailedGripIsTriedOnceMore) {
  FaultRates f = FaultRates::none();
  f.grip_fail = 0.5;
  f.seed = seed_where([](SimRandom& r) { return r.chance(0.5) && !r.chance(0.5); });
  with(f);
  device_->submit(pick_job(1, {pick_line("R-1-0050", 1)}));
  sched_.run();
  // 333 out, 1200 grip that fails, 1200 grip again, 333 back, 800 release; 2000 chute.
  EXPECT_EQ(pack_times(1), (std::vector<long long>{333 + 1200 + 1200 + 333 + 800}));
  EXPECT_EQ(completed_at(1), 3866 + 2000);
  EXPECT_TRUE(rec_.failures().empty());
}

TEST_F(PickRobotFaultTest, ASecondFailedGripSendsTheLineToManualPicking) {
  FaultRates f = FaultRates::none();
  f.grip_fail = 1;
  with(f);
  device_->submit(pick_job(1, {pick_line("R-1-0050", 2)}));
  device_->submit(pick_job(2, {pick_line("R-1-0050", 1)}));
  sched_.run();
  // 333 out, two failed grips, 333 back with nothing to release: 3066. The
  // line's two packs go to manual picking, and the job ends at once.
  ASSERT_EQ(rec_.failures().size(), 2u);
  EXPECT_EQ(rec_.failures()[0].packs, 2);
  EXPECT_EQ(rec_.failures()[0].reason, "gripper failed twice: pick by hand");
  EXPECT_TRUE(rec_.packs_of(1).empty());
  auto incomplete = rec_.state(1, JobState::kIncomplete);
  ASSERT_TRUE(incomplete);
  EXPECT_EQ(ms(incomplete->at), 3066);
  EXPECT_EQ(incomplete->detail, "lines[0] at R-1-0050: 2 packs not put out (gripper failed twice: pick by hand)");
  // The gripper is free for job 2 then.
  EXPECT_EQ(started_at(2), 3066);
}

TEST_F(PickRobotFaultTest, AnUnreadableCodeComesOutEmpty) {
  FaultRates f = FaultRates::none();
  f.unreadable = 1;
  with(f);
  device_->submit(pick_job(1, {pick_line("R-1-0050", 1)}));
  sched_.run();
  ASSERT_EQ(rec_.packs_of(1).size(), 1u);
  EXPECT_EQ(rec_.packs_of(1)[0].pack.code, "");
}

class SmartShelfFaultTest : public test::SimDeviceTest<SmartShelf, SmartShelfParams> {};

TEST_F(SmartShelfFaultTest, AnUnreadableCodeComesOutEmpty) {
  SmartShelfParams p;
  p.faults = FaultRates::none();
  p.faults.unreadable = 1;
  make_with_faults(p);
  device_->submit(pick_job(1, {pick_line("S-01-01", 1)}));
  sched_.run();
  ASSERT_EQ(rec_.packs_of(1).size(), 1u);
  EXPECT_EQ(rec_.packs_of(1)[0].pack.code, "");
}

TEST(FaultRates, DefaultsAreTheTablesAndNoneTurnsThemOff) {
  FaultRates f;
  EXPECT_EQ(f.jam, 0.002);
  EXPECT_EQ(f.jam_clear_mean_s, 90.0);
  EXPECT_EQ(f.double_drop, 0.001);
  EXPECT_EQ(f.wrong_load, 0.0005);
  EXPECT_EQ(f.unreadable, 0.003);
  EXPECT_EQ(f.grip_fail, 0.004);
  EXPECT_TRUE(check_fault_rates(f, "faults").ok());
  FaultRates none = FaultRates::none();
  EXPECT_EQ(none.jam + none.double_drop + none.wrong_load + none.unreadable + none.grip_fail, 0.0);
}

TEST(FaultRates, NamesTheProbabilityOutOfRange) {
  FaultRates f;
  f.grip_fail = 1.5;
  EXPECT_EQ(check_fault_rates(f, "faults").to_string(),
            "invalid_argument: faults.grip_fail: expected a probability from 0 to 1, found 1.5");
  f = {};
  f.jam_clear_mean_s = -1;
  EXPECT_EQ(check_fault_rates(f, "faults").field(), "faults.jam_clear_mean_s");
  ChannelMachineParams p;
  p.faults.jam = -0.1;
  VirtualScheduler sched(kStart);
  auto machine = ChannelMachine::create(sched, p);
  ASSERT_FALSE(machine.ok());
  EXPECT_EQ(machine.status().field(), "faults.jam");
}

TEST(SimRandom, TheSameSeedGivesTheSameStream) {
  SimRandom a(7), b(7), c(8);
  std::vector<double> xs, ys, zs;
  for (int i = 0; i < 5; ++i) {
    xs.push_back(a.uniform());
    ys.push_back(b.uniform());
    zs.push_back(c.uniform());
  }
  EXPECT_EQ(xs, ys);
  EXPECT_NE(xs, zs);
  for (double x : xs) {
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 1.0);
  }
  // A probability of 0 draws nothing: the stream is where it was.
  SimRandom d(7);
  EXPECT_FALSE(d.chance(0));
  EXPECT_EQ(d.uniform(), xs[0]);
}

TEST(SimRandom, ExponentialDrawsHaveTheirMean) {
  SimRandom r(3);
  double sum = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) sum += r.exponential(90.0);
  EXPECT_NEAR(sum / n, 90.0, 3.0);
}

// A busy script on the channel machine with every fault frequent.
std::vector<std::string> faulty_run(uint64_t seed) {
  FaultRates f;
  f.seed = seed;
  f.jam = 0.1;
  f.jam_clear_mean_s = 5;
  f.double_drop = 0.1;
  f.unreadable = 0.1;
  return test::trace_of<ChannelMachine, ChannelMachineParams>(
      [](VirtualScheduler& sched, ChannelMachine& machine) {
        for (uint64_t id = 1; id <= 20; ++id) {
          machine.submit(pick_job(id, {pick_line(fmt::format("C-{:02d}-{:02d}", id % 3 + 1, id % 7 + 1), 3)}));
          sched.run_until(sched.now() + Duration(500));
        }
      },
      f);
}

TEST(SimFaults, TheSameSeedGivesTheSameFaults) {
  std::vector<std::string> first = faulty_run(11);
  EXPECT_EQ(first, faulty_run(11));
  EXPECT_NE(first, faulty_run(12));
  auto count = [&](const std::string& what) {
    return std::count_if(first.begin(), first.end(), [&](const std::string& l) { return l.find(what) != std::string::npos; });
  };
  EXPECT_GT(count("jammed"), 0);
  EXPECT_GT(count("incomplete"), 0);
}

}  // namespace
}  // namespace rx
