#include "review/review.h"

#include <algorithm>
#include <memory>

#include "review/rule.h"
#include "review/rules/age_rule.h"
#include "review/rules/allergy_rule.h"
#include "review/rules/antimicrobial_tier_rule.h"
#include "review/rules/controlled_rule.h"
#include "review/rules/dose_limit_rule.h"
#include "review/rules/dose_max_rule.h"
#include "review/rules/dose_min_rule.h"
#include "review/rules/duplicate_therapy_rule.h"
#include "review/rules/expired_rx_rule.h"
#include "review/rules/interaction_rule.h"
#include "review/rules/lasa_rule.h"
#include "review/rules/max_days_rule.h"
#include "review/rules/max_items_rule.h"
#include "review/rules/pregnancy_rule.h"
#include "review/rules/prescription_format_rule.h"
#include "review/rules/unknown_drug_rule.h"

namespace rx {
namespace {

// The one list of rules; their order is the order of the findings.
const std::vector<std::unique_ptr<Rule>>& rules() {
  static const std::vector<std::unique_ptr<Rule>> list = [] {
    std::vector<std::unique_ptr<Rule>> v;
    v.push_back(std::make_unique<MaxItemsRule>());
    v.push_back(std::make_unique<UnknownDrugRule>());
    v.push_back(std::make_unique<ExpiredRxRule>());
    v.push_back(std::make_unique<PrescriptionFormatRule>());
    v.push_back(std::make_unique<MaxDaysRule>());
    v.push_back(std::make_unique<ControlledRule>());
    v.push_back(std::make_unique<DoseMaxRule>());
    v.push_back(std::make_unique<DoseLimitRule>());
    v.push_back(std::make_unique<DoseMinRule>());
    v.push_back(std::make_unique<InteractionRule>());
    v.push_back(std::make_unique<AllergyRule>());
    v.push_back(std::make_unique<DuplicateTherapyRule>());
    v.push_back(std::make_unique<AgeRule>());
    v.push_back(std::make_unique<PregnancyRule>());
    v.push_back(std::make_unique<LasaRule>());
    v.push_back(std::make_unique<AntimicrobialTierRule>());
    return v;
  }();
  return list;
}

}  // namespace

std::vector<Finding> review_prescription(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx) {
  std::vector<Finding> out;
  for (const auto& rule : rules()) {
    std::vector<Finding> found;
    rule->check(rx, formulary, ctx, found);
    // A rule's own order is kept for findings about the same items, so the
    // result never depends on anything but the input.
    std::stable_sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) { return a.items < b.items; });
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return out;
}

}  // namespace rx
