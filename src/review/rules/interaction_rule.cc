#include "review/rules/interaction_rule.h"

#include <fmt/format.h>

#include "review/dose_amount.h"

namespace rx {
namespace {

Severity finding_severity(InteractionSeverity s) {
  switch (s) {
    case InteractionSeverity::kContraindicated:
    case InteractionSeverity::kMajor: return Severity::kBlock;
    case InteractionSeverity::kModerate: return Severity::kWarn;
    case InteractionSeverity::kMinor: return Severity::kInfo;
  }
  return Severity::kBlock;
}

// Whether a dose-dependent pair counts: the item's daily dose is above the threshold, or cannot
// be told, in which case the pair counts and `why` says so.
bool above_threshold(const Item& item, const Drug& drug, const Quantity& threshold, std::string& why) {
  if (!item.dose || !item.frequency) {
    why = fmt::format("{}'s daily dose is unknown, so it may be above {}", drug.name_en, threshold.to_string());
    return true;
  }
  auto dose = comparable_dose(*item.dose, drug, threshold);
  if (!dose.ok()) {
    why = fmt::format("{}'s daily dose could not be compared with {}: {}", drug.name_en, threshold.to_string(),
                      dose.status().message());
    return true;
  }
  Quantity daily = dose->times(doses_on_a_dosing_day(*item.frequency));
  if (*daily.compare(threshold) != std::strong_ordering::greater) return false;
  why = fmt::format("{}'s daily dose {} is above {}", drug.name_en, in_unit_of(daily, threshold),
                    threshold.to_string());
  return true;
}

}  // namespace

void InteractionRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                            std::vector<Finding>& out) const {
  if (ctx.knowledge == nullptr) return;
  const auto drugs = item_drugs(rx, formulary);
  for (size_t i = 0; i < drugs.size(); ++i) {
    for (size_t j = i + 1; j < drugs.size(); ++j) {
      if (drugs[i] == nullptr || drugs[j] == nullptr) continue;
      for (const auto& x : ctx.knowledge->interactions) {
        // The entry's side a, whichever item it is.
        size_t a;
        if (x.a.matches(*drugs[i]) && x.b.matches(*drugs[j])) {
          a = i;
        } else if (x.a.matches(*drugs[j]) && x.b.matches(*drugs[i])) {
          a = j;
        } else {
          continue;
        }
        const size_t b = a == i ? j : i;
        std::string dose_note;
        if (x.a_daily_above && !above_threshold(rx.items[a], *drugs[a], *x.a_daily_above, dose_note)) continue;
        out.push_back(Finding{
            .code = "DDI",
            .severity = finding_severity(x.severity),
            .items = {static_cast<int>(i), static_cast<int>(j)},
            .message = fmt::format("{} + {}: {} interaction. {} {}", drugs[a]->name_en, drugs[b]->name_en,
                                   interaction_severity_name(x.severity), x.mechanism, x.advice),
            .evidence = fmt::format("{} matches '{}' and {} matches '{}'{} {}", drug_label(*drugs[a]), x.a.text,
                                    drug_label(*drugs[b]), x.b.text, dose_note.empty() ? "" : "; " + dose_note,
                                    cite(x.id, x.source)),
        });
      }
    }
  }
}

}  // namespace rx
