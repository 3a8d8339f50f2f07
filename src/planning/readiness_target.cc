#include "planning/readiness_target.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace rx {

void ReadinessTarget::add(Duration idle_time) {
  if (recent_.size() < kTargetWindow) {
    recent_.push_back(idle_time);
  } else {
    recent_[next_] = idle_time;
    next_ = (next_ + 1) % kTargetWindow;
  }
  if (recent_.size() < kTargetMinSamples) return;
  // Nearest rank, as the simulation's percentiles.
  std::vector<Duration> sorted = recent_;
  auto rank = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(sorted.size()))) - 1;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank), sorted.end());
  auto stretched = std::chrono::duration<double, std::milli>(sorted[rank]) * kTargetStretch;
  target_ = std::chrono::round<Duration>(stretched);
}

std::optional<Duration> ReadinessTarget::target() const { return target_; }

}  // namespace rx
