// PREGNANCY: for a pregnant patient, a drug contraindicated in pregnancy blocks and one to be used
// with caution warns.
#pragma once

#include "review/rule.h"

namespace rx {

class PregnancyRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
