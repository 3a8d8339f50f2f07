#include "core/prescription.h"

#include <fmt/format.h>

namespace rx {

std::string_view visit_type_name(VisitType v) {
  switch (v) {
    case VisitType::kOutpatient: return "outpatient";
    case VisitType::kEmergency: return "emergency";
    case VisitType::kChronic: return "chronic";
  }
  return "outpatient";
}

Result<VisitType> parse_visit_type(std::string_view t) {
  if (t == "outpatient") return VisitType::kOutpatient;
  if (t == "emergency") return VisitType::kEmergency;
  if (t == "chronic") return VisitType::kChronic;
  return Status::invalid(fmt::format("unknown visit type '{}': expected outpatient, emergency or chronic", t));
}

namespace {
constexpr std::string_view kStatusNames[] = {"received", "blocked",     "accepted", "dispensing",
                                             "ready",    "handed_over", "rejected", "cancelled"};
}

std::string_view rx_status_name(RxStatus s) { return kStatusNames[static_cast<int>(s)]; }

Result<RxStatus> parse_rx_status(std::string_view t) {
  for (int i = 0; i < 8; ++i) {
    if (kStatusNames[i] == t) return static_cast<RxStatus>(i);
  }
  return Status::invalid(fmt::format("unknown status '{}'", t));
}

bool is_final(RxStatus s) {
  return s == RxStatus::kHandedOver || s == RxStatus::kRejected || s == RxStatus::kCancelled;
}

}  // namespace rx
