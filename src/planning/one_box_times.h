// OneBoxTimes: the idle time of one box from each channel-machine location
// (line_idle_time of a one-pack line), worked out once per location for the
// machines it was made with. The smart policy's location choice asks for it
// for every channel of a lot on every plan, and the answer depends only on
// the location and the machines.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/strong_id.h"
#include "planning/idle_time.h"

namespace rx {

class OneBoxTimes {
 public:
  explicit OneBoxTimes(IdleMachines machines) : machines_(std::move(machines)) {}

  // The machines every answer is for.
  const IdleMachines& machines() const { return machines_; }
  // line_idle_time of one pack from `location`, in seconds; nullopt where
  // line_idle_time refuses the location.
  std::optional<double> seconds(const LocationCode& location);

 private:
  IdleMachines machines_;
  std::unordered_map<std::string, std::optional<double>> seconds_;  // by location
};

}  // namespace rx
