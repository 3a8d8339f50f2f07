// ReadinessTarget: how soon after payment a prescription should be ready under
// the smart policy. It follows the pharmacy's own workload: kTargetStretch
// times the 95th percentile of the idle-machine times (what each prescription
// would take with every device free) of the last kTargetWindow prescriptions
// planned. Until kTargetMinSamples have been planned there is no target.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "core/time.h"

namespace rx {

inline constexpr double kTargetStretch = 1.25;
inline constexpr size_t kTargetWindow = 500;
inline constexpr size_t kTargetMinSamples = 20;

class ReadinessTarget {
 public:
  // A prescription planned for the first time, with its idle-machine time.
  void add(Duration idle_time);
  std::optional<Duration> target() const;

 private:
  std::vector<Duration> recent_;  // a ring of the last kTargetWindow
  size_t next_ = 0;
  std::optional<Duration> target_;
};

}  // namespace rx
