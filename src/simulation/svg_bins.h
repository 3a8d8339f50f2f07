// Histogram bins shared by several sets of values, so that the sets' bars
// stand side by side in the same bins of one chart.
#pragma once

#include <optional>
#include <vector>

namespace rx::simulation {

struct Bins {
  std::vector<double> edges;  // bin i is [edges[i], edges[i+1]); the last bin includes its upper edge
  bool log_x = false;         // the edges grow geometrically (1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8 × 10^k)
  std::vector<std::vector<double>> counts;  // per set, per bin
  // Set when values far above the rest were put into the last bin, which then
  // holds every value from this one up.
  std::optional<double> open_from;
  long long open_count = 0;  // values in that open bin, over all sets
};

// Bins for sets of times in seconds; non-finite values are left out. A log
// axis when the values span more than 30×, over at most four decades from the
// smallest (the first bin takes every value below its upper edge, zero
// included), otherwise about 20 equal bins from 0. Either way, values far
// above the rest go to an open last bin. No values at all gives no edges.
Bins histogram_bins(const std::vector<std::vector<double>>& sets);

}  // namespace rx::simulation
