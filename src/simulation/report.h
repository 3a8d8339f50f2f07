// The simulation report (`rxpress simulate --report DIR`): one self-contained
// HTML page, inline CSS and SVG, no script, no network, printable, with the
// run's metrics beside the baseline's and four plots: the distribution of
// order-to-ready times (with the lower bound's), ready-on-arrival and patient
// wait through the day, and utilisation per device and per window.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"
#include "simulation/run_result.h"
#include "simulation/scenario.h"

namespace rx::simulation {

// The page; without a baseline every plot has the main run's series alone.
std::string report_html(const Scenario& scenario, const RunResult& main, const RunResult* baseline);
// Writes DIR/prescriptions.csv (simulation/samples_csv.h), then DIR/index.html,
// creating DIR, each through a temporary file in DIR renamed over it, so that
// no half-written file is ever left. Errors name the path.
Status write_report(const std::filesystem::path& dir, const Scenario& scenario, const RunResult& main,
                    const RunResult* baseline);

}  // namespace rx::simulation
