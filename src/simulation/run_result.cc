#include "simulation/run_result.h"

#include <cmath>

namespace rx::simulation {
namespace {

double round3(double x) { return std::round(x * 1000.0) / 1000.0; }

}  // namespace

nlohmann::json metrics_json(const Metrics& m) {
  nlohmann::json utilisation = nlohmann::json::object();
  for (const auto& u : m.utilisation) utilisation[u.resource] = round3(u.busy_pct);
  return {
      {"prescriptions", m.prescriptions},
      {"packs", m.packs},
      {"order_to_ready_p50_s", round3(m.order_to_ready_p50_s)},
      {"order_to_ready_p95_s", round3(m.order_to_ready_p95_s)},
      {"order_to_ready_max_s", round3(m.order_to_ready_max_s)},
      {"channel_order_to_ready_p50_s", round3(m.channel_order_to_ready_p50_s)},
      {"channel_order_to_ready_p95_s", round3(m.channel_order_to_ready_p95_s)},
      {"channel_share_pct", round3(m.channel_share_pct)},
      {"idle_ready_p50_s", round3(m.idle_ready_p50_s)},
      {"ready_on_arrival_pct", round3(m.ready_on_arrival_pct)},
      {"patient_wait_p50_s", round3(m.patient_wait_p50_s)},
      {"patient_wait_p95_s", round3(m.patient_wait_p95_s)},
      {"packs_per_hour", round3(m.packs_per_hour)},
      {"prescriptions_per_hour", round3(m.prescriptions_per_hour)},
      {"lower_bound_p95_s", round3(m.lower_bound_p95_s)},
      {"busiest_resource", m.busiest_resource},
      {"busiest_resource_load_pct", round3(m.busiest_resource_load_pct)},
      {"utilisation", utilisation},
      {"faults_injected", m.faults_injected},
      {"faults_caught", m.faults_caught},
      {"device_faults", m.device_faults},
      {"wrong_packs_handed_over", m.wrong_packs_handed_over},
      {"lost_prescriptions", m.lost_prescriptions},
      {"duplicate_dispenses", m.duplicate_dispenses},
      {"review_overrides", m.review_overrides},
      {"wall_s", round3(m.wall_s)},
  };
}

}  // namespace rx::simulation
