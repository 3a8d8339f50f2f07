// Doses made comparable with limits: units converted within a kind, a dose counted in tablets or
// measured in mL of a solution turned into its substance, and a day's total from the frequency.
#pragma once

#include <string>

#include "core/drug.h"
#include "core/frequency.h"
#include "core/quantity.h"
#include "core/result.h"

namespace rx {

// The most doses taken on any one day. qw and st give one dose on its day and prn at least one,
// so a daily maximum still bounds a single dose of them.
int doses_on_a_dosing_day(Frequency f);

// The dose in a kind `limit` compares with: as given, or as the substance in it (2 tablets of
// 500 mg are 1000 mg; 5 mL of 20 mg/mL are 100 mg). Never guessed across kinds: the error says why.
Result<Quantity> comparable_dose(const Quantity& dose, const Drug& drug, const Quantity& limit);

// `q` in the unit of `limit` when that is exact, so that two numbers read side by side.
std::string in_unit_of(const Quantity& q, const Quantity& limit);

// `per_kg` × the weight, rounded down to the microgram or micro-unit: the limit for this patient.
Result<Quantity> per_kg_limit(const Quantity& per_kg, double weight_kg);

}  // namespace rx
