#include "review/rules/age_rule.h"

#include <fmt/format.h>

namespace rx {

void AgeRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                    std::vector<Finding>& out) const {
  if (ctx.knowledge == nullptr) return;
  const std::optional<int> age = age_at_issue(rx, ctx);
  if (!age) return;
  const auto drugs = item_drugs(rx, formulary);
  for (size_t i = 0; i < drugs.size(); ++i) {
    if (drugs[i] == nullptr) continue;
    for (const auto& r : ctx.knowledge->age_rules) {
      const bool in_range = r.below ? *age < *r.below : *age >= *r.from;
      if (!in_range || !r.drugs.matches(*drugs[i])) continue;
      const std::string range = r.below ? fmt::format("under {}", *r.below) : fmt::format("{} and over", *r.from);
      out.push_back(Finding{
          .code = "AGE",
          .severity = r.level == Caution::kContraindicated ? Severity::kBlock : Severity::kWarn,
          .items = {static_cast<int>(i)},
          .message = fmt::format("{}: {} for patients {} (the patient is {}): {}",
                                 item_label(rx, formulary, static_cast<int>(i)),
                                 r.level == Caution::kContraindicated ? "contraindicated" : "use with caution", range,
                                 *age, r.reason),
          .evidence = fmt::format("age {} on the day of issue; {} matches '{}' {}", *age, drug_label(*drugs[i]),
                                  r.drugs.text, cite(r.id, r.source)),
      });
    }
  }
}

}  // namespace rx
