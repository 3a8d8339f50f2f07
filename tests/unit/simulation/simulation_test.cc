#include "simulation/simulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "simulation/workload.h"
#include "sim_formulary.h"
#include "small_runs.h"

namespace rx::simulation {
namespace {

using testing::shipped_formulary;
using testing::small;
using testing::without_wall;

RunResult run(const Scenario& s, PolicyKind policy, uint64_t seed, const SimulationOptions& options = {}) {
  auto r = run_simulation(s, shipped_formulary(), policy, seed, options);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? std::move(r).value() : RunResult{};
}

TEST(Simulation, SameSeedSameMetricsAndAnotherSeedOthers) {
  Scenario s = small(10, 900);
  RunResult a = run(s, PolicyKind::kSmart, 3);
  RunResult b = run(s, PolicyKind::kSmart, 3);
  RunResult c = run(s, PolicyKind::kSmart, 4);
  EXPECT_GT(a.metrics.prescriptions, 100);
  EXPECT_EQ(without_wall(a.metrics), without_wall(b.metrics));
  EXPECT_NE(without_wall(a.metrics), without_wall(c.metrics));
  ASSERT_EQ(a.samples.size(), b.samples.size());
  for (size_t i = 0; i < a.samples.size(); ++i) {
    EXPECT_EQ(a.samples[i].ready_s, b.samples[i].ready_s);
    EXPECT_EQ(a.samples[i].handed_over_s, b.samples[i].handed_over_s);
  }
  EXPECT_EQ(a.scenario, "small");
  EXPECT_EQ(a.policy, "smart");
  EXPECT_EQ(a.seed, 3u);
}

// What the taps saw: jobs open and in process per device, and every pack.
struct DeviceWatch {
  std::map<DeviceKind, int> open, most_open;
  std::map<DeviceKind, int> active, most_active;
  std::map<uint64_t, bool> in_process;
  std::vector<DeviceTrace> packs;
  void operator()(const DeviceTrace& t) {
    if (t.what == DeviceTrace::What::kPack) packs.push_back(t);
    if (t.what == DeviceTrace::What::kSubmitted) most_open[t.device] = std::max(most_open[t.device], ++open[t.device]);
    if (t.what != DeviceTrace::What::kState) return;
    if (t.state == JobState::kInProcess) {
      in_process[t.job_id] = true;
      most_active[t.device] = std::max(most_active[t.device], ++active[t.device]);
    } else if (t.state != JobState::kQueued) {
      --open[t.device];
      if (in_process[t.job_id]) --active[t.device];
      in_process[t.job_id] = false;
    }
  }
};

long long ms(double s) { return std::llround(s * 1000); }

// The channel machine never ejects two boxes from one channel at once, nor
// from more channels of a shelf than its limit: each pack's ejection is
// [collected - belt - eject, collected - belt), as the machine times it.
void expect_channel_ejections_apart(const std::vector<DeviceTrace>& packs, const ChannelMachineParams& p) {
  std::map<int, std::vector<std::pair<long long, int>>> shelf_events;  // (ms, +1 start / -1 end)
  std::map<std::string, std::vector<long long>> channel_starts;
  for (const auto& t : packs) {
    if (t.device != DeviceKind::kChannel) continue;
    const std::string& loc = t.location.value();
    int shelf = std::stoi(loc.substr(2, 2));
    int channel = std::stoi(loc.substr(5, 2));
    long long belt = ms(channel * p.channel_pitch_m / p.belt_m_per_s);
    long long end = ms(t.at_s) - belt;
    long long start = end - ms(p.eject_s);
    auto& starts = channel_starts[loc];
    // A double drop brings two boxes out of one ejection.
    if (!starts.empty() && starts.back() == start) continue;
    starts.push_back(start);
    shelf_events[shelf].emplace_back(start, +1);
    shelf_events[shelf].emplace_back(end, -1);
  }
  for (auto& [loc, starts] : channel_starts) {
    std::sort(starts.begin(), starts.end());
    for (size_t i = 1; i < starts.size(); ++i) {
      EXPECT_GE(starts[i] - starts[i - 1], ms(p.eject_s)) << loc << " ejects twice at once";
    }
  }
  for (auto& [shelf, events] : shelf_events) {
    std::sort(events.begin(), events.end());  // an end sorts before a start at the same instant
    int ejecting = 0;
    for (const auto& [at, d] : events) {
      ejecting += d;
      EXPECT_LE(ejecting, p.max_ejecting_per_shelf) << "shelf " << shelf << " at " << at << " ms";
    }
  }
}

// The robot's one gripper makes one trip at a time: its packs come out at
// the end of each trip, and two trips are at least a grip and a release apart.
void expect_robot_trips_apart(const std::vector<DeviceTrace>& packs, const PickRobotParams& p) {
  std::vector<long long> releases;
  for (const auto& t : packs) {
    if (t.device == DeviceKind::kRobot) releases.push_back(ms(t.at_s));
  }
  std::sort(releases.begin(), releases.end());
  releases.erase(std::unique(releases.begin(), releases.end()), releases.end());
  for (size_t i = 1; i < releases.size(); ++i) {
    EXPECT_GE(releases[i] - releases[i - 1], ms(p.grip_s) + ms(p.release_s)) << "two trips at once";
  }
}

TEST(Simulation, PropertiesHoldOverRandomSmallScenarios) {
  std::mt19937_64 rng(20261201);
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Scenario s = small(5 + static_cast<int>(rng() % 6), 300 + static_cast<double>(rng() % 1200));
    s.staff.windows = 2 + static_cast<int>(rng() % 7);
    PolicyKind policy = seed % 2 ? PolicyKind::kSmart : PolicyKind::kFifo;
    auto watch = std::make_shared<DeviceWatch>();
    SimulationOptions options;
    options.trace = [watch](const DeviceTrace& t) { (*watch)(t); };
    RunResult r = run(s, policy, seed, options);

    auto workload = generate_workload(s, shipped_formulary(), seed);
    ASSERT_TRUE(workload.ok());
    // Every paid prescription completes, and safely.
    EXPECT_EQ(r.metrics.prescriptions, static_cast<long long>(workload->prescriptions.size()));
    EXPECT_EQ(r.samples.size(), workload->prescriptions.size());
    EXPECT_EQ(r.metrics.lost_prescriptions, 0);
    EXPECT_EQ(r.metrics.wrong_packs_handed_over, 0);
    EXPECT_EQ(r.metrics.duplicate_dispenses, 0);
    // No device does two things at once: a channel one box, a shelf of
    // channels its limit, the gripper one trip, a picker one job; and under
    // fifo each device one prescription.
    expect_channel_ejections_apart(watch->packs, s.channel);
    expect_robot_trips_apart(watch->packs, s.robot);
    EXPECT_LE(watch->most_active[DeviceKind::kShelf], s.shelf.technicians);
    if (policy == PolicyKind::kFifo) {
      for (const auto& [device, most] : watch->most_open) {
        EXPECT_LE(most, max_jobs_per_device(PolicyKind::kFifo)) << static_cast<char>(device);
      }
    }
    // No pack comes out before its prescription is paid, nor is anything
    // ready sooner than on idle machines.
    std::map<long long, const PrescriptionSample*> by_id;
    for (const auto& sample : r.samples) {
      by_id[sample.id] = &sample;
      EXPECT_GT(sample.lower_bound_s, 0);
      EXPECT_GE(sample.order_to_ready_s() + 1e-9, sample.lower_bound_s) << "prescription " << sample.id;
      if (policy == PolicyKind::kFifo) {
        EXPECT_GE(sample.ready_s, sample.arrived_s);
      }
    }
    ASSERT_FALSE(watch->packs.empty());
    for (const auto& p : watch->packs) {
      auto it = by_id.find(p.prescription.value());
      ASSERT_NE(it, by_id.end()) << "a pack for prescription " << p.prescription.value();
      EXPECT_GE(p.at_s, it->second->paid_s);
    }
  }
}

// A double drop right after an unreadable pack brings a good pack in place
// of the one verification set aside: the patient gets the right count, and
// neither the substitute nor anything else counts as a fault that got away.
TEST(Simulation, AGoodPackThatReplacesAnUnreadableOneIsNoEscapedFault) {
  Scenario s = small(20, 900);
  s.faults.double_drop = 0.2;
  s.faults.unreadable = 0.2;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    RunResult r = run(s, PolicyKind::kSmart, seed);
    EXPECT_GT(r.metrics.faults_injected, 0) << "seed " << seed;
    EXPECT_EQ(r.metrics.faults_caught, r.metrics.faults_injected) << "seed " << seed;
    EXPECT_EQ(r.metrics.wrong_packs_handed_over, 0) << "seed " << seed;
    EXPECT_EQ(r.metrics.duplicate_dispenses, 0) << "seed " << seed;
  }
}

TEST(Simulation, FaultsAreInjectedAndCaught) {
  Scenario s = small(10, 900);
  s.faults.double_drop *= 20;
  s.faults.unreadable *= 10;
  s.faults.jam *= 10;
  s.faults.grip_fail *= 10;
  RunResult r = run(s, PolicyKind::kSmart, 5);
  EXPECT_GT(r.metrics.faults_injected, 0);
  EXPECT_EQ(r.metrics.faults_caught, r.metrics.faults_injected);
  EXPECT_GT(r.metrics.device_faults, 0);
  EXPECT_EQ(r.metrics.wrong_packs_handed_over, 0);
  EXPECT_EQ(r.metrics.lost_prescriptions, 0);
  EXPECT_EQ(r.metrics.duplicate_dispenses, 0);
}

TEST(Simulation, UtilisationAndTimelineCoverDevicesAndWindows) {
  Scenario s = small(10, 900);
  s.staff.windows = 3;
  RunResult r = run(s, PolicyKind::kSmart, 2);
  std::set<std::string> resources;
  for (const auto& u : r.metrics.utilisation) {
    resources.insert(u.resource);
    EXPECT_GE(u.busy_pct, 0);
    EXPECT_LE(u.busy_pct, 100);
  }
  EXPECT_EQ(resources, (std::set<std::string>{"C", "R", "S", "window 1", "window 2", "window 3"}));
  ASSERT_GE(r.timeline.size(), 2u);
  int arrivals = 0;
  for (const auto& p : r.timeline) arrivals += p.arrivals;
  EXPECT_EQ(arrivals, r.metrics.prescriptions);
  EXPECT_FALSE(r.metrics.busiest_resource.empty());
}

TEST(Simulation, FifoWaitsLongerThanSmart) {
  Scenario s = small(10, 900);
  RunResult smart = run(s, PolicyKind::kSmart, 1);
  RunResult fifo = run(s, PolicyKind::kFifo, 1);
  EXPECT_EQ(smart.metrics.prescriptions, fifo.metrics.prescriptions);
  EXPECT_GT(smart.metrics.ready_on_arrival_pct, fifo.metrics.ready_on_arrival_pct);
  EXPECT_LT(smart.metrics.patient_wait_p95_s, fifo.metrics.patient_wait_p95_s);
}

TEST(Simulation, ABadDayIsRefused) {
  Scenario s = small(5, 600);
  s.day = "2026-13-01";
  auto r = run_simulation(s, shipped_formulary(), PolicyKind::kSmart, 1);
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace rx::simulation

namespace rx::simulation {
namespace {

// smart's p95 on ten minutes of peak-hour, seed 1, must not get worse. The
// run is deterministic, so the figures move only when the devices, the
// service or the policy change; half a second of slack (a few percent of the
// channel path's 12 s target) lets timing details move them, and anything
// slower fails. A change that makes them better lowers the pins here.
TEST(Simulation, SmartP95OnASmallFixedScenarioDoesNotRegress) {
  RunResult r = run(small(10, 900), PolicyKind::kSmart, 1);
  // 53.266, 12.533 and 54.148 s until the popularity draw kept about 80% of
  // the lines on the machines (this seed's plain shuffle gave them 70%).
  // 43.635 s until jobs of one priority were served by due time: on this
  // short run a long shelf job's wait sets the p95, which rose 1.4 s, while
  // over peak-hour's seeds 11 to 30 the p95 fell on 14 and rose on 4. 45.0 s
  // until a job that can no longer be ready within the readiness target
  // yielded for a while, and jobs came nearly in the order paid.
  EXPECT_LE(r.metrics.order_to_ready_p95_s, 43.635 + 0.5);
  // 21.4 s until plans kept off channels being refilled and the technicians
  // stopped loading channels with boxes still planned from them; 15.205 s
  // until the wait for a bucket counted 1.5 times in the device choice.
  EXPECT_LE(r.metrics.channel_order_to_ready_p95_s, 10.480 + 0.5);
  // Windows about to free call the next patient early.
  EXPECT_LE(r.metrics.patient_wait_p95_s, 48.009 + 0.5);
  EXPECT_GE(r.metrics.order_to_ready_p95_s, r.metrics.lower_bound_p95_s);
  EXPECT_EQ(r.metrics.lost_prescriptions, 0);
}

}  // namespace
}  // namespace rx::simulation
