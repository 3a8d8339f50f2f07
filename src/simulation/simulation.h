// The simulation runner: one scenario run of the real Pharmacy (service/) on
// a VirtualScheduler and an in-memory SQLite store, with the three simulated
// devices, stocked by plan_slots, and simulated people in virtual time: the
// HIS (create and pay at the payment time, check-in after the walk), the refill
// technicians and one pharmacist per window. It ends when every paid
// prescription is handed over, or at the hard caps, which leave the rest
// counted as lost_prescriptions.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/drug.h"
#include "core/result.h"
#include "core/strong_id.h"
#include "devices/device.h"
#include "planning/policy.h"
#include "review/knowledge_base.h"
#include "simulation/run_result.h"
#include "simulation/scenario.h"

namespace rx::simulation {

// What a device did, as seen between it and the pharmacy (for tests that check
// the devices' behaviour): a job submitted, a job's state, a pack put out.
struct DeviceTrace {
  enum class What { kSubmitted, kState, kPack };
  What what = What::kSubmitted;
  double at_s = 0;  // seconds after the run's start
  DeviceKind device = DeviceKind::kChannel;
  uint64_t job_id = 0;
  PrescriptionId prescription;  // the job's
  JobState state = JobState::kQueued;  // kState
  LocationCode location;               // kPack
};

struct SimulationOptions {
  // The review's knowledge base; null: only the prescription rules run.
  std::shared_ptr<const KnowledgeBase> knowledge;
  // Called every progress_every_s simulated seconds with the simulated time
  // and the prescriptions handed over of those paid so far.
  std::function<void(double sim_s, long long handed_over, long long paid)> progress;
  double progress_every_s = 600;
  std::function<void(const DeviceTrace&)> trace;
  // Hard caps: simulated seconds after the last payment, and tasks run.
  double max_overrun_s = 4 * 3600;
  uint64_t max_tasks = 200'000'000;
  // The SQLite database of the run's store: private and in memory, unless a
  // test names a shared in-memory one ("file:NAME?mode=memory&cache=shared")
  // to read it beside the run.
  std::string database = ":memory:";
  // How long the service holds back the turns' changes before it writes them
  // (PharmacyConfig::deferred_commit), measured in simulated time; unset,
  // every turn is committed as it ends. A failed write stops the run. A record
  // changed several times in the interval is written once, so a longer one
  // spares the store's thread; ten minutes still leaves that thread a batch
  // to write while the run goes on (docs/performance.md).
  std::optional<Duration> write_every = Duration{600000};
};

// Runs the scenario once under `policy`, its workload and faults drawn from
// `seed`. Invalid if the scenario's day, stock layout or devices cannot be set up.
Result<RunResult> run_simulation(const Scenario& scenario, const Formulary& formulary, PolicyKind policy,
                                 uint64_t seed, const SimulationOptions& options = {});

}  // namespace rx::simulation
