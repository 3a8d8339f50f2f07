// Axis ticks: round steps (1, 2, 2.5, 5 × 10^k) for numbers, the 1-2-5 decades
// of a log axis, and whole minutes or hours for times of day, so that the
// report's axes read as a person would draw them.
#pragma once

#include <string>
#include <vector>

namespace rx::simulation {

struct Ticks {
  double lo = 0;  // the axis' range, widened to whole steps
  double hi = 1;
  double step = 1;
  std::vector<double> values;  // lo, lo + step, …, hi
};

// Ticks covering [lo, hi] in about `target` steps of at least `min_step`;
// lo == hi is widened around the value, non-finite bounds give [0, 1].
Ticks nice_ticks(double lo, double hi, int target, double min_step = 0);
// Ticks on seconds after midnight covering [lo_s, hi_s]: steps of 1, 2, 5,
// 10, 15, 30 minutes or 1, 2, 3, 6 hours, about `target` of them.
Ticks clock_ticks(double lo_s, double hi_s, int target);
// The 1, 2, 5 × 10^k values within [lo, hi] (lo > 0), for a log axis.
std::vector<double> log_ticks(double lo, double hi);
// A tick value with no more decimals than its step needs: "20", "2.5", "0.05".
std::string tick_label(double value, double step);
// Seconds after midnight as "HH:MM" (hours go on past 24).
std::string clock_label(double seconds_of_day);

}  // namespace rx::simulation
