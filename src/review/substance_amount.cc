#include "review/substance_amount.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>

namespace rx {

namespace {

// count × per_unit exactly, in per_unit's unit (mass in µg), or why not.
Result<Quantity> exact_product(const Quantity& count, Quantity per_unit) {
  if (per_unit.kind() == UnitKind::kMass) per_unit = TRY(per_unit.to(Unit::kMicrogram));
  __int128 product = static_cast<__int128>(count.micros()) * per_unit.micros();
  if (product % Quantity::kScale != 0 || product / Quantity::kScale > std::numeric_limits<int64_t>::max() ||
      product / Quantity::kScale < std::numeric_limits<int64_t>::min()) {
    return Status::invalid(
        fmt::format("{} × {} is not exact at six decimals", count.to_string(), per_unit.to_string()));
  }
  return Quantity::from_micros(static_cast<int64_t>(product / Quantity::kScale), per_unit.unit());
}

}  // namespace

Result<Quantity> substance_in_volume(const Quantity& volume, const Drug& drug) {
  const std::string_view per_ml = "/mL";
  std::string_view unit_text = drug.strength_unit;
  auto amount_unit = unit_text.ends_with(per_ml) ? parse_unit(unit_text.substr(0, unit_text.size() - per_ml.size()))
                                                 : Result<Unit>(Status::invalid("not per mL"));
  auto strength = amount_unit.ok() ? Quantity::parse(drug.strength, *amount_unit) : Result<Quantity>(amount_unit.status());
  if (!strength.ok() || strength->kind() == UnitKind::kCount || strength->kind() == UnitKind::kPercent) {
    return Status::invalid(fmt::format("the strength of {} ({} {}) is not an amount per mL", drug.code.value(),
                                       drug.strength, drug.strength_unit));
  }
  Quantity ml = TRY(volume.to(Unit::kMillilitre));
  return exact_product(ml, *strength);
}

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
  return exact_product(count, *strength);
}

}  // namespace rx
