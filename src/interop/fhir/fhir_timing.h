// FHIR R4 Dosage timing <-> the project's frequency codes (qd, bid, …).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/frequency.h"
#include "core/result.h"

namespace rx {

// The frequency of a Dosage: its timing.code (a coding code or the text, read
// as a frequency code such as "BID"), else timing.repeat (frequency per
// period: 1-4 per day, once every 6, 8, 12 or 24 hours, once a week; once
// with when HS is qn; count 1 is st), else asNeededBoolean true (prn). None
// when the Dosage states no timing. `path` is the Dosage's FHIRPath, used in
// errors (value) for a timing that maps to no frequency code.
Result<std::optional<Frequency>> frequency_from_dosage(const nlohmann::json& dosage, const std::string& path);

// The Dosage members that state `f`: {"timing":{…}} or {"asNeededBoolean":true}.
nlohmann::json dosage_timing(Frequency f);

}  // namespace rx
