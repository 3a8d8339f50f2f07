// Short runs for the simulation's tests: a scenario of a few minutes, and a
// run's metrics as compared between runs (without the wall time).
#pragma once

#include <nlohmann/json.hpp>

#include "simulation/run_result.h"
#include "simulation/scenario.h"

namespace rx::simulation::testing {

// peak-hour's defaults, with payments for the first `minutes` at `per_hour`.
inline Scenario small(int minutes, double per_hour) {
  Scenario s;
  s.name = "small";
  s.end_s = s.start_s + minutes * 60;
  s.workload.arrivals = {ArrivalPhase{s.start_s, s.end_s, per_hour}};
  return s;
}

// Everything a run measured but its wall time, which no two runs share.
inline nlohmann::json without_wall(const Metrics& m) {
  auto j = metrics_json(m);
  j.erase("wall_s");
  return j;
}

}  // namespace rx::simulation::testing
