// DOSE_MAX (block): an item's daily dose above the drug's adult maximum daily dose. A dose that
// cannot be compared with the limit gets an info finding; a missing dose or frequency a FORMAT info.
#pragma once

#include "review/rule.h"

namespace rx {

class DoseMaxRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
