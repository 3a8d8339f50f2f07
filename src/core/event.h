// Event: one entry of the append-only event log, which is also the audit trail.
#pragma once

#include <optional>
#include <string>

#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

struct Event {
  EventSeq seq;   // 1, 2, 3 … in commit order, assigned by the service
  Instant at{};
  std::string type;   // "prescription.received", "stock.dispensed", …
  std::string actor;  // "his:<token name>", "pharmacist:<name>", "system", "device:C"
  std::optional<PrescriptionId> prescription;
  std::string payload;  // JSON object text

  bool operator==(const Event&) const = default;
};

}  // namespace rx
