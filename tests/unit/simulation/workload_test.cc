#include "simulation/workload.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "simulation/sim_metrics.h"
#include "sim_formulary.h"

namespace rx::simulation {
namespace {

using testing::shipped_formulary;

GeneratedWorkload generate(const Scenario& s, uint64_t seed) {
  auto w = generate_workload(s, shipped_formulary(), seed);
  EXPECT_TRUE(w.ok()) << w.status().to_string();
  return w.ok() ? std::move(w).value() : GeneratedWorkload{};
}

// The distributions' tests draw many prescriptions, so that sampling error is small.
Scenario busy_hour() {
  Scenario s;
  s.workload.arrivals = {ArrivalPhase{9 * 3600, 10 * 3600, 20000}};
  return s;
}

bool same(const GeneratedWorkload& a, const GeneratedWorkload& b) {
  if (a.prescriptions.size() != b.prescriptions.size() || a.popularity != b.popularity) return false;
  for (size_t i = 0; i < a.prescriptions.size(); ++i) {
    const auto& x = a.prescriptions[i];
    const auto& y = b.prescriptions[i];
    if (x.paid_s != y.paid_s || x.walk_s != y.walk_s || x.service_s != y.service_s ||
        x.items.size() != y.items.size()) {
      return false;
    }
    for (size_t k = 0; k < x.items.size(); ++k) {
      if (x.items[k].drug != y.items[k].drug || x.items[k].packs != y.items[k].packs) return false;
    }
  }
  return true;
}

TEST(Workload, SameSeedSameWorkloadAndAnotherSeedAnother) {
  Scenario s;
  EXPECT_TRUE(same(generate(s, 7), generate(s, 7)));
  EXPECT_FALSE(same(generate(s, 7), generate(s, 8)));
}

TEST(Workload, PaymentsArePoissonAtThePhaseRate) {
  Scenario s;  // peak-hour: 900 an hour; the count's sd is 30
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    auto w = generate(s, seed);
    EXPECT_NEAR(static_cast<double>(w.prescriptions.size()), 900, 120) << "seed " << seed;
    ASSERT_FALSE(w.prescriptions.empty());
    EXPECT_GE(w.prescriptions.front().paid_s, 0);
    EXPECT_LT(w.prescriptions.back().paid_s, 3600);
    EXPECT_TRUE(std::is_sorted(w.prescriptions.begin(), w.prescriptions.end(),
                               [](const auto& a, const auto& b) { return a.paid_s < b.paid_s; }));
    EXPECT_EQ(w.prescriptions.front().serial, 1);
    EXPECT_EQ(w.prescriptions.back().serial, static_cast<long long>(w.prescriptions.size()));
  }
}

TEST(Workload, PhasesAddUpAndTimesCountFromTheRunsStart) {
  Scenario s;
  s.start_s = 8 * 3600;
  s.workload.arrivals = {ArrivalPhase{8 * 3600, 8 * 3600 + 600, 3600}, ArrivalPhase{9 * 3600, 9 * 3600 + 600, 0}};
  auto w = generate(s, 3);
  EXPECT_NEAR(static_cast<double>(w.prescriptions.size()), 600, 100);
  for (const auto& p : w.prescriptions) EXPECT_LT(p.paid_s, 600);
}

TEST(Workload, ItemsAndPacksFollowTheMixes) {
  auto w = generate(busy_hour(), 11);
  std::vector<int> items(6, 0), packs(7, 0);
  long long lines = 0;
  for (const auto& p : w.prescriptions) {
    ASSERT_GE(p.items.size(), 1u);
    ASSERT_LE(p.items.size(), 5u);
    ++items[p.items.size()];
    std::set<std::string> drugs;
    for (const auto& i : p.items) {
      ASSERT_GE(i.packs, 1);
      ASSERT_LE(i.packs, 6);
      ++packs[static_cast<size_t>(i.packs)];
      ++lines;
      EXPECT_TRUE(drugs.insert(i.drug.value()).second) << "drug twice on prescription " << p.serial;
      EXPECT_NE(shipped_formulary().find(i.drug), nullptr);
    }
  }
  auto n = static_cast<double>(w.prescriptions.size());
  EXPECT_NEAR(items[1] / n, 0.45, 0.02);
  EXPECT_NEAR(items[2] / n, 0.28, 0.02);
  EXPECT_NEAR(items[5] / n, 0.04, 0.01);
  EXPECT_NEAR(packs[1] / static_cast<double>(lines), 0.60, 0.02);
  EXPECT_NEAR(packs[2] / static_cast<double>(lines), 0.25, 0.02);
  EXPECT_NEAR((packs[4] + packs[5] + packs[6]) / static_cast<double>(lines), 0.05, 0.01);
}

TEST(Workload, WalkAndServiceAreLognormalAsConfigured) {
  auto w = generate(busy_hour(), 5);
  std::vector<double> walk, service;
  for (const auto& p : w.prescriptions) {
    walk.push_back(p.walk_s);
    service.push_back(p.service_s);
  }
  EXPECT_NEAR(percentile(walk, 50), 240, 12);
  EXPECT_NEAR(percentile(walk, 90), 600, 30);
  double mean = 0;
  for (double s : service) mean += s / static_cast<double>(service.size());
  EXPECT_NEAR(mean, 25, 0.6);
  EXPECT_NEAR(percentile(service, 50), 25 * std::exp(-0.08), 1.0);  // median = mean * e^(-sigma^2 / 2)
}

TEST(Workload, PopularityIsAShuffleAndDrugsFollowZipf) {
  auto w = generate(busy_hour(), 9);
  const auto& drugs = shipped_formulary().drugs();
  ASSERT_EQ(w.popularity.size(), drugs.size());
  std::vector<DrugCode> code_order;
  for (const auto& d : drugs) code_order.push_back(d.code);
  EXPECT_NE(w.popularity, code_order);
  std::map<DrugCode, long long> lines;
  for (const auto& p : w.prescriptions) {
    for (const auto& i : p.items) ++lines[i.drug];
  }
  // Zipf s = 1: the first drug is drawn about twice as often as the second
  // (a little less, since a prescription does not repeat a drug).
  double ratio = static_cast<double>(lines[w.popularity[0]]) / static_cast<double>(lines[w.popularity[1]]);
  EXPECT_GT(ratio, 1.6);
  EXPECT_LT(ratio, 2.2);
  EXPECT_GT(lines[w.popularity[1]], lines[w.popularity[9]]);
}

// The expected share of lines, in %, whose drug is machine-stockable.
double machine_share(const GeneratedWorkload& w, double zipf_s) {
  double machine = 0, total = 0;
  for (size_t i = 0; i < w.popularity.size(); ++i) {
    double weight = 1.0 / std::pow(static_cast<double>(i + 1), zipf_s);
    total += weight;
    if (shipped_formulary().find(w.popularity[i])->machine_ok) machine += weight;
  }
  return 100 * machine / total;
}

TEST(Workload, ThePopularityKeepsAbout80PercentOfLinesOnTheMachines) {
  Scenario s;
  std::vector<double> shares;
  for (uint64_t seed = 1; seed <= 40; ++seed) shares.push_back(machine_share(generate(s, seed), 1.0));
  for (double share : shares) {
    EXPECT_GE(share, 77.5);
    EXPECT_LE(share, 82.5);
  }
  // With any order allowed, a seed can put shelf-only drugs first: the plain
  // shuffle ranges far wider (49% to 89% over these seeds).
  s.workload.machine_share_within_pct = 100;
  std::vector<double> plain;
  for (uint64_t seed = 1; seed <= 40; ++seed) plain.push_back(machine_share(generate(s, seed), 1.0));
  EXPECT_LT(*std::min_element(plain.begin(), plain.end()), 70);
  EXPECT_GT(*std::max_element(plain.begin(), plain.end()), 85);
  // And the realised lines follow the expected share.
  auto w = generate(busy_hour(), 3);
  long long machine = 0, lines = 0;
  for (const auto& p : w.prescriptions) {
    for (const auto& i : p.items) {
      ++lines;
      if (shipped_formulary().find(i.drug)->machine_ok) ++machine;
    }
  }
  EXPECT_NEAR(100.0 * static_cast<double>(machine) / static_cast<double>(lines), machine_share(w, 1.0), 2.0);
}

TEST(Workload, AShareTheFormularyCannotReachKeepsTheClosestOrder) {
  // The shipped formulary's 17 shelf-only drugs cannot take 99% of the lines.
  Scenario s;
  s.workload.machine_share_pct = 1;
  s.workload.machine_share_within_pct = 0;
  auto w = generate(s, 5);
  ASSERT_EQ(w.popularity.size(), shipped_formulary().size());
  Scenario plain = s;
  plain.workload.machine_share_within_pct = 100;
  double lowest_plain = 100;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    lowest_plain = std::min(lowest_plain, machine_share(generate(plain, seed), 1.0));
  }
  double share = machine_share(w, 1.0);
  EXPECT_LT(share, lowest_plain);  // the closest of many draws, yet not 1%
  EXPECT_GT(share, 1);
  EXPECT_TRUE(same(w, generate(s, 5)));
}

TEST(Workload, ExpectedPacksFollowThePopularityAndTheRates) {
  Scenario s;
  auto w = generate(s, 2);
  auto demand = expected_packs(s, w.popularity);
  ASSERT_EQ(demand.size(), w.popularity.size());
  EXPECT_NEAR(demand[w.popularity[0]] / demand[w.popularity[1]], 2.0, 1e-9);
  EXPECT_NEAR(demand[w.popularity[0]] / demand[w.popularity[3]], 4.0, 1e-9);
  double total = 0;
  for (const auto& [drug, packs] : demand) total += packs;
  // 900 prescriptions × 2.0 items × 1.63 packs (the reference mixes).
  double items = (45 * 1 + 28 * 2 + 15 * 3 + 8 * 4 + 4 * 5) / 100.0;
  double packs = (60 * 1 + 25 * 2 + 10 * 3 + 5.0 / 3 * (4 + 5 + 6)) / 100.0;
  EXPECT_NEAR(total, 900 * items * packs, 1e-6);
}

TEST(Workload, AnEmptyFormularyIsRefused) {
  auto w = generate_workload(Scenario{}, Formulary{}, 1);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().field(), "formulary");
}

}  // namespace
}  // namespace rx::simulation
