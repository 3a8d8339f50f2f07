#include "review/rules/dose_limit_rule.h"

#include <fmt/format.h>

#include "review/dose_limits.h"

namespace rx {
namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "; ") + l;
  return out;
}

std::string population(const DoseLimit& limit) {
  if (limit.age_from && limit.age_to) {
    return fmt::format("patients aged {} to {}", *limit.age_from, *limit.age_to - 1);
  }
  if (limit.age_to) return fmt::format("patients under {}", *limit.age_to);
  if (limit.age_from) return fmt::format("patients {} and over", *limit.age_from);
  return "all patients";
}

}  // namespace

void DoseLimitRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                          std::vector<Finding>& out) const {
  if (ctx.knowledge == nullptr) return;
  const auto drugs = item_drugs(rx, formulary);
  const std::optional<int> age = age_at_issue(rx, ctx);
  for (size_t i = 0; i < drugs.size(); ++i) {
    if (drugs[i] == nullptr) continue;
    const int index = static_cast<int>(i);
    const std::string label = item_label(rx, formulary, index);
    for (const DoseLimit* limit : applicable_dose_limits(*ctx.knowledge, *drugs[i], age)) {
      DoseVerdict v = check_maxima(rx.items[i], *drugs[i], *limit, rx.patient);
      if (!v.broken.empty()) {
        out.push_back(Finding{
            .code = "DOSE_MAX",
            .severity = Severity::kBlock,
            .items = {index},
            .message = fmt::format("{}: above the limit for {}: {}{}", label, population(*limit), joined(v.broken),
                                   limit->note.empty() ? "" : ". " + limit->note),
            .evidence = fmt::format("{} {}", joined(v.broken), cite(limit->id, limit->source)),
        });
      }
      if (!v.unchecked.empty()) {
        out.push_back(Finding{
            .code = "DOSE_MAX",
            .severity = Severity::kInfo,
            .items = {index},
            .message = fmt::format("{}: the dose limits for {} could not all be checked: {}", label, population(*limit),
                                   joined(v.unchecked)),
            .evidence = fmt::format("{} {}", joined(v.unchecked), cite(limit->id, limit->source)),
        });
      }
    }
  }
}

}  // namespace rx
