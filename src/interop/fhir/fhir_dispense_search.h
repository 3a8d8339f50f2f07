// The search parameters of GET /fhir/r4/MedicationDispense (contracts.md):
// prescription, patient, status and whenhandedover.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

struct DateSearch {
  std::string prefix;  // eq, ne, lt, le, gt, ge
  Instant from{};      // the value's own range [from, to): a date is its whole local day
  Instant to{};
};

struct DispenseSearch {
  std::optional<PrescriptionId> prescription;  // from a MedicationRequest id "<id>-<line>"
  std::optional<size_t> item;
  std::optional<std::string> patient_id;
  std::vector<std::string> statuses;    // any of
  std::vector<DateSearch> handed_over;  // all of
};

// Reads the query. An unknown parameter, a malformed value or an unknown
// status is invalid_argument naming the parameter. Dates without an offset,
// and plain dates, are read in `zone`.
Result<DispenseSearch> parse_dispense_search(const std::vector<std::pair<std::string, std::string>>& query,
                                             const Zone& zone);

// True if the MedicationDispense resource `md` (as written by
// medication_dispenses_json) matches every parameter.
bool dispense_matches(const DispenseSearch& search, const nlohmann::json& md, const Zone& zone);

}  // namespace rx
