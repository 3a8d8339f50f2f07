// FHIR R4 intake: a MedicationRequest, or a transaction Bundle of Patient,
// AllergyIntolerance, Medication, Practitioner and MedicationRequest
// resources, read as one Prescription (docs/fhir.md has the mapping).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/drug.h"
#include "core/prescription.h"
#include "core/result.h"
#include "core/time.h"

namespace rx {

// The most entries a transaction Bundle may hold.
inline constexpr size_t kMaxBundleEntries = 200;

struct FhirPrescription {
  Prescription rx;
  // FHIRPath of the MedicationRequest each item came from.
  std::vector<std::string> item_paths;
  // Canonical field ("items[0].dose.value") -> FHIRPath it was read from.
  std::vector<std::pair<std::string, std::string>> field_paths;

  // The FHIRPath of a canonical field: its own, or that of its longest mapped
  // prefix; the field itself when nothing maps.
  std::string fhir_path(std::string_view canonical_field) const;
};

// Reads a MedicationRequest or a transaction Bundle (by resourceType). Drugs
// are resolved against `formulary` and every item names a formulary code.
// Errors are invalid_argument with the element's FHIRPath as field and an
// IssueType (operation_outcome.h) or UNKNOWN_DRUG as reason. authoredOn
// without an offset is read in `zone`; without authoredOn, issued_at is
// `received_at`.
Result<FhirPrescription> prescription_from_fhir(const nlohmann::json& resource, const Formulary& formulary,
                                                const Zone& zone, Instant received_at);

// The formulary drug a CodeableConcept names (contracts.md: a formulary code
// in any system, a GTIN, or an ATC code naming exactly one drug). `path` is
// its FHIRPath, used in errors.
Result<const Drug*> drug_from_codeable_concept(const nlohmann::json& codeable, const Formulary& formulary,
                                               const std::string& path);

}  // namespace rx
