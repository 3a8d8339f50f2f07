#include "review/rules/dose_max_rule.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <string>

#include "core/frequency.h"
#include "review/dose_amount.h"

namespace rx {

void DoseMaxRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext&,
                        std::vector<Finding>& out) const {
  for (size_t i = 0; i < rx.items.size(); ++i) {
    const Item& item = rx.items[i];
    const int index = static_cast<int>(i);
    const Drug* drug = formulary.resolve(item.drug.value());
    // An unknown drug is UNKNOWN_DRUG's finding; a drug without a known maximum has nothing to check.
    if (drug == nullptr || !drug->adult_max_daily_dose) continue;
    const Quantity& limit = *drug->adult_max_daily_dose;
    const std::string label = item_label(rx, formulary, index);

    if (!item.dose || !item.frequency) {
      const char* missing = !item.dose && !item.frequency ? "dose and frequency" : !item.dose ? "dose" : "frequency";
      out.push_back(Finding{
          .code = "FORMAT",
          .severity = Severity::kInfo,
          .items = {index},
          .message = fmt::format("{}: {} missing, so the DOSE_MAX check was skipped", label, missing),
          .evidence = !item.dose && !item.frequency
                          ? fmt::format("items[{0}].dose and items[{0}].frequency are missing", i)
                          : fmt::format("items[{}].{} is missing", i, missing),
      });
      continue;
    }

    auto dose = comparable_dose(*item.dose, *drug, limit);
    if (!dose.ok()) {
      out.push_back(Finding{
          .code = "DOSE_MAX",
          .severity = Severity::kInfo,
          .items = {index},
          .message = fmt::format("{}: the dose {} could not be checked against the maximum daily dose of {}", label,
                                 item.dose->to_string(), limit.to_string()),
          .evidence = dose.status().message(),
      });
      continue;
    }

    const int per_day = doses_on_a_dosing_day(*item.frequency);
    const std::string source = drug->max_daily_dose_source.empty() ? "" : " (" + drug->max_daily_dose_source + ")";
    if (dose->micros() > std::numeric_limits<int64_t>::max() / per_day) {
      out.push_back(Finding{
          .code = "DOSE_MAX",
          .severity = Severity::kBlock,
          .items = {index},
          .message = fmt::format("{}: the dose {} {} is beyond any daily maximum", label, item.dose->to_string(),
                                 frequency_code(*item.frequency)),
          .evidence = fmt::format("daily {} × {} > max {}{}", dose->to_string(), per_day, limit.to_string(), source),
      });
      continue;
    }
    const Quantity daily = dose->times(per_day);
    if (*daily.compare(limit) != std::strong_ordering::greater) continue;

    const std::string daily_text = in_unit_of(daily, limit);
    out.push_back(Finding{
        .code = "DOSE_MAX",
        .severity = Severity::kBlock,
        .items = {index},
        .message = fmt::format("{}: the daily dose {} ({} {}) is above the adult maximum of {}", label, daily_text,
                               item.dose->to_string(), frequency_code(*item.frequency), limit.to_string()),
        .evidence = fmt::format("daily {} > max {}{}", daily_text, limit.to_string(), source),
    });
  }
}

}  // namespace rx
