// Dispatch policies: when a prescription starts dispensing, in which order,
// and which patient a free window calls. Pure: time comes in as data.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/machine/device_kind.h"
#include "core/result.h"
#include "core/stock.h"
#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

// smart: dispensing starts at payment, first paid first served, check-in
// raises priority. fifo (the baseline of machine-model.md): dispensing starts
// at check-in, first come first served, one prescription per device at a time.
enum class PolicyKind { kSmart, kFifo };
Result<PolicyKind> parse_policy(std::string_view name);
std::string_view policy_name(PolicyKind p);

struct DispatchCandidate {
  PrescriptionId id;
  std::optional<Instant> paid_at;
  std::optional<Instant> checked_in_at;
};

// Whether the policy lets this prescription start dispensing now.
bool dispatch_trigger_met(PolicyKind policy, const DispatchCandidate& c);
// The candidates whose trigger is met, in the order they should start.
std::vector<PrescriptionId> dispatch_order(PolicyKind policy, std::vector<DispatchCandidate> candidates);
// The device job priority: patients already at the pharmacy go first.
int job_priority(PolicyKind policy, bool checked_in);
// When a device job is due, which orders the jobs of one priority. smart: the
// prescription's payment plus kDueStretch times the job's time on an idle
// device, so a short job overtakes a long one paid a little earlier, while no
// job waits behind those paid much later (earliest deadline first, deadlines
// in proportion to each job's own time). fifo: the epoch, so that jobs are
// served in the order they came.
inline constexpr double kDueStretch = 1.25;
Instant job_due(PolicyKind policy, Instant paid_at, Duration idle_time);
// How many jobs a device may hold at once under the policy (0 = no limit).
int max_jobs_per_device(PolicyKind policy);
// Whether a patient may be called to a window whose pharmacist is finishing,
// the baskets released early so that they arrive as it frees (smart).
bool calls_closing_windows(PolicyKind policy);

struct WaitingPatient {
  PrescriptionId id;
  int queue_no = 0;
};
struct WindowCall {
  int window = 0;
  PrescriptionId id;
};
// First come (lowest queue number) first served among patients whose
// medicine is ready, each to the lowest-numbered free window.
std::vector<WindowCall> assign_windows(std::vector<int> free_windows, std::vector<WaitingPatient> waiting);

// Which device serves a location: C- channel machine, R- pick robot, S- and
// F- the smart shelf (the fridge is picked by the shelf's technicians).
std::optional<DeviceKind> device_for_location(const LocationCode& location);

}  // namespace rx
