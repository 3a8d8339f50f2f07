// FHIR R4 MedicationRequest and MedicationDispense resources written from a
// stored prescription, one per line.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/drug.h"
#include "interop/fhir/fhir_record.h"

namespace rx {

// The line `item` as a MedicationRequest with id fhir_line_id(); status
// active, on-hold (blocked), completed (handed over) or cancelled.
nlohmann::json medication_request_json(const FhirRecord& record, size_t item, const Formulary& formulary,
                                       const Zone& zone);

// One MedicationDispense per line once dispensing has begun or the
// prescription was rejected or returned to its prescriber: in-progress,
// completed (handed over), declined (a pharmacist's rejection, with
// statusReasonCodeableConcept), on-hold (returned to the prescriber, with the
// return's reason there) or cancelled. None before that.
std::vector<nlohmann::json> medication_dispenses_json(const FhirRecord& record, const Formulary& formulary,
                                                      const Zone& zone);

// The medication as a CodeableConcept: the formulary code (a coding without
// system: the code is local) and the GTIN (https://www.gs1.org/gtin).
nlohmann::json medication_concept(const DrugCode& code, const Formulary& formulary);

}  // namespace rx
