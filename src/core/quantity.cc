#include "core/quantity.h"

#include <cmath>
#include <string>

#include <fmt/format.h>

namespace rx {
namespace {

struct UnitInfo {
  Unit unit;
  UnitKind kind;
  std::string_view symbol;
  std::string_view zh;
  int64_t factor;  // size of the unit in the kind's smallest unit (mass: µg)
};

constexpr UnitInfo kUnits[] = {
    {Unit::kGram, UnitKind::kMass, "g", "g", 1'000'000},
    {Unit::kMilligram, UnitKind::kMass, "mg", "mg", 1'000},
    {Unit::kMicrogram, UnitKind::kMass, "µg", "µg", 1},
    {Unit::kMillilitre, UnitKind::kVolume, "mL", "mL", 1},
    {Unit::kIU, UnitKind::kIU, "IU", "IU", 1},
    {Unit::kU, UnitKind::kU, "U", "U", 1},
    {Unit::kPercent, UnitKind::kPercent, "%", "%", 1},
    {Unit::kTablet, UnitKind::kCount, "tablet", "片", 1},
    {Unit::kCapsule, UnitKind::kCount, "capsule", "粒", 1},
    {Unit::kPill, UnitKind::kCount, "pill", "丸", 1},
    {Unit::kSachet, UnitKind::kCount, "sachet", "袋", 1},
    {Unit::kPuff, UnitKind::kCount, "puff", "吸", 1},
    {Unit::kUnit, UnitKind::kCount, "unit", "支", 1},
    {Unit::kBottle, UnitKind::kCount, "bottle", "瓶", 1},
    {Unit::kPack, UnitKind::kCount, "pack", "盒", 1},
};

const UnitInfo& info(Unit u) { return kUnits[static_cast<int>(u)]; }

struct Alias {
  std::string_view text;
  Unit unit;
};
constexpr Alias kAliases[] = {
    {"g", Unit::kGram},        {"mg", Unit::kMilligram},  {"µg", Unit::kMicrogram}, {"μg", Unit::kMicrogram},
    {"ug", Unit::kMicrogram},  {"mcg", Unit::kMicrogram}, {"mL", Unit::kMillilitre}, {"ml", Unit::kMillilitre},
    {"IU", Unit::kIU},         {"U", Unit::kU},           {"%", Unit::kPercent},     {"片", Unit::kTablet},
    {"tablet", Unit::kTablet}, {"粒", Unit::kCapsule},    {"capsule", Unit::kCapsule}, {"丸", Unit::kPill},
    {"pill", Unit::kPill},     {"袋", Unit::kSachet},     {"sachet", Unit::kSachet}, {"吸", Unit::kPuff},
    {"puff", Unit::kPuff},     {"支", Unit::kUnit},       {"unit", Unit::kUnit},     {"瓶", Unit::kBottle},
    {"bottle", Unit::kBottle}, {"盒", Unit::kPack},       {"pack", Unit::kPack},     {"box", Unit::kPack},
};

}  // namespace

UnitKind unit_kind(Unit u) { return info(u).kind; }
std::string_view unit_symbol(Unit u) { return info(u).symbol; }
std::string_view unit_zh(Unit u) { return info(u).zh; }

Result<Unit> parse_unit(std::string_view text) {
  for (const auto& a : kAliases) {
    if (a.text == text) return a.unit;
  }
  return Status::invalid(fmt::format("unknown unit '{}'", text));
}

Result<Quantity> Quantity::of(double value, Unit unit) {
  if (!std::isfinite(value) || std::fabs(value) > 9e12) {
    return Status::invalid("amount is not a finite number in range");
  }
  double scaled = value * kScale;
  int64_t micros = std::llround(scaled);
  if (std::fabs(scaled - static_cast<double>(micros)) > 1e-3 * std::max(1.0, std::fabs(scaled) * 1e-9)) {
    return Status::invalid(fmt::format("amount {} has more than 6 decimal places", value));
  }
  return Quantity(micros, unit);
}

Result<Quantity> Quantity::parse(std::string_view s, Unit unit) {
  auto bad = [&] { return Status::invalid(fmt::format("'{}' is not a decimal number", s)); };
  if (s.empty() || s.size() > 24) return bad();
  size_t i = 0;
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') neg = s[0] == '-', ++i;
  int64_t whole = 0, frac = 0;
  int frac_digits = 0;
  bool any = false, dot = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return bad();
    any = true;
    if (!dot) {
      if (whole > 9'000'000'000'000LL / 10) return bad();
      whole = whole * 10 + (c - '0');
    } else {
      if (frac_digits == 6) {
        if (c != '0') return Status::invalid(fmt::format("'{}' has more than 6 decimal places", s));
        continue;
      }
      frac = frac * 10 + (c - '0');
      ++frac_digits;
    }
  }
  if (!any) return bad();
  while (frac_digits < 6) frac *= 10, ++frac_digits;
  int64_t micros = whole * kScale + frac;
  return Quantity(neg ? -micros : micros, unit);
}

std::string Quantity::amount_string() const {
  int64_t a = micros_ < 0 ? -micros_ : micros_;
  std::string out = fmt::format("{}{}", micros_ < 0 ? "-" : "", a / kScale);
  int64_t frac = a % kScale;
  if (frac != 0) {
    std::string f = fmt::format("{:06d}", frac);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

std::string Quantity::to_string() const { return amount_string() + " " + std::string(unit_symbol(unit_)); }

bool Quantity::same_kind(const Quantity& o) const {
  if (kind() != o.kind()) return false;
  return kind() != UnitKind::kCount || unit_ == o.unit_;
}

Result<Quantity> Quantity::to(Unit target) const {
  Quantity t(0, target);
  if (!same_kind(t)) {
    return Status::invalid(fmt::format("cannot convert {} to {}", unit_symbol(unit_), unit_symbol(target)));
  }
  int64_t from = info(unit_).factor, to_f = info(target).factor;
  if (from >= to_f) {
    int64_t ratio = from / to_f;
    if (micros_ != 0 && std::llabs(micros_) > INT64_MAX / ratio) return Status::invalid("quantity out of range");
    return Quantity(micros_ * ratio, target);
  }
  int64_t ratio = to_f / from;
  if (micros_ % ratio != 0) {
    return Status::invalid(
        fmt::format("{} is not exact in {} at six decimals", to_string(), unit_symbol(target)));
  }
  return Quantity(micros_ / ratio, target);
}

std::optional<std::strong_ordering> Quantity::compare(const Quantity& o) const {
  if (!same_kind(o)) return std::nullopt;
  // Compare in the smallest unit, in 128 bits so nothing overflows.
  __int128 a = static_cast<__int128>(micros_) * info(unit_).factor;
  __int128 b = static_cast<__int128>(o.micros_) * info(o.unit_).factor;
  return a <=> b;
}

Result<Quantity> Quantity::plus(const Quantity& o) const {
  if (!same_kind(o)) {
    return Status::invalid(fmt::format("cannot add {} to {}", o.to_string(), to_string()));
  }
  Unit finer = info(unit_).factor <= info(o.unit_).factor ? unit_ : o.unit_;
  auto a = TRY(to(finer));
  auto b = TRY(o.to(finer));
  return Quantity(a.micros_ + b.micros_, finer);
}

}  // namespace rx
