#include "simulation/sim_metrics.h"

#include <gtest/gtest.h>

#include <string>

#include "simulation/run_result.h"

namespace rx::simulation {
namespace {

TEST(Percentile, IsNearestRank) {
  std::vector<double> v{5, 1, 4, 2, 3};
  EXPECT_EQ(percentile(v, 50), 3);    // rank ceil(2.5) = 3
  EXPECT_EQ(percentile(v, 95), 5);    // rank ceil(4.75) = 5
  EXPECT_EQ(percentile(v, 20), 1);    // rank 1
  EXPECT_EQ(percentile(v, 100), 5);
  EXPECT_EQ(percentile({}, 50), 0);
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  EXPECT_EQ(percentile(hundred, 95), 95);
  EXPECT_EQ(percentile(hundred, 50), 50);
}

PrescriptionSample sample(double paid, double ready, double arrived, double handed, int packs, bool channel) {
  PrescriptionSample s;
  s.paid_s = paid;
  s.ready_s = ready;
  s.arrived_s = arrived;
  s.handed_over_s = handed;
  s.packs = packs;
  s.channel_only = channel;
  s.lower_bound_s = (ready - paid) / 2;
  return s;
}

TEST(SampleMetrics, CountsPercentilesSharesAndRates) {
  std::vector<PrescriptionSample> samples{
      sample(0, 10, 100, 130, 2, true),    // ready on arrival, waits 30
      sample(10, 30, 200, 250, 1, true),   // 20 to ready, waits 50
      sample(20, 320, 300, 360, 3, false), // ready after arrival
      sample(30, -1, 400, -1, 0, false),   // never ready: not completed
  };
  Metrics m;
  fill_sample_metrics(samples, 1800, m);
  EXPECT_EQ(m.prescriptions, 3);
  EXPECT_EQ(m.packs, 6);
  EXPECT_EQ(m.order_to_ready_p50_s, 20);
  EXPECT_EQ(m.order_to_ready_max_s, 300);
  EXPECT_EQ(m.channel_order_to_ready_p50_s, 10);
  EXPECT_EQ(m.channel_order_to_ready_p95_s, 20);
  EXPECT_NEAR(m.channel_share_pct, 200.0 / 3, 1e-9);
  EXPECT_NEAR(m.ready_on_arrival_pct, 200.0 / 3, 1e-9);
  EXPECT_EQ(m.patient_wait_p50_s, 50);
  EXPECT_EQ(m.patient_wait_p95_s, 60);
  EXPECT_EQ(m.prescriptions_per_hour, 6);
  EXPECT_EQ(m.packs_per_hour, 12);
  EXPECT_EQ(m.idle_ready_p50_s, 10);
  EXPECT_EQ(m.lower_bound_p95_s, 150);
}

TEST(Timeline, SplitsArrivalsAndBusyTimeByInterval) {
  std::vector<PrescriptionSample> samples{sample(0, 10, 100, 130, 1, true), sample(0, 700, 650, 760, 1, true)};
  std::vector<BusySeries> busy{BusySeries{"C", {0, 300, 400}, {}},
                               BusySeries{"window 1", {}, {{500, 700}, {1100, 1150}}}};
  auto t = build_timeline(samples, busy, 1200, 600);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].from_s, 0);
  EXPECT_EQ(t[0].arrivals, 1);
  EXPECT_EQ(t[0].ready_on_arrival_pct, 100);
  EXPECT_EQ(t[0].wait_p50_s, 30);
  EXPECT_EQ(t[1].arrivals, 1);
  EXPECT_EQ(t[1].ready_on_arrival_pct, 0);
  EXPECT_EQ(t[1].wait_p95_s, 110);
  EXPECT_EQ(t[0].busy_pct.at("C"), 50);
  EXPECT_NEAR(t[1].busy_pct.at("C"), 100.0 / 6, 1e-9);
  EXPECT_NEAR(t[0].busy_pct.at("window 1"), 100.0 / 6, 1e-9);
  EXPECT_NEAR(t[1].busy_pct.at("window 1"), 150.0 / 6, 1e-9);
  EXPECT_NEAR(busy_pct(busy[0], 1200), 100.0 / 3, 1e-9);
  EXPECT_NEAR(busy_pct(busy[1], 1200), 250.0 / 12, 1e-9);
}

TEST(MetricsJson, HasEveryKeyOfTheMetricTable) {
  Metrics m;
  m.utilisation = {Utilisation{"C", 12.3456}, Utilisation{"window 1", 50}};
  m.order_to_ready_p95_s = 11.23456;
  auto j = metrics_json(m);
  for (const char* key :
       {"prescriptions", "packs", "order_to_ready_p50_s", "order_to_ready_p95_s", "order_to_ready_max_s",
        "channel_order_to_ready_p50_s", "channel_order_to_ready_p95_s", "channel_share_pct", "idle_ready_p50_s",
        "ready_on_arrival_pct", "patient_wait_p50_s", "patient_wait_p95_s", "packs_per_hour",
        "prescriptions_per_hour", "lower_bound_p95_s", "utilisation", "faults_injected", "faults_caught",
        "device_faults", "wrong_packs_handed_over", "lost_prescriptions", "duplicate_dispenses", "wall_s"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["utilisation"]["C"], 12.346);
  EXPECT_EQ(j["utilisation"]["window 1"], 50);
  EXPECT_EQ(j["order_to_ready_p95_s"], 11.235);
}

}  // namespace
}  // namespace rx::simulation
