#include "review/rules/dose_min_rule.h"

#include <fmt/format.h>

#include "review/dose_limits.h"

namespace rx {

void DoseMinRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                        std::vector<Finding>& out) const {
  if (ctx.knowledge == nullptr) return;
  const auto drugs = item_drugs(rx, formulary);
  const std::optional<int> age = age_at_issue(rx, ctx);
  for (size_t i = 0; i < drugs.size(); ++i) {
    if (drugs[i] == nullptr) continue;
    const int index = static_cast<int>(i);
    for (const DoseLimit* limit : applicable_dose_limits(*ctx.knowledge, *drugs[i], age)) {
      DoseVerdict v = check_minima(rx.items[i], *drugs[i], *limit);
      for (const auto& broken : v.broken) {
        out.push_back(Finding{
            .code = "DOSE_MIN",
            .severity = Severity::kWarn,
            .items = {index},
            .message = fmt::format("{}: below the usual minimum: {}{}", item_label(rx, formulary, index), broken,
                                   limit->note.empty() ? "" : ". " + limit->note),
            .evidence = fmt::format("{} {}", broken, cite(limit->id, limit->source)),
        });
      }
      for (const auto& unchecked : v.unchecked) {
        out.push_back(Finding{
            .code = "DOSE_MIN",
            .severity = Severity::kInfo,
            .items = {index},
            .message = fmt::format("{}: the minimum dose could not be checked: {}", item_label(rx, formulary, index),
                                   unchecked),
            .evidence = fmt::format("{} {}", unchecked, cite(limit->id, limit->source)),
        });
      }
    }
  }
}

}  // namespace rx
