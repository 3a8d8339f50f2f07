#include "review/dose_limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "review/dose_amount.h"

namespace rx {
namespace {

enum class Bound { kMax, kMin };

// Compares `dose` (one dose, or a day's doses when `per_day` > 1) with `limit`; appends a line
// to the verdict when it is broken or cannot be compared.
void compare(const Quantity& dose, int per_day, const Drug& drug, const Quantity& limit, const std::string& limit_text,
             Bound bound, std::string_view what, DoseVerdict& verdict) {
  auto comparable = comparable_dose(dose, drug, limit);
  if (!comparable.ok()) {
    verdict.unchecked.push_back(fmt::format("{} against {}: {}", what, limit_text, comparable.status().message()));
    return;
  }
  if (comparable->micros() > std::numeric_limits<int64_t>::max() / per_day) {
    if (bound == Bound::kMax) verdict.broken.push_back(fmt::format("{} beyond any limit > max {}", what, limit_text));
    return;
  }
  const Quantity amount = comparable->times(per_day);
  const auto order = *amount.compare(limit);
  if (bound == Bound::kMax && order == std::strong_ordering::greater) {
    verdict.broken.push_back(fmt::format("{} {} > max {}", what, in_unit_of(amount, limit), limit_text));
  } else if (bound == Bound::kMin && order == std::strong_ordering::less) {
    verdict.broken.push_back(fmt::format("{} {} < min {}", what, in_unit_of(amount, limit), limit_text));
  }
}

// A per-kg limit for this patient, with the arithmetic shown; nullopt (and a line in `unchecked`)
// without a usable weight.
std::optional<std::pair<Quantity, std::string>> for_weight(const Quantity& per_kg, const Patient& patient,
                                                           std::string_view what, DoseVerdict& verdict) {
  if (!patient.weight_kg) {
    verdict.unchecked.push_back(fmt::format("{} limit {}/kg: patient.weight_kg is missing", what, per_kg.to_string()));
    return std::nullopt;
  }
  auto limit = per_kg_limit(per_kg, *patient.weight_kg);
  if (!limit.ok()) {
    verdict.unchecked.push_back(fmt::format("{} limit {}/kg: {}", what, per_kg.to_string(), limit.status().message()));
    return std::nullopt;
  }
  // In the unit the entry was written in when that is exact, so that evidence reads like the entry.
  auto back = limit->to(per_kg.unit());
  const Quantity shown = back.ok() ? *back : *limit;
  return std::pair{shown, fmt::format("{} ({}/kg × {} kg)", shown.to_string(), per_kg.to_string(),
                                      *patient.weight_kg)};
}

}  // namespace

std::vector<const DoseLimit*> applicable_dose_limits(const KnowledgeBase& kb, const Drug& drug,
                                                     std::optional<int> age) {
  std::vector<const DoseLimit*> out;
  for (const auto& limit : kb.dose_limits) {
    if (!limit.drugs.matches(drug)) continue;
    const bool ranged = limit.age_from || limit.age_to;
    if (age ? limit.applies_to_age(*age) : !ranged) out.push_back(&limit);
  }
  return out;
}

DoseVerdict check_maxima(const Item& item, const Drug& drug, const DoseLimit& limit, const Patient& patient) {
  DoseVerdict v;
  if (!limit.frequencies.empty() && item.frequency &&
      std::find(limit.frequencies.begin(), limit.frequencies.end(), *item.frequency) == limit.frequencies.end()) {
    std::string allowed;
    for (Frequency f : limit.frequencies) allowed += (allowed.empty() ? "" : ", ") + std::string(frequency_code(f));
    v.broken.push_back(fmt::format("frequency {} is not one of {}", frequency_code(*item.frequency), allowed));
  }
  const bool has_max = limit.max_single || limit.max_daily || limit.max_single_per_kg || limit.max_daily_per_kg;
  if (!has_max) return v;
  if (!item.dose) {
    v.unchecked.push_back("the dose is missing");
    return v;
  }
  if (limit.max_single) {
    compare(*item.dose, 1, drug, *limit.max_single, limit.max_single->to_string(), Bound::kMax, "single dose", v);
  }
  if (limit.max_single_per_kg) {
    if (auto l = for_weight(*limit.max_single_per_kg, patient, "single-dose", v)) {
      compare(*item.dose, 1, drug, l->first, l->second, Bound::kMax, "single dose", v);
    }
  }
  if (!limit.max_daily && !limit.max_daily_per_kg) return v;
  if (!item.frequency) {
    v.unchecked.push_back("the frequency is missing, so the daily dose is unknown");
    return v;
  }
  const int per_day = doses_on_a_dosing_day(*item.frequency);
  if (limit.max_daily) {
    compare(*item.dose, per_day, drug, *limit.max_daily, limit.max_daily->to_string(), Bound::kMax, "daily", v);
  }
  if (limit.max_daily_per_kg) {
    if (auto l = for_weight(*limit.max_daily_per_kg, patient, "daily", v)) {
      compare(*item.dose, per_day, drug, l->first, l->second, Bound::kMax, "daily", v);
    }
  }
  return v;
}

DoseVerdict check_minima(const Item& item, const Drug& drug, const DoseLimit& limit) {
  DoseVerdict v;
  // A missing dose is told once, by the maxima's check.
  if ((!limit.min_single && !limit.min_daily) || !item.dose) return v;
  if (limit.min_single) {
    compare(*item.dose, 1, drug, *limit.min_single, limit.min_single->to_string(), Bound::kMin, "single dose", v);
  }
  if (!limit.min_daily) return v;
  // Only a fixed whole number of doses a day makes a daily total to hold against a minimum.
  auto per_day = item.frequency ? doses_per_day(*item.frequency) : std::nullopt;
  if (!per_day || per_day->denominator != 1) {
    v.unchecked.push_back(fmt::format("a daily minimum needs a fixed daily frequency, found {}",
                                      item.frequency ? std::string(frequency_code(*item.frequency)) : "none"));
    return v;
  }
  compare(*item.dose, per_day->numerator, drug, *limit.min_daily, limit.min_daily->to_string(), Bound::kMin, "daily",
          v);
  return v;
}

}  // namespace rx
