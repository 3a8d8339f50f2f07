// RunResult: what one simulation run measured (machine-model.md's metrics),
// and the per-prescription samples and timelines the report plots.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rx::simulation {

// One paid prescription. Times are seconds after the run's start.
struct PrescriptionSample {
  long long id = 0;
  double paid_s = 0;
  double ready_s = -1;        // every pack verified and in the ready buffer; -1 never
  double arrived_s = 0;       // the patient checked in
  double handed_over_s = -1;  // -1 never
  double lower_bound_s = 0;   // ready on idle machines with the best device choice
  int packs = 0;
  bool channel_only = false;  // served by the channel machine alone
  double order_to_ready_s() const { return ready_s - paid_s; }
  double wait_s() const { return handed_over_s - arrived_s; }
  bool ready_on_arrival() const { return ready_s >= 0 && ready_s <= arrived_s; }
};

// A resource's busy share over the run: a device, or a window.
struct Utilisation {
  std::string resource;  // "C", "R", "S", "window 1", …
  double busy_pct = 0;
};

// Per interval of the day (the report's "through the day" plots).
struct IntervalPoint {
  double from_s = 0;               // seconds after the run's start
  int arrivals = 0;                // patients who checked in during the interval
  double ready_on_arrival_pct = 0; // of those
  double wait_p50_s = 0;           // of those
  double wait_p95_s = 0;
  std::map<std::string, double> busy_pct;  // per device and window
};

struct Metrics {
  long long prescriptions = 0;  // completed (handed over)
  long long packs = 0;
  double order_to_ready_p50_s = 0, order_to_ready_p95_s = 0, order_to_ready_max_s = 0;
  double channel_order_to_ready_p50_s = 0, channel_order_to_ready_p95_s = 0;
  double channel_share_pct = 0;
  double idle_ready_p50_s = 0;
  double ready_on_arrival_pct = 0;
  double patient_wait_p50_s = 0, patient_wait_p95_s = 0;
  double packs_per_hour = 0, prescriptions_per_hour = 0;
  double lower_bound_p95_s = 0;
  // The whole run's bound: the busiest resource's work over its capacity.
  std::string busiest_resource;
  double busiest_resource_load_pct = 0;
  std::vector<Utilisation> utilisation;
  long long faults_injected = 0, faults_caught = 0;
  long long device_faults = 0;
  long long wrong_packs_handed_over = 0, lost_prescriptions = 0, duplicate_dispenses = 0;
  // Prescriptions the review blocked, which the pharmacist overrode before payment.
  long long review_overrides = 0;
  double wall_s = 0;
};

struct RunResult {
  std::string scenario;
  std::string policy;
  uint64_t seed = 0;
  Metrics metrics;
  std::vector<PrescriptionSample> samples;
  std::vector<IntervalPoint> timeline;
};

// The metrics as one JSON object, with machine-model.md's keys at the top
// level; `utilisation` is an object of resource → percent. Figures are
// rounded to the millisecond (seconds) or to 0.001 (percent, rates).
nlohmann::json metrics_json(const Metrics& m);

}  // namespace rx::simulation
