// Metrics of a run from its per-prescription samples: the percentiles, shares
// and rates of machine-model.md's table, and the timeline per interval.
// Percentiles are nearest-rank: the value at rank ceil(p / 100 * n) of the n
// values sorted ascending (0 for no values), so every reported figure is one
// that a prescription actually had.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "simulation/run_result.h"

namespace rx::simulation {

// The nearest-rank p-th percentile (0 < p <= 100) of `values`; 0 if empty.
double percentile(std::vector<double> values, double p);

// Fills the sample-based metrics of `m`: counts, order-to-ready and channel
// figures, ready-on-arrival, waits, throughput over `run_s` seconds, and the
// lower bound's percentiles. Samples not handed over count only where they
// are ready (order-to-ready).
void fill_sample_metrics(const std::vector<PrescriptionSample>& samples, double run_s, Metrics& m);

// A resource's busy time: the cumulative busy seconds at each interval
// boundary (a device), or busy intervals (a window).
struct BusySeries {
  std::string resource;
  std::vector<double> cumulative_s;  // at 0, interval_s, 2 * interval_s, …, and at run_s
  std::vector<std::pair<double, double>> intervals;  // [from, to) in seconds after the start
};

// Busy percent of `series` over [0, run_s).
double busy_pct(const BusySeries& series, double run_s);

// One point per `interval_s` from 0 to run_s: the patients who checked in
// during it (their ready-on-arrival share and wait percentiles) and each
// resource's busy share in it.
std::vector<IntervalPoint> build_timeline(const std::vector<PrescriptionSample>& samples,
                                          const std::vector<BusySeries>& busy, double run_s, double interval_s);

}  // namespace rx::simulation
