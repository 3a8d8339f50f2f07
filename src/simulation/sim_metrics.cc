#include "simulation/sim_metrics.h"

#include <algorithm>
#include <cmath>

namespace rx::simulation {
namespace {

double pct(long long part, long long whole) { return whole > 0 ? 100.0 * static_cast<double>(part) / whole : 0.0; }

// Seconds of [from, to) within [a, b).
double overlap(double from, double to, double a, double b) { return std::max(0.0, std::min(to, b) - std::max(from, a)); }

}  // namespace

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto n = static_cast<double>(values.size());
  auto rank = static_cast<size_t>(std::ceil(p / 100.0 * n));
  rank = std::clamp<size_t>(rank, 1, values.size());
  return values[rank - 1];
}

void fill_sample_metrics(const std::vector<PrescriptionSample>& samples, double run_s, Metrics& m) {
  std::vector<double> to_ready, channel_to_ready, waits, bounds;
  long long handed = 0, packs = 0, channel_only = 0, on_arrival = 0, arrived = 0;
  for (const auto& s : samples) {
    if (s.ready_s >= 0) {
      to_ready.push_back(s.order_to_ready_s());
      if (s.channel_only) channel_to_ready.push_back(s.order_to_ready_s());
      bounds.push_back(s.lower_bound_s);
      if (s.channel_only) ++channel_only;
    }
    if (s.handed_over_s >= 0) {
      ++handed;
      packs += s.packs;
      waits.push_back(s.wait_s());
      ++arrived;
      if (s.ready_on_arrival()) ++on_arrival;
    }
  }
  m.prescriptions = handed;
  m.packs = packs;
  m.order_to_ready_p50_s = percentile(to_ready, 50);
  m.order_to_ready_p95_s = percentile(to_ready, 95);
  m.order_to_ready_max_s = to_ready.empty() ? 0 : *std::max_element(to_ready.begin(), to_ready.end());
  m.channel_order_to_ready_p50_s = percentile(channel_to_ready, 50);
  m.channel_order_to_ready_p95_s = percentile(channel_to_ready, 95);
  m.channel_share_pct = pct(channel_only, static_cast<long long>(to_ready.size()));
  m.idle_ready_p50_s = percentile(bounds, 50);
  m.lower_bound_p95_s = percentile(bounds, 95);
  m.ready_on_arrival_pct = pct(on_arrival, arrived);
  m.patient_wait_p50_s = percentile(waits, 50);
  m.patient_wait_p95_s = percentile(waits, 95);
  double hours = run_s / 3600.0;
  m.packs_per_hour = hours > 0 ? static_cast<double>(packs) / hours : 0;
  m.prescriptions_per_hour = hours > 0 ? static_cast<double>(handed) / hours : 0;
}

double busy_pct(const BusySeries& series, double run_s) {
  if (run_s <= 0) return 0;
  double busy = 0;
  if (!series.cumulative_s.empty()) busy = series.cumulative_s.back() - series.cumulative_s.front();
  for (const auto& [from, to] : series.intervals) busy += overlap(from, to, 0, run_s);
  return 100.0 * busy / run_s;
}

std::vector<IntervalPoint> build_timeline(const std::vector<PrescriptionSample>& samples,
                                          const std::vector<BusySeries>& busy, double run_s, double interval_s) {
  std::vector<IntervalPoint> out;
  if (interval_s <= 0 || run_s <= 0) return out;
  auto n = static_cast<size_t>(std::ceil(run_s / interval_s));
  out.resize(n);
  std::vector<std::vector<double>> waits(n);
  std::vector<long long> on_arrival(n, 0);
  for (size_t k = 0; k < n; ++k) out[k].from_s = static_cast<double>(k) * interval_s;
  for (const auto& s : samples) {
    if (s.handed_over_s < 0 || s.arrived_s < 0) continue;
    auto k = std::min(static_cast<size_t>(s.arrived_s / interval_s), n - 1);
    ++out[k].arrivals;
    waits[k].push_back(s.wait_s());
    if (s.ready_on_arrival()) ++on_arrival[k];
  }
  for (size_t k = 0; k < n; ++k) {
    IntervalPoint& p = out[k];
    p.ready_on_arrival_pct = pct(on_arrival[k], p.arrivals);
    p.wait_p50_s = percentile(waits[k], 50);
    p.wait_p95_s = percentile(waits[k], 95);
    double from = p.from_s;
    double to = std::min(run_s, from + interval_s);
    double length = to - from;
    for (const BusySeries& series : busy) {
      double t = 0;
      if (series.cumulative_s.size() > k + 1) t += series.cumulative_s[k + 1] - series.cumulative_s[k];
      for (const auto& [a, b] : series.intervals) t += overlap(a, b, from, to);
      p.busy_pct[series.resource] = length > 0 ? 100.0 * t / length : 0;
    }
  }
  return out;
}

}  // namespace rx::simulation
