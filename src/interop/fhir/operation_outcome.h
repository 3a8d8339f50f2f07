// FHIR R4 OperationOutcome: how every FHIR error is told, and the issue types
// the FHIR readers attach to their errors.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace rx {

// IssueType codes (http://hl7.org/fhir/issue-type) carried in Status::reason()
// by the FHIR readers.
inline constexpr std::string_view kIssueStructure = "structure";
inline constexpr std::string_view kIssueRequired = "required";
inline constexpr std::string_view kIssueValue = "value";
inline constexpr std::string_view kIssueNotSupported = "not-supported";
inline constexpr std::string_view kIssueCodeInvalid = "code-invalid";
inline constexpr std::string_view kIssueBusinessRule = "business-rule";

// An invalid_argument error about the element at `expression` (a FHIRPath).
Status fhir_error(std::string_view issue_type, std::string message, std::string expression);

// The IssueType of an error: its reason when that is an IssueType, else one
// derived from its rxpress reason (UNKNOWN_DRUG -> code-invalid) or its code.
std::string issue_type(const Status& status);
// True when the input was well-formed FHIR but its content cannot be accepted
// (unknown drug, too many lines, a value out of range): HTTP 422, not 400.
bool is_unprocessable(const Status& status);

// {"resourceType":"OperationOutcome","issue":[{severity, code, details?,
// diagnostics, expression?}]}; an rxpress reason such as UNKNOWN_DRUG is the
// issue's details.coding code.
nlohmann::json operation_outcome(const Status& status);

}  // namespace rx
