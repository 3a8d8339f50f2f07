// ANTIMICROBIAL_TIER (warn): a restricted or special-use antimicrobial (抗菌药物分级管理) from a
// prescriber whose authority, in the knowledge base's prescriber list, is below that tier, or who
// is not on the list.
#pragma once

#include "review/rule.h"

namespace rx {

class AntimicrobialTierRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
