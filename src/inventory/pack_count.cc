#include "inventory/pack_count.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>

namespace rx {

Result<int> packs_needed(const Item& item, const Drug& drug) {
  const Quantity& q = item.quantity;
  const Unit content = drug.content_unit();
  const bool in_packs = q.unit() == drug.pack_unit || q.unit() == Unit::kPack;
  if (!in_packs && q.unit() != content) {
    return Status::invalid(
        fmt::format("quantity {} of {} is neither in its pack unit ({}) nor in its content unit ({})", q.to_string(),
                    drug.code.value(), unit_symbol(drug.pack_unit), unit_symbol(content)),
        "quantity.unit");
  }
  if (!q.positive() || q.micros() % Quantity::kScale != 0) {
    return Status::invalid(fmt::format("quantity {} of {} is not a positive whole number of {}", q.to_string(),
                                       drug.code.value(), unit_symbol(q.unit())),
                           "quantity.value");
  }
  if (drug.units_per_pack < 1) {
    return Status::invalid(
        fmt::format("{} has {} units per pack; expected 1 or more", drug.code.value(), drug.units_per_pack),
        "units_per_pack");
  }
  const int64_t count = q.micros() / Quantity::kScale;
  const int64_t packs = in_packs ? count : (count + drug.units_per_pack - 1) / drug.units_per_pack;
  if (packs > std::numeric_limits<int>::max()) {
    return Status::invalid(fmt::format("quantity {} of {} is {} packs, more than can be dispensed", q.to_string(),
                                       drug.code.value(), packs),
                           "quantity.value");
  }
  return static_cast<int>(packs);
}

}  // namespace rx
