#include "planning/one_box_times.h"

#include <chrono>

namespace rx {

std::optional<double> OneBoxTimes::seconds(const LocationCode& location) {
  auto known = seconds_.find(location.value());
  if (known != seconds_.end()) return known->second;
  std::optional<double> s;
  auto one_box = line_idle_time(IdleLine{0, location, 1, false}, machines_);
  if (one_box.ok()) s = std::chrono::duration<double>(*one_box).count();
  seconds_.emplace(location.value(), s);
  return s;
}

}  // namespace rx
