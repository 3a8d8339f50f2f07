// FHIR Quantity <-> the project's units, with UCUM (http://unitsofmeasure.org)
// as the coded system.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/quantity.h"

namespace rx {

inline constexpr std::string_view kUcumSystem = "http://unitsofmeasure.org";

// The unit text of a FHIR Quantity in the canonical JSON's spelling: the UCUM
// code when the system is UCUM ("[iU]" -> "IU", "{tablet}" -> "tablet"), an
// HL7 orderable drug form code (TAB, CAP), else `unit`, else `code`. None when
// the Quantity names no unit; parse_unit judges the text.
std::optional<std::string> fhir_unit_text(const nlohmann::json& quantity);

// {"value","unit","system":UCUM,"code"}; countable units as UCUM annotations
// ("{tablet}").
nlohmann::json fhir_quantity(const Quantity& q);

}  // namespace rx
