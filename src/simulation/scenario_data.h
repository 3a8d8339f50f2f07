// The data files a scenario names, read and checked before a run starts.
#pragma once

#include <filesystem>

#include "core/drug.h"
#include "core/result.h"
#include "simulation/scenario.h"

namespace rx::simulation {

// The scenario's formulary file, or `shipped_data_dir`/formulary.csv when it
// names none. Refused (field "formulary") when it cannot be read or parsed, or
// when no drug in it is machine_ok, since the channel machine and the robot
// would then have nothing to dispense.
Result<Formulary> load_scenario_formulary(const Scenario& s, const std::filesystem::path& shipped_data_dir);

}  // namespace rx::simulation
