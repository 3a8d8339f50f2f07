#include "simulation/svg_bins.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "simulation/svg_ticks.h"

namespace rx::simulation {
namespace {

constexpr std::array<double, 10> kR10 = {1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8};

// The i-th value of the R10 series: kR10[i mod 10] × 10^(i div 10).
double r10(int i) {
  const int decade = i >= 0 ? i / 10 : -((-i + 9) / 10);
  return kR10[static_cast<size_t>(i - decade * 10)] * std::pow(10.0, decade);
}

// Nearest-rank quantile (the lower one), so that with few values one outlier
// does not drag the quantile up with it.
double lower_quantile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<size_t>(q * static_cast<double>(sorted.size() - 1))];
}

}  // namespace

Bins histogram_bins(const std::vector<std::vector<double>>& sets) {
  Bins bins;
  std::vector<double> all;
  for (const auto& set : sets) {
    for (double v : set) {
      if (std::isfinite(v)) all.push_back(v);
    }
  }
  bins.counts.assign(sets.size(), {});
  if (all.empty()) return bins;
  std::sort(all.begin(), all.end());

  std::vector<double> positive;
  for (double v : all) {
    if (v > 0) positive.push_back(v);
  }
  const double max_v = all.back();
  if (positive.size() >= 2 && max_v / lower_quantile(positive, 0.05) > 30) {
    bins.log_x = true;
    // Four decades from (about) the smallest value: a handful of runaway
    // values go to an open last bin instead of squeezing every other one
    // into the first bins.
    const double low = lower_quantile(positive, 0.01);
    const double cap = std::min(max_v, low * 1e4);
    int i = static_cast<int>(std::floor(std::log10(low) * 10)) + 1;
    while (r10(i) > low * (1 + 1e-9)) --i;
    bins.edges.push_back(r10(i));
    while (bins.edges.back() <= cap) bins.edges.push_back(r10(++i));
    if (max_v >= bins.edges.back()) {
      bins.open_from = bins.edges.back();
      bins.edges.push_back(r10(++i));
    }
  } else {
    const double lo = std::min(0.0, all.front());
    double hi = max_v;
    const double p90 = lower_quantile(all, 0.9);
    const bool clip = p90 > 0 && max_v > 5 * p90;
    if (clip) hi = 2 * p90;
    if (hi <= lo) hi = lo + 1;
    const Ticks t = nice_ticks(lo, hi, 20);
    bins.edges = t.values;
    if (clip) {
      bins.open_from = bins.edges.back();
      bins.edges.push_back(bins.edges.back() + t.step);
    }
  }

  const size_t n = bins.edges.size() - 1;
  for (size_t s = 0; s < sets.size(); ++s) {
    bins.counts[s].assign(n, 0);
    for (double v : sets[s]) {
      if (!std::isfinite(v)) continue;
      const auto it = std::upper_bound(bins.edges.begin(), bins.edges.end(), v);
      const long long index = static_cast<long long>(it - bins.edges.begin()) - 1;
      const size_t bin = static_cast<size_t>(std::clamp<long long>(index, 0, static_cast<long long>(n) - 1));
      bins.counts[s][bin] += 1;
      if (bins.open_from && v >= *bins.open_from) ++bins.open_count;
    }
  }
  return bins;
}

}  // namespace rx::simulation
