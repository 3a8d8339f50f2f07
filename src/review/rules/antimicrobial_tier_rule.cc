#include "review/rules/antimicrobial_tier_rule.h"

#include <fmt/format.h>

namespace rx {

void AntimicrobialTierRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                                  std::vector<Finding>& out) const {
  if (ctx.knowledge == nullptr) return;
  const auto drugs = item_drugs(rx, formulary);
  const PrescriberAuthority* prescriber = ctx.knowledge->find_prescriber(rx.prescriber.id);
  for (size_t i = 0; i < drugs.size(); ++i) {
    if (drugs[i] == nullptr) continue;
    const AntimicrobialTierEntry* tier = ctx.knowledge->antimicrobial_tier(*drugs[i]);
    if (tier == nullptr || tier->tier == AntimicrobialTier::kNonRestricted) continue;
    if (prescriber != nullptr && prescriber->antimicrobial_tier >= tier->tier) continue;
    const std::string who = rx.prescriber.id.empty() ? "the prescription names no prescriber"
                            : prescriber == nullptr
                                ? fmt::format("prescriber '{}' is not in the prescriber list", rx.prescriber.id)
                                : fmt::format("prescriber '{}' may prescribe up to {}", prescriber->id,
                                              antimicrobial_tier_name(prescriber->antimicrobial_tier));
    out.push_back(Finding{
        .code = "ANTIMICROBIAL_TIER",
        .severity = Severity::kWarn,
        .items = {static_cast<int>(i)},
        .message = fmt::format("{}: a {} antimicrobial, and {}", item_label(rx, formulary, static_cast<int>(i)),
                               antimicrobial_tier_name(tier->tier), who),
        .evidence = fmt::format("{} matches '{}', tier {} {}; {}{}", drug_label(*drugs[i]), tier->drugs.text,
                                antimicrobial_tier_name(tier->tier), cite(tier->id, tier->source), who,
                                prescriber == nullptr ? "" : " " + cite(prescriber->id, prescriber->source)),
    });
  }
}

}  // namespace rx
