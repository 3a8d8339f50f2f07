// SimRandom: a device's seeded random stream for fault draws. Written out
// (splitmix64) rather than taken from <random>, whose distributions may differ
// between standard libraries: a seed must give the same faults everywhere.
#pragma once

#include <cmath>
#include <cstdint>

namespace rx {

class SimRandom {
 public:
  explicit SimRandom(uint64_t seed) : state_(seed) {}

  // Uniform in [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // True with probability p. Draws nothing when p is 0, so a fault turned off
  // leaves the other faults' draws as they were.
  bool chance(double p) { return p > 0 && uniform() < p; }
  // Exponentially distributed with mean `mean`.
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  // Uniform in [0, n), n > 0.
  uint64_t below(uint64_t n) { return next() % n; }

 private:
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  uint64_t state_;
};

}  // namespace rx
