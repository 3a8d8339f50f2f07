// DOSE_MAX (block) from the knowledge base: single-dose and daily limits, per kg for children
// where the labelling gives them, and the only frequencies a drug may be given at (oral
// methotrexate once weekly). Limits are chosen by the patient's age on the day of issue; the
// formulary's adult daily maximum is DoseMaxRule's. A dose that cannot be compared, or a child
// without a weight, gets an info finding saying what was not checked.
#pragma once

#include "review/rule.h"

namespace rx {

class DoseLimitRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
