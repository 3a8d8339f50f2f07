// Workload: the paid prescriptions of one scenario run, drawn from a seed
// (machine-model.md's peak-hour figures by default). The same scenario,
// formulary and seed always give the same workload.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "core/drug.h"
#include "core/result.h"
#include "simulation/scenario.h"

namespace rx::simulation {

struct WorkloadItem {
  DrugCode drug;
  int packs = 0;
};

// One prescription as the HIS pays for it. Times are seconds after the run's start.
struct WorkloadPrescription {
  long long serial = 0;  // 1, 2, … in payment order
  double paid_s = 0;
  double walk_s = 0;     // payment to check-in at the pharmacy
  double service_s = 0;  // the pharmacist's time at the window
  std::vector<WorkloadItem> items;  // distinct drugs
};

struct GeneratedWorkload {
  std::vector<WorkloadPrescription> prescriptions;  // by paid_s
  std::vector<DrugCode> popularity;  // the formulary, most popular first
};

// The scenario's prescriptions for `seed`. Invalid if the formulary is empty.
Result<GeneratedWorkload> generate_workload(const Scenario& scenario, const Formulary& formulary, uint64_t seed);

// The packs of each drug the scenario is expected to dispense, from its rates
// and mixes and the popularity order of generate_workload for `seed` (what a
// hospital knows of its demand before the day; slotting plans with it).
std::map<DrugCode, double> expected_packs(const Scenario& scenario, const std::vector<DrugCode>& popularity);

}  // namespace rx::simulation
