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
// The device job priority: patients already at the pharmacy go first
// (kCheckedInPriority). Under smart, a job that can no longer be ready within
// the readiness target (readiness_target.h) yields to those that still can
// (kLatePriority), while its late window lasts.
inline constexpr int kCheckedInPriority = 10;
inline constexpr int kOnTimePriority = 0;
inline constexpr int kLatePriority = -1;
int job_priority(PolicyKind policy, bool checked_in, bool late = false);

// A percentile of order-to-ready counts the prescriptions that take too long.
// In a burst, a job that will be late whatever is done holds a device that
// could make others on time, so it waits after them: from the last moment it
// could start and be ready within `target` of payment, until kLateYieldTargets
// targets after payment, when it is served by its due time again (before the
// jobs paid after it), so that no job is held back for long. A job longer
// than the target is late from payment on. nullopt under fifo or without a
// target.
inline constexpr double kLateYieldTargets = 1.5;
struct LateWindow {
  Instant from{};
  Instant until{};
  bool contains(Instant t) const { return t >= from && t < until; }
};
std::optional<LateWindow> late_window(PolicyKind policy, Instant paid_at, std::optional<Duration> target,
                                      Duration job_idle_time);

// When a device job is due, which orders the jobs of one priority. smart: the
// prescription is ready when its slowest job is done, so a job is due at the
// latest start that would not delay it (payment plus the slowest job's idle
// time less its own), plus kDueOwnShare of its own idle time. Jobs are thus
// served nearly in the order paid, a short job overtaking a long one paid a
// few seconds earlier, and a channel job beside a long shelf job yielding to
// prescriptions that wait only for the channel machine. fifo: the epoch, so
// that jobs are served in the order they came.
inline constexpr double kDueOwnShare = 0.25;
Instant job_due(PolicyKind policy, Instant paid_at, Duration prescription_idle_time, Duration job_idle_time);
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
