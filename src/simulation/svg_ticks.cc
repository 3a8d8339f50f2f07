#include "simulation/svg_ticks.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace rx::simulation {
namespace {

// Ticks from lo to hi by step, each snapped to a whole number of steps so
// that float error never prints "0.30000000000000004".
Ticks ticks_between(double lo, double hi, double step) {
  Ticks t;
  t.step = step;
  t.lo = std::floor(lo / step + 1e-9) * step;
  t.hi = std::ceil(hi / step - 1e-9) * step;
  if (t.hi <= t.lo) t.hi = t.lo + step;
  const long long n = std::llround((t.hi - t.lo) / step);
  for (long long i = 0; i <= n; ++i) t.values.push_back(t.lo + static_cast<double>(i) * step);
  return t;
}

}  // namespace

Ticks nice_ticks(double lo, double hi, int target, double min_step) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !std::isfinite(hi - lo)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) {
    const double half = lo == 0 ? 0.5 : std::abs(lo) * 0.1;
    lo -= half;
    hi += half;
  }
  const double raw = (hi - lo) / std::max(target, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / magnitude;
  double step = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  step = std::max(step * magnitude, min_step);
  return ticks_between(lo, hi, step);
}

Ticks clock_ticks(double lo_s, double hi_s, int target) {
  if (!std::isfinite(lo_s) || !std::isfinite(hi_s)) lo_s = 0, hi_s = 3600;
  if (hi_s < lo_s) std::swap(lo_s, hi_s);
  if (hi_s - lo_s < 60) {
    lo_s -= 300;
    hi_s += 300;
  }
  constexpr std::array<double, 12> kSteps = {60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
                                             43200, 86400};
  double step = kSteps.back();
  for (double s : kSteps) {
    if ((hi_s - lo_s) / s <= std::max(target, 1)) {
      step = s;
      break;
    }
  }
  return ticks_between(lo_s, hi_s, step);
}

std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> out;
  if (!(lo > 0) || !std::isfinite(hi) || hi < lo) return out;
  for (int k = static_cast<int>(std::floor(std::log10(lo))); k <= static_cast<int>(std::ceil(std::log10(hi)));
       ++k) {
    for (double m : {1.0, 2.0, 5.0}) {
      const double v = m * std::pow(10.0, k);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push_back(v);
    }
  }
  return out;
}

std::string tick_label(double value, double step) {
  int decimals = 0;
  if (step > 0 && std::isfinite(step)) {
    while (decimals < 6) {
      const double scaled = step * std::pow(10.0, decimals);
      if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) break;
      ++decimals;
    }
  }
  if (std::abs(value) < std::abs(step) * 1e-9) value = 0;
  return fmt::format("{:.{}f}", value, decimals);
}

std::string clock_label(double seconds_of_day) {
  if (!std::isfinite(seconds_of_day)) return "—";
  const long long minutes = std::llround(std::floor(seconds_of_day / 60 + 1e-9));
  return fmt::format("{:02}:{:02}", minutes / 60, ((minutes % 60) + 60) % 60);
}

}  // namespace rx::simulation
