#include "review/dose_amount.h"

#include <fmt/format.h>

#include <cmath>

#include "review/substance_amount.h"

namespace rx {

int doses_on_a_dosing_day(Frequency f) {
  auto per_day = doses_per_day(f);
  if (!per_day) return 1;
  return (per_day->numerator + per_day->denominator - 1) / per_day->denominator;
}

Result<Quantity> comparable_dose(const Quantity& dose, const Drug& drug, const Quantity& limit) {
  if (dose.compare(limit)) return dose;
  Quantity substance = dose;
  if (dose.kind() == UnitKind::kVolume) {
    auto in_volume = substance_in_volume(dose, drug);
    if (!in_volume.ok()) {
      return Status::invalid(fmt::format("a dose in {} cannot be compared with a limit in {}: {}",
                                         unit_symbol(dose.unit()), unit_symbol(limit.unit()),
                                         in_volume.status().message()));
    }
    substance = *in_volume;
  } else if (dose.kind() != UnitKind::kCount) {
    return Status::invalid(fmt::format("a dose in {} cannot be compared with a limit in {}", unit_symbol(dose.unit()),
                                       unit_symbol(limit.unit())));
  } else {
    substance = TRY(substance_amount(dose, drug));
  }
  if (!substance.compare(limit)) {
    return Status::invalid(fmt::format("{} is {}, which cannot be compared with a limit in {}", dose.to_string(),
                                       substance.to_string(), unit_symbol(limit.unit())));
  }
  return substance;
}

std::string in_unit_of(const Quantity& q, const Quantity& limit) {
  auto converted = q.to(limit.unit());
  return converted.ok() ? converted->to_string() : q.to_string();
}

Result<Quantity> per_kg_limit(const Quantity& per_kg, double weight_kg) {
  if (!(weight_kg > 0) || !std::isfinite(weight_kg) || weight_kg > 500) {
    return Status::invalid(fmt::format("a weight of {} kg is not plausible", weight_kg), "patient.weight_kg");
  }
  // In the finest unit of its kind, so that rounding loses at most a microgram.
  Quantity fine = per_kg.kind() == UnitKind::kMass ? TRY(per_kg.to(Unit::kMicrogram)) : per_kg;
  double micros = std::floor(static_cast<double>(fine.micros()) * weight_kg);
  return Quantity::from_micros(static_cast<int64_t>(micros), fine.unit());
}

}  // namespace rx
