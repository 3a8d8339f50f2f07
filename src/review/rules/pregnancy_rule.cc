#include "review/rules/pregnancy_rule.h"

#include <fmt/format.h>

namespace rx {

void PregnancyRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                          std::vector<Finding>& out) const {
  if (ctx.knowledge == nullptr || !rx.patient.pregnant) return;
  const auto drugs = item_drugs(rx, formulary);
  for (size_t i = 0; i < drugs.size(); ++i) {
    if (drugs[i] == nullptr) continue;
    for (const auto& r : ctx.knowledge->pregnancy_rules) {
      if (!r.drugs.matches(*drugs[i])) continue;
      out.push_back(Finding{
          .code = "PREGNANCY",
          .severity = r.level == Caution::kContraindicated ? Severity::kBlock : Severity::kWarn,
          .items = {static_cast<int>(i)},
          .message = fmt::format("{}: {} in pregnancy: {}", item_label(rx, formulary, static_cast<int>(i)),
                                 r.level == Caution::kContraindicated ? "contraindicated" : "use with caution",
                                 r.reason),
          .evidence = fmt::format("patient.pregnant = true; {} matches '{}' {}", drug_label(*drugs[i]), r.drugs.text,
                                  cite(r.id, r.source)),
      });
    }
  }
}

}  // namespace rx
