// What the FHIR writers need to know of a stored prescription. The server
// fills it from its record; interop knows nothing of the service.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/prescription.h"
#include "core/stock.h"
#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

struct FhirLotPacks {
  LotNo lot;
  Date expiry;
  int packs = 0;
};

struct FhirRecord {
  PrescriptionId id;
  const Prescription* rx = nullptr;
  RxStatus status = RxStatus::kReceived;
  std::string reason;  // of a rejection or cancellation
  std::string hold_reason;  // while blocked and returned to the prescriber (退回医师), unanswered
  std::optional<Instant> dispensing_at, ready_at, handed_over_at;
  std::vector<std::vector<FhirLotPacks>> verified;  // per item: the verified packs, by lot
};

// The resource id of one line: "<prescription id>-<line>", lines from 1.
std::string fhir_line_id(PrescriptionId id, size_t item);
// The prescription id and item index of a line id; none when `id` is not one.
std::optional<std::pair<PrescriptionId, size_t>> parse_fhir_line_id(std::string_view id);

}  // namespace rx
