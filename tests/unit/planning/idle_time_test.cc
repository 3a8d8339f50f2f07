#include "planning/idle_time.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/virtual_scheduler.h"
#include "devices/sim/channel_machine.h"
#include "devices/sim/pick_robot.h"
#include "devices/sim/smart_shelf.h"
#include "unit/devices/pick_jobs.h"

namespace rx {
namespace {

using std::chrono::milliseconds;

const Instant kT0 = std::chrono::sys_days{std::chrono::year{2026} / 3 / 30} + std::chrono::hours(1);

// Records when the job completed.
class CompletionListener : public DeviceListener {
 public:
  explicit CompletionListener(const Scheduler& s) : sched_(s) {}
  void on_pack_out(const PackOut&) override {}
  void on_job_state(uint64_t, JobState state, const std::string& detail) override {
    if (state == JobState::kCompleted) completed_ = sched_.now();
    if (state == JobState::kIncomplete || state == JobState::kRejected) problem_ = detail;
  }
  std::optional<Instant> completed_;
  std::string problem_;

 private:
  const Scheduler& sched_;
};

// What the real simulator reports: submit at t0 on an idle device without
// faults, run, and read the completion time.
template <class Machine, class Params>
long long simulated_ms(Params params, const std::vector<IdleLine>& lines) {
  params.faults = FaultRates::none();
  VirtualScheduler sched(kT0);
  auto device = Machine::create(sched, params);
  EXPECT_TRUE(device.ok()) << device.status().to_string();
  CompletionListener listener(sched);
  (*device)->set_listener(&listener);
  std::vector<PickLine> pick;
  for (const IdleLine& l : lines) pick.push_back(test::pick_line(l.location.value(), l.packs, l.item, l.cold));
  (*device)->submit(test::pick_job(1, std::move(pick)));
  sched.run();
  EXPECT_TRUE(listener.completed_.has_value()) << listener.problem_;
  return listener.completed_ ? (*listener.completed_ - kT0).count() : -1;
}

IdleLine line(std::string location, int packs, bool cold = false, int item = 0) {
  return IdleLine{item, LocationCode(std::move(location)), packs, cold};
}

std::string describe(const std::vector<IdleLine>& lines) {
  std::string out;
  for (const auto& l : lines) out += fmt::format("{}x{}{} ", l.location.value(), l.packs, l.cold ? "c" : "");
  return out;
}

long long ms(const Result<Duration>& d) {
  EXPECT_TRUE(d.ok()) << d.status().to_string();
  return d.ok() ? d->count() : -1;
}

// --- hand-computed cases ---------------------------------------------------

TEST(ChannelIdleTime, OneBoxIsEjectBeltDropConveyor) {
  // C-03-24: x = 24 * 0.05 = 1.2 m. 0.8 + 1.2/0.6 + 2.5 + 4.0 = 9.3 s.
  EXPECT_EQ(ms(channel_idle_time({line("C-03-24", 1)}, {})), 9300);
}

TEST(ChannelIdleTime, BoxesOfOneChannelEjectOneAfterAnother) {
  // C-01-10: belt 0.5/0.6 = 0.8333 -> 833 ms. Ejections end at 800, 1600 and
  // 2400; the last box arrives at 2400 + 833 = 3233; + 2500 drop + 4000 = 9733.
  EXPECT_EQ(ms(channel_idle_time({line("C-01-10", 3)}, {})), 9733);
}

TEST(ChannelIdleTime, ChannelsOnDifferentShelvesEjectAtOnce) {
  // Three channels at x = 3.0 m (belt 5 s) on three shelves: all out at 0.8,
  // in at 5.8; 5.8 + 2.5 + 4.0 = 12.3 s, against 2.4 + 5 + 6.5 = 13.9 s
  // from one channel.
  EXPECT_EQ(ms(channel_idle_time({line("C-01-60", 1), line("C-02-60", 1), line("C-03-60", 1)}, {})), 12300);
  EXPECT_EQ(ms(channel_idle_time({line("C-01-60", 3)}, {})), 13900);
}

TEST(ChannelIdleTime, AFifthChannelOnAShelfWaitsForAFreeEjector) {
  // Five channels of shelf 1 at x = 0.05..0.25 m: four eject 0..800, the
  // fifth (C-01-05, belt 0.25/0.6 = 417 ms) 800..1600 and arrives at 2017;
  // + 2500 + 4000 = 8517.
  std::vector<IdleLine> lines;
  for (int c = 1; c <= 5; ++c) lines.push_back(line(fmt::format("C-01-{:02d}", c), 1));
  EXPECT_EQ(ms(channel_idle_time(lines, {})), 8517);
}

TEST(ChannelIdleTime, ThirteenBoxesMakeTwoBaskets) {
  // 13 boxes from C-01-01 (belt 0.05/0.6 = 83 ms): box k arrives at
  // 800k + 83. Basket 1 drops when box 12 is in (9683) until 12183; box 13
  // (10483) waited, so basket 2 drops 12183..14683; + 4000 = 18683.
  EXPECT_EQ(ms(channel_idle_time({line("C-01-01", 13)}, {})), 18683);
}

TEST(RobotIdleTime, OneTripIsMoveGripBackReleaseChute) {
  // R-1-0150: 1.5 m at 1.5 m/s = 1.0 s there and back; 1.0 + 1.2 + 1.0 + 0.8 + 2.0 = 6.0 s.
  EXPECT_EQ(ms(robot_idle_time({line("R-1-0150", 1)}, {})), 6000);
}

TEST(RobotIdleTime, FourPacksNeedTwoTrips) {
  // R-3-0300: level 3 is 0.6 m up (0.6 s), 3 m along (2.0 s): a move takes
  // 2.0 s. Trip 1: 2.0 + 3 x 1.2 (moves of 0 between grips) + 2.0 + 0.8 = 8.4;
  // trip 2: 2.0 + 1.2 + 2.0 + 0.8 = 6.0; + chute 2.0 = 16.4 s.
  EXPECT_EQ(ms(robot_idle_time({line("R-3-0300", 4)}, {})), 16400);
}

TEST(ShelfIdleTime, LinesAddUpWithColdDetourAndCarry) {
  // (12 + 3) + (12 + 8 fridge) + (12 + 2 x 3 + 8 cold) + 10 carry = 71 s.
  EXPECT_EQ(ms(shelf_idle_time({line("S-01-01", 2), line("F-02-03", 1), line("S-03-04", 3, true)}, {})), 71000);
}

TEST(IdleJobTime, PicksTheDeviceByPrefixAndRefusesBadLines) {
  IdleMachines m;
  EXPECT_EQ(ms(idle_job_time({line("C-03-24", 1)}, m)), 9300);
  EXPECT_EQ(ms(idle_job_time({line("R-1-0150", 1)}, m)), 6000);
  EXPECT_EQ(ms(idle_job_time({line("S-01-01", 1)}, m)), 22000);
  auto bad = idle_job_time({line("X-01-01", 1)}, m);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "lines[0].location");
  auto mixed = channel_idle_time({line("C-01-01", 1), line("R-1-0100", 1)}, m.channel);
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.status().field(), "lines[1].location");
  EXPECT_NE(mixed.status().message().find("C-SS-CC"), std::string::npos);
  auto none = shelf_idle_time({line("S-01-01", 0)}, m.shelf);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().field(), "lines[0].packs");
  auto off_machine = channel_idle_time({line("C-11-01", 1)}, m.channel);
  EXPECT_FALSE(off_machine.ok());
}

TEST(LineIdleTime, IsTheIdleTimeOfAJobOfThatLineAlone) {
  IdleMachines m;
  for (const IdleLine& l : {line("C-03-24", 1), line("C-10-50", 3), line("R-1-0150", 1), line("R-3-0420", 5),
                            line("S-01-01", 2), line("F-02-03", 1), line("S-04-02", 1, true)}) {
    EXPECT_EQ(ms(line_idle_time(l, m)), ms(idle_job_time({l}, m))) << l.location.value();
  }
  EXPECT_EQ(ms(line_idle_time(line("C-03-24", 1), m)), 9300);
  auto bad = line_idle_time(line("X-01-01", 1), m);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "line.location");
  EXPECT_FALSE(line_idle_time(line("C-11-01", 1), m).ok());
  auto none = line_idle_time(line("S-01-01", 0), m);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().field(), "line.packs");
}

// --- the formula against the simulators ----------------------------------

std::vector<IdleLine> random_channel_job(std::mt19937& rng, const ChannelMachineParams& p) {
  std::uniform_int_distribution<int> lines_n(1, 7);
  std::uniform_int_distribution<int> few_shelves(1, std::min(2, p.shelves));
  std::uniform_int_distribution<int> any_shelf(1, p.shelves);
  std::uniform_int_distribution<int> channel(1, p.channels_per_shelf);
  std::uniform_int_distribution<int> near(1, 8);
  std::uniform_int_distribution<int> packs(1, 5);
  std::uniform_int_distribution<int> coin(0, 3);
  std::vector<IdleLine> out;
  int n = lines_n(rng);
  for (int i = 0; i < n; ++i) {
    // Crowd a shelf or two half of the time, so the per-shelf limit bites;
    // reuse a channel now and then, so a channel's boxes queue.
    int shelf = coin(rng) < 2 ? few_shelves(rng) : any_shelf(rng);
    int ch = coin(rng) == 0 ? near(rng) : channel(rng);
    out.push_back(line(fmt::format("C-{:02d}-{:02d}", shelf, ch), packs(rng), false, i));
  }
  return out;
}

TEST(ChannelIdleTime, EqualsTheSimulatorOnRandomJobs) {
  std::vector<ChannelMachineParams> variants(4);
  variants[1].speed = 1.7;                // rounding of every step on its own
  variants[2].max_ejecting_per_shelf = 2;  // a tighter shelf
  variants[2].bucket_capacity = 5;         // many baskets
  variants[3].eject_s = 0.33;              // ejections finishing at the same instants as arrivals
  variants[3].belt_m_per_s = 0.9;
  std::mt19937 rng(20260330);
  int crowded = 0;
  int two_baskets = 0;
  for (const auto& p : variants) {
    for (int trial = 0; trial < 150; ++trial) {
      auto job = random_channel_job(rng, p);
      int boxes = 0;
      for (const auto& l : job) boxes += l.packs;
      two_baskets += boxes > p.bucket_capacity;
      crowded += job.size() > static_cast<size_t>(p.max_ejecting_per_shelf);
      ASSERT_EQ(ms(channel_idle_time(job, p)), (simulated_ms<ChannelMachine>(p, job))) << describe(job);
    }
  }
  EXPECT_GT(two_baskets, 20);
  EXPECT_GT(crowded, 50);
}

TEST(ChannelIdleTime, EqualsTheSimulatorWithSixChannelsOnOneShelf) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> channel(1, 60);
  std::uniform_int_distribution<int> packs(1, 3);
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<IdleLine> job;
    for (int i = 0; i < 6; ++i) job.push_back(line(fmt::format("C-04-{:02d}", channel(rng)), packs(rng), false, i));
    ASSERT_EQ(ms(channel_idle_time(job, {})), (simulated_ms<ChannelMachine>(ChannelMachineParams{}, job)))
        << describe(job);
  }
}

TEST(RobotIdleTime, EqualsTheSimulatorOnRandomJobs) {
  std::vector<PickRobotParams> variants(3);
  variants[1].speed = 1.3;
  variants[2].packs_per_trip = 2;
  variants[2].trip_span_m = 0.2;
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> lines_n(1, 5);
  std::uniform_int_distribution<int> level(1, 8);
  std::uniform_int_distribution<int> x(0, 1000);
  std::uniform_int_distribution<int> jitter(0, 60);
  std::uniform_int_distribution<int> packs(1, 4);
  std::uniform_int_distribution<int> coin(0, 1);
  int multi_trip = 0;
  for (const auto& p : variants) {
    for (int trial = 0; trial < 150; ++trial) {
      std::vector<IdleLine> job;
      int n = lines_n(rng);
      int base_level = level(rng);
      int base_x = x(rng) % 900;
      int total = 0;
      for (int i = 0; i < n; ++i) {
        // Half the lines lie close together on one level, so trips share.
        bool close = coin(rng) == 1;
        int l = close ? base_level : level(rng);
        int at = close ? base_x + jitter(rng) : x(rng);
        int k = packs(rng);
        total += k;
        job.push_back(line(fmt::format("R-{}-{:04d}", l, at), k, false, i));
      }
      multi_trip += total > p.packs_per_trip;
      ASSERT_EQ(ms(robot_idle_time(job, p)), (simulated_ms<PickRobot>(p, job))) << describe(job);
    }
  }
  EXPECT_GT(multi_trip, 100);
}

TEST(ShelfIdleTime, EqualsTheSimulatorOnRandomJobs) {
  std::vector<SmartShelfParams> variants(2);
  variants[1].speed = 1.1;
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> lines_n(1, 5);
  std::uniform_int_distribution<int> bin(1, 40);
  std::uniform_int_distribution<int> packs(1, 6);
  std::uniform_int_distribution<int> coin(0, 3);
  int cold = 0;
  for (const auto& p : variants) {
    for (int trial = 0; trial < 100; ++trial) {
      std::vector<IdleLine> job;
      int n = lines_n(rng);
      for (int i = 0; i < n; ++i) {
        bool fridge = coin(rng) == 0;
        bool cold_item = fridge || coin(rng) == 0;
        cold += cold_item;
        job.push_back(line(fmt::format("{}-{:02d}-{:02d}", fridge ? 'F' : 'S', bin(rng), bin(rng)), packs(rng),
                           cold_item, i));
      }
      ASSERT_EQ(ms(shelf_idle_time(job, p)), (simulated_ms<SmartShelf>(p, job))) << describe(job);
    }
  }
  EXPECT_GT(cold, 50);
}

// --- the lower bound ---------------------------------------------------------

BoundItem item(int packs, std::vector<std::string> locations, bool cold = false) {
  BoundItem out;
  out.packs = packs;
  out.cold = cold;
  for (auto& l : locations) out.locations.push_back(LocationCode(std::move(l)));
  return out;
}

// The time of an assignment: one job per device, lines in item order.
double assignment_s(const std::vector<IdleLine>& lines, const IdleMachines& m) {
  std::vector<IdleLine> by_device[3];
  for (const auto& l : lines) {
    char d = location_device(l.location);
    by_device[d == 'C' ? 0 : d == 'R' ? 1 : 2].push_back(l);
  }
  long long worst = 0;
  for (const auto& job : by_device) worst = std::max(worst, ms(idle_job_time(job, m)));
  return static_cast<double>(worst) / 1000.0;
}

TEST(LowerBound, PicksTheFasterDevice) {
  IdleMachines m;
  // C-01-02: 0.8 + 0.1/0.6 (167 ms) + 2.5 + 4.0 = 7.467 s; the shelf takes 22 s.
  EXPECT_DOUBLE_EQ(*lower_bound_s({item(1, {"S-01-01", "C-01-02"})}, m), 7.467);
  // R-1-0030: 0.2 + 1.2 + 0.2 + 0.8 + 2.0 = 4.4 s beats C-10-60 (0.8 + 5 + 6.5 = 12.3 s).
  auto bound = idle_bound({item(1, {"C-10-60", "R-1-0030"})}, m);
  ASSERT_TRUE(bound.ok());
  EXPECT_DOUBLE_EQ(bound->seconds, 4.4);
  ASSERT_EQ(bound->lines.size(), 1u);
  EXPECT_EQ(bound->lines[0].location.value(), "R-1-0030");
  EXPECT_TRUE(bound->exact);
}

TEST(LowerBound, SplitsALineAcrossShelvesAndItemsAcrossDevices) {
  IdleMachines m;
  // Three packs from three shelves in parallel: 12.3 s, not 13.9 from one channel.
  EXPECT_DOUBLE_EQ(*lower_bound_s({item(3, {"C-01-60", "C-02-60", "C-03-60"})}, m), 12.3);
  // Two items both at R-1-0150 and C-05-30 (0.8 + 2.5 + 6.5 = 9.8 s alone):
  // both on the robot ride one trip, 1 + 2.4 + 1 + 0.8 + 2 = 7.2 s.
  EXPECT_DOUBLE_EQ(*lower_bound_s({item(1, {"C-05-30", "R-1-0150"}), item(1, {"C-05-30", "R-1-0150"})}, m), 7.2);
  // A shelf item and a channel item run in parallel: the shelf's 22 s sets it.
  EXPECT_DOUBLE_EQ(*lower_bound_s({item(1, {"S-01-01"}), item(1, {"C-01-01"})}, m), 22.0);
}

TEST(LowerBound, WarmItemsAvoidTheFridgeAndColdOnesPayIt) {
  IdleMachines m;
  EXPECT_DOUBLE_EQ(*lower_bound_s({item(1, {"F-01-01", "S-01-01"})}, m), 22.0);
  EXPECT_DOUBLE_EQ(*lower_bound_s({item(1, {"S-01-01"}, true)}, m), 30.0);
}

// Random prescriptions of up to 5 items: each bound is no more than whole
// items sent to random places, and an exact one is what its own lines take.
void expect_bounds_hold(const IdleMachines& m, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> items_n(1, 5);
  std::uniform_int_distribution<int> packs(1, 4);
  std::uniform_int_distribution<int> cands(1, 4);
  std::uniform_int_distribution<int> kind(0, 5);
  std::uniform_int_distribution<int> shelf(1, 10);
  std::uniform_int_distribution<int> channel(1, 60);
  std::uniform_int_distribution<int> level(1, 8);
  std::uniform_int_distribution<int> x(0, 1000);
  int inexact = 0;
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<BoundItem> rx;
    int n = items_n(rng);
    for (int i = 0; i < n; ++i) {
      std::vector<std::string> locs;
      int k = cands(rng);
      for (int c = 0; c < k; ++c) {
        int d = kind(rng);
        if (d <= 2) locs.push_back(fmt::format("C-{:02d}-{:02d}", shelf(rng), channel(rng)));
        else if (d <= 4) locs.push_back(fmt::format("R-{}-{:04d}", level(rng), x(rng)));
        else locs.push_back(fmt::format("S-{:02d}-{:02d}", shelf(rng), channel(rng)));
      }
      rx.push_back(item(packs(rng), locs));
    }
    auto bound = idle_bound(rx, m);
    ASSERT_TRUE(bound.ok()) << bound.status().to_string();
    // A few of these (5 items of up to 4 packs, each at up to 4 places) pass
    // the search budget and fall back to the relaxation, which must still hold.
    if (bound->exact) {
      EXPECT_DOUBLE_EQ(assignment_s(bound->lines, m), bound->seconds);
    } else {
      ++inexact;
    }
    // Whole items to random locations.
    for (int a = 0; a < 10; ++a) {
      std::vector<IdleLine> lines;
      for (size_t i = 0; i < rx.size(); ++i) {
        const auto& locs = rx[i].locations;
        std::uniform_int_distribution<size_t> pick(0, locs.size() - 1);
        lines.push_back(IdleLine{static_cast<int>(i), locs[pick(rng)], rx[i].packs, false});
      }
      EXPECT_LE(bound->seconds, assignment_s(lines, m) + 1e-9);
    }
  }
  EXPECT_LT(inexact, 10);
}

TEST(LowerBound, IsNeverAboveAnyAssignmentAndIsReachedByItsOwn) { expect_bounds_hold(IdleMachines{}, 42); }

TEST(LowerBound, HoldsOnFasterMachinesWithTighterLimits) {
  // Every step rounded on its own at these speeds, several baskets and
  // robot trips, and shelves that eject two boxes at a time.
  IdleMachines m;
  m.channel.speed = 1.7;
  m.channel.max_ejecting_per_shelf = 2;
  m.channel.bucket_capacity = 3;
  m.robot.speed = 1.3;
  m.robot.packs_per_trip = 2;
  m.shelf.speed = 1.9;
  expect_bounds_hold(m, 43);
}

// Channels on every shelf and three on the first: too many ways to split 40 packs over.
std::vector<std::string> twelve_channels() {
  std::vector<std::string> locs;
  for (int s = 1; s <= 10; ++s) locs.push_back(fmt::format("C-{:02d}-01", s));
  locs.push_back("C-01-02");
  locs.push_back("C-01-03");
  return locs;
}

TEST(LowerBound, ARelaxationWhenTheSearchIsTooLarge) {
  IdleMachines m;
  // 40 packs over 12 channels is beyond the enumeration; the bound is one
  // pack at the best place (C-01-01: 0.8 + 0.083 + 6.5 = 7.383 s), marked inexact.
  auto bound = idle_bound({item(40, twelve_channels())}, m);
  ASSERT_TRUE(bound.ok());
  EXPECT_FALSE(bound->exact);
  EXPECT_DOUBLE_EQ(bound->seconds, 7.383);
}

TEST(LowerBound, TheRelaxationAddsUpTheItemsThatHaveOnePlace) {
  IdleMachines m;
  // The same 40 packs beside two shelf-only items and a cold one: whatever
  // the split, one technician picks all three, 10 + (12 + 3) + (12 + 6) +
  // (12 + 8) = 63 s, not the slowest item's 30 s alone.
  auto bound = idle_bound(
      {item(40, twelve_channels()), item(2, {"S-01-10"}), item(3, {"S-01-04"}), item(1, {"F-01-01"}, true)}, m);
  ASSERT_TRUE(bound.ok());
  EXPECT_FALSE(bound->exact);
  EXPECT_DOUBLE_EQ(bound->seconds, 63.0);
  // Which is still no more than an assignment of every item.
  std::vector<IdleLine> lines{{0, LocationCode("C-01-01"), 40, false},
                              {1, LocationCode("S-01-10"), 2, false},
                              {2, LocationCode("S-01-04"), 3, false},
                              {3, LocationCode("F-01-01"), 1, true}};
  EXPECT_LE(bound->seconds, assignment_s(lines, m));
}

TEST(LowerBound, RefusesItemsWithoutAPlace) {
  IdleMachines m;
  auto none = idle_bound({item(1, {"C-01-01"}), item(2, {})}, m);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().field(), "items[1].locations");
  auto bad = idle_bound({item(1, {"C-01-01", "Q-1"})}, m);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "items[0].locations[1]");
  // Nothing to dispense takes no time.
  EXPECT_DOUBLE_EQ(*lower_bound_s({item(0, {})}, m), 0.0);
}

TEST(LowerBound, TheCacheAnswersAsIdleBoundDoes) {
  IdleMachines m;
  IdleBoundCache cache(m);
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> packs(0, 3);
  std::uniform_int_distribution<int> pick(0, 5);
  // A small pool of items, so that most prescriptions reuse cached ones in
  // new positions and combinations.
  const std::vector<BoundItem> pool{item(1, {"C-01-02", "R-1-0030"}), item(2, {"C-03-10", "C-04-10", "S-01-01"}),
                                    item(1, {"F-01-01"}, true),         item(3, {"R-2-0400", "C-09-50"}),
                                    item(1, {"S-02-02", "F-02-02"}),    item(2, {"C-01-01", "C-01-02"})};
  for (int trial = 0; trial < 150; ++trial) {
    std::vector<BoundItem> rx;
    const int n = 1 + trial % 4;
    for (int i = 0; i < n; ++i) {
      BoundItem it = pool[static_cast<size_t>(pick(rng))];
      if (trial % 5 == 0) it.packs = packs(rng);
      rx.push_back(it);
    }
    auto direct = idle_bound(rx, m);
    auto cached = cache.bound(rx);
    ASSERT_TRUE(direct.ok() && cached.ok());
    EXPECT_EQ(cached->seconds, direct->seconds) << "trial " << trial;
    EXPECT_EQ(cached->exact, direct->exact);
    ASSERT_EQ(cached->lines.size(), direct->lines.size());
    for (size_t k = 0; k < direct->lines.size(); ++k) {
      EXPECT_EQ(cached->lines[k].item, direct->lines[k].item);
      EXPECT_EQ(cached->lines[k].location, direct->lines[k].location);
      EXPECT_EQ(cached->lines[k].packs, direct->lines[k].packs);
    }
  }
}

TEST(LowerBound, TheCacheNamesABadItemWhereverItStands) {
  IdleMachines m;
  IdleBoundCache cache(m);
  ASSERT_TRUE(cache.bound({item(1, {"C-01-01"})}).ok());
  auto none = cache.bound({item(1, {"C-01-01"}), item(2, {})});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().field(), "items[1].locations");
  auto bad = cache.bound({item(1, {"C-01-01"}), item(1, {"C-01-01", "Q-1"})});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "items[1].locations[1]");
  EXPECT_DOUBLE_EQ(cache.bound({item(0, {})})->seconds, 0.0);
}

}  // namespace
}  // namespace rx
