#include "review/substance_amount.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>

namespace rx {

Result<Quantity> substance_amount(const Quantity& count, const Drug& drug) {
  const Unit content = drug.content_unit();
  if (count.unit() != content) {
    return Status::invalid(fmt::format("{} is not counted in the unit of {} ({})", count.to_string(), drug.code.value(),
                                       unit_symbol(content)));
  }
  auto unit = parse_unit(drug.strength_unit);
  auto strength = unit.ok() ? Quantity::parse(drug.strength, *unit) : Result<Quantity>(unit.status());
  if (!strength.ok() || strength->kind() == UnitKind::kCount) {
    return Status::invalid(fmt::format("the strength of {} ({} {}) is not an amount per {}", drug.code.value(),
                                       drug.strength, drug.strength_unit, unit_symbol(content)));
  }
  // In the finest unit of its kind the product of two six-decimal amounts stays exact.
  Quantity per_unit = *strength;
  if (per_unit.kind() == UnitKind::kMass) per_unit = TRY(per_unit.to(Unit::kMicrogram));
  __int128 product = static_cast<__int128>(count.micros()) * per_unit.micros();
  if (product % Quantity::kScale != 0 || product / Quantity::kScale > std::numeric_limits<int64_t>::max() ||
      product / Quantity::kScale < std::numeric_limits<int64_t>::min()) {
    return Status::invalid(
        fmt::format("{} × {} is not exact at six decimals", count.to_string(), per_unit.to_string()));
  }
  return Quantity::from_micros(static_cast<int64_t>(product / Quantity::kScale), per_unit.unit());
}

}  // namespace rx
