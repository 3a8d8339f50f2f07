// AGE: a drug contraindicated (block) or to be used with caution (warn) at the patient's age on
// the day of issue. Skipped when the birth date is unknown.
#pragma once

#include "review/rule.h"

namespace rx {

class AgeRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
