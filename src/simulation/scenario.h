// Scenario: everything one simulation run is made of (machine-model.md): the
// workload, the three devices, the staff and windows, the fault rates and the
// data. Plain data with the reference figures as defaults, so that a TOML file
// can override any parameter of a built-in scenario.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/machine/channel_machine_params.h"
#include "core/machine/fault_rates.h"
#include "core/machine/pick_robot_params.h"
#include "core/machine/smart_shelf_params.h"
#include "core/result.h"

namespace rx::simulation {

// Payments arrive as a Poisson process at `per_hour` between two local times
// of the simulated day, in seconds after midnight.
struct ArrivalPhase {
  int from_s = 9 * 3600;
  int until_s = 10 * 3600;
  double per_hour = 900;
  bool operator==(const ArrivalPhase&) const = default;
};

struct Workload {
  std::vector<ArrivalPhase> arrivals = {ArrivalPhase{}};
  // Weights of prescriptions with 1, 2, … items (they need not sum to 100).
  std::vector<double> items_weights = {45, 28, 15, 8, 4};
  // Weights of items of 1, 2, … packs: 1 (60%), 2 (25%), 3 (10%), 4–6 (5%).
  std::vector<double> packs_weights = {60, 25, 10, 5.0 / 3, 5.0 / 3, 5.0 / 3};
  double zipf_s = 1.0;            // drug popularity over the formulary
  // machine-model.md: "lines of machine_ok drugs go to C or R, about 80% of
  // lines". The seeded popularity order is drawn again until the expected
  // share of lines whose drug is machine-stockable lies within
  // machine_share_within_pct points of machine_share_pct (100 takes any order).
  double machine_share_pct = 80;
  double machine_share_within_pct = 2.5;
  double walk_median_s = 240;     // payment to check-in: lognormal, median 4 min ...
  double walk_p90_s = 600;        // ... p90 10 min
  double service_mean_s = 25;     // window service: lognormal with this mean ...
  double service_sigma = 0.4;     // ... and this sigma
  bool operator==(const Workload&) const = default;
};

struct Staff {
  int windows = 8;                     // windows open
  double release_s = 4.0;              // baskets from the ready buffer to a called window
  double early_release_max_s = 4.0;    // a policy may release this much before the window is free
  int ready_buffer_baskets = 300;      // baskets the ready buffer holds
  bool operator==(const Staff&) const = default;
};

struct Replenishment {
  // A location is refilled when its stock falls below this share of full.
  double threshold_pct = 35;
  // How often the refill technicians look over the stock, in seconds.
  double round_s = 30;
  bool operator==(const Replenishment&) const = default;
};

struct Scenario {
  std::string name = "peak-hour";
  std::string day = "2026-12-01";  // the simulated day, YYYY-MM-DD, Asia/Shanghai
  // The run covers [start_s, end_s) of the day; arrivals end earlier, and the
  // run goes on after end_s until every paid prescription is handed over.
  int start_s = 9 * 3600;
  int end_s = 10 * 3600;
  Workload workload;
  ChannelMachineParams channel;
  PickRobotParams robot;
  SmartShelfParams shelf;
  Staff staff;
  Replenishment replenishment;
  FaultRates faults;                  // applied to every device; seeds come from the run's seed
  double link_losses_per_hour = 0.25; // device link lost: 1 per 4 h
  std::vector<int> controller_crashes_s;  // times of day at which the controller restarts
  // The formulary; empty means the shipped one. The stock is not a file: the
  // machines start full, in the layout planning/slotting.h gives the policy.
  std::filesystem::path formulary_file;
  bool operator==(const Scenario&) const = default;
};

// peak-hour, whole-day, surge, faults.
std::vector<std::string> builtin_scenario_names();
// The built-in scenario, or not_found listing the names there are.
Result<Scenario> builtin_scenario(std::string_view name);
// A TOML file: `base = "<built-in>"` (default peak-hour), then overrides of
// any parameter. Unknown keys, wrong types, negative rates and impossible
// values are refused with the key and the reason; relative data file paths are
// read against the file's directory.
Result<Scenario> parse_scenario_toml(std::string_view text, const std::filesystem::path& base_dir);
// A scenario file without `name` is named after the file (its stem).
Result<Scenario> load_scenario_file(const std::filesystem::path& path);
// NAME of a built-in scenario, or a path to a TOML file.
Result<Scenario> resolve_scenario(std::string_view name_or_path);
// Ok, or the first parameter out of range (field = its TOML key).
Status check_scenario(const Scenario& s);
// The scenario as a complete TOML file, which parses back to the same scenario.
std::string scenario_toml(const Scenario& s);
// Prescriptions the arrival phases give on average: the sum of per_hour times
// each phase's length in hours.
double expected_prescriptions(const Workload& w);
// The most prescriptions a run may expect: over five days of a large
// hospital. Each is generated up front and taken through the real service,
// whose store is in memory (about 20 KB a prescription).
inline constexpr double kMaxExpectedPrescriptions = 50000;

}  // namespace rx::simulation
