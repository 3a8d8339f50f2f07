// DOSE_MIN (warn): a single or daily dose below the knowledge base's minimum, where one is known.
#pragma once

#include "review/rule.h"

namespace rx {

class DoseMinRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
