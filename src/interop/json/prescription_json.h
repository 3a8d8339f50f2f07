// The canonical prescription JSON of contracts.md, and findings as JSON.
#pragma once

#include <nlohmann/json.hpp>

#include "core/finding.h"
#include "core/prescription.h"
#include "core/result.h"
#include "core/time.h"

namespace rx {

// Reads a canonical prescription. Errors are invalid_argument with the field
// path ("items[2].quantity.unit"). Drug codes are kept as given (a formulary
// code or a GTIN); nothing is looked up. A missing issued_at is `received_at`;
// an issued_at without an offset is read in `zone`.
Result<Prescription> prescription_from_json(const nlohmann::json& j, const Zone& zone, Instant received_at);

// Writes the canonical shape; issued_at in `zone`. prescription_from_json reads
// it back to an equal prescription.
nlohmann::json prescription_to_json(const Prescription& rx, const Zone& zone);

// {"code","severity","items":[…],"message","evidence"}
nlohmann::json finding_to_json(const Finding& f);
Result<Finding> finding_from_json(const nlohmann::json& j);

}  // namespace rx
