#include "planning/policy.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace rx {

Result<PolicyKind> parse_policy(std::string_view name) {
  if (name == "smart") return PolicyKind::kSmart;
  if (name == "fifo") return PolicyKind::kFifo;
  return Status::invalid(fmt::format("unknown policy '{}': expected smart or fifo", name), "policy");
}

std::string_view policy_name(PolicyKind p) { return p == PolicyKind::kSmart ? "smart" : "fifo"; }

bool dispatch_trigger_met(PolicyKind policy, const DispatchCandidate& c) {
  return policy == PolicyKind::kSmart ? c.paid_at.has_value() : c.checked_in_at.has_value();
}

std::vector<PrescriptionId> dispatch_order(PolicyKind policy, std::vector<DispatchCandidate> candidates) {
  std::erase_if(candidates, [&](const DispatchCandidate& c) { return !dispatch_trigger_met(policy, c); });
  auto key = [&](const DispatchCandidate& c) {
    if (policy == PolicyKind::kFifo) return std::tuple{false, *c.checked_in_at, c.id.value()};
    // Patients already at the pharmacy first, then first paid first served.
    return std::tuple{!c.checked_in_at.has_value(), *c.paid_at, c.id.value()};
  };
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](const DispatchCandidate& a, const DispatchCandidate& b) { return key(a) < key(b); });
  std::vector<PrescriptionId> out;
  out.reserve(candidates.size());
  for (const auto& c : candidates) out.push_back(c.id);
  return out;
}

int job_priority(PolicyKind policy, bool checked_in, bool late) {
  if (policy != PolicyKind::kSmart) return kOnTimePriority;
  if (checked_in) return kCheckedInPriority;
  return late ? kLatePriority : kOnTimePriority;
}

std::optional<LateWindow> late_window(PolicyKind policy, Instant paid_at, std::optional<Duration> target,
                                      Duration job_idle_time) {
  if (policy != PolicyKind::kSmart || !target) return std::nullopt;
  return LateWindow{paid_at + *target - job_idle_time,
                    paid_at + std::chrono::duration_cast<Duration>(*target * kLateYieldTargets)};
}

Instant job_due(PolicyKind policy, Instant paid_at, Duration prescription_idle_time, Duration job_idle_time) {
  if (policy == PolicyKind::kFifo) return Instant{};
  Duration own_share = std::chrono::duration_cast<Duration>(job_idle_time * kDueOwnShare);
  return paid_at + (prescription_idle_time - job_idle_time) + own_share;
}

int max_jobs_per_device(PolicyKind policy) { return policy == PolicyKind::kFifo ? 1 : 0; }

bool calls_closing_windows(PolicyKind policy) { return policy == PolicyKind::kSmart; }

std::vector<WindowCall> assign_windows(std::vector<int> free_windows, std::vector<WaitingPatient> waiting) {
  std::sort(free_windows.begin(), free_windows.end());
  std::stable_sort(waiting.begin(), waiting.end(),
                   [](const WaitingPatient& a, const WaitingPatient& b) { return a.queue_no < b.queue_no; });
  std::vector<WindowCall> calls;
  for (size_t i = 0; i < free_windows.size() && i < waiting.size(); ++i) {
    calls.push_back(WindowCall{free_windows[i], waiting[i].id});
  }
  return calls;
}

std::optional<DeviceKind> device_for_location(const LocationCode& location) {
  switch (location_device(location)) {
    case 'C': return DeviceKind::kChannel;
    case 'R': return DeviceKind::kRobot;
    case 'S':
    case 'F': return DeviceKind::kShelf;
    default: return std::nullopt;
  }
}

}  // namespace rx
