// The report's data per prescription, as CSV (`prescriptions.csv` beside the
// report's page), for a pharmacy's own analysis: one row per paid
// prescription of each run, in the order the runs and their samples come.
//
// Columns: policy, prescription, paid_at (hh:mm:ss of the day), then seconds
// after the run's start: paid_s, ready_s, arrived_s, handed_over_s; then
// order_to_ready_s, lower_bound_s, wait_s (seconds), packs, channel_only and
// ready_on_arrival (1 or 0). Seconds have three decimals. A time that never
// came (a prescription never ready, a patient who never checked in), and
// whatever is worked out from it, is an empty cell.
#pragma once

#include <string>
#include <vector>

#include "simulation/run_result.h"

namespace rx::simulation {

// The header line alone when `runs` is empty. `start_s` is the run's start, in
// seconds of the day (Scenario::start_s).
std::string samples_csv(const std::vector<const RunResult*>& runs, int start_s);

}  // namespace rx::simulation
