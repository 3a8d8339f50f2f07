// Quantity: an exact amount with a unit. Amounts are fixed-point with six
// decimals, and units of one kind convert by integer factors (g = 1000 mg =
// 1,000,000 µg), so conversions never round. Quantities of different kinds
// (mass vs volume, tablets vs capsules) are never compared.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace rx {

enum class Unit {
  kGram, kMilligram, kMicrogram,  // mass
  kMillilitre,                    // volume
  kIU,                            // international units
  kU,                             // units (not interchangeable with IU)
  kPercent,                       // concentration of a topical
  // Countable units: each is its own kind.
  kTablet,   // 片
  kCapsule,  // 粒
  kPill,     // 丸
  kSachet,   // 袋
  kPuff,     // 吸
  kUnit,     // 支
  kBottle,   // 瓶
  kPack,     // 盒
};

enum class UnitKind { kMass, kVolume, kIU, kU, kPercent, kCount };

UnitKind unit_kind(Unit u);
// Parses a unit as written in the contracts: "mg", "µg"/"ug"/"mcg", "mL"/"ml",
// "IU", "U", "%", "片"/"tablet", … "盒"/"pack"/"box".
Result<Unit> parse_unit(std::string_view text);
// The canonical spelling: "mg", "µg", "mL", "IU", "U", "%", and for countable
// units the English code ("tablet", …, "pack").
std::string_view unit_symbol(Unit u);
// The Chinese character of a countable unit ("片"), else the symbol.
std::string_view unit_zh(Unit u);

class Quantity {
 public:
  static constexpr int64_t kScale = 1'000'000;  // micro-units of the unit

  // From a decimal value; fails on a value with more than 6 decimals' precision
  // lost, or non-finite.
  static Result<Quantity> of(double value, Unit unit);
  // From a decimal string "2.5"; exact.
  static Result<Quantity> parse(std::string_view value, Unit unit);
  static Quantity from_micros(int64_t micros, Unit unit) { return Quantity(micros, unit); }
  static Quantity whole(int64_t n, Unit unit) { return Quantity(n * kScale, unit); }

  Unit unit() const { return unit_; }
  UnitKind kind() const { return unit_kind(unit_); }
  int64_t micros() const { return micros_; }
  double value() const { return static_cast<double>(micros_) / kScale; }
  bool positive() const { return micros_ > 0; }
  // "2.5 mg", "1 pack"
  std::string to_string() const;
  // The decimal amount without unit: "2.5".
  std::string amount_string() const;

  bool same_kind(const Quantity& o) const;
  // Converts to another unit of the same kind; fails across kinds or when the
  // result would not be exact at six decimals.
  Result<Quantity> to(Unit target) const;
  // Compares two quantities of the same kind; nullopt across kinds.
  std::optional<std::strong_ordering> compare(const Quantity& o) const;
  // Scales by an integer (dose × doses per day).
  Quantity times(int64_t n) const { return Quantity(micros_ * n, unit_); }
  Result<Quantity> plus(const Quantity& o) const;

  bool operator==(const Quantity& o) const { return micros_ == o.micros_ && unit_ == o.unit_; }

 private:
  Quantity(int64_t micros, Unit unit) : micros_(micros), unit_(unit) {}
  int64_t micros_ = 0;
  Unit unit_ = Unit::kPack;
};

}  // namespace rx
