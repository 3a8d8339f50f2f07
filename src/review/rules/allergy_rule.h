// ALLERGY: the patient's allergies against each drug. An allergen class of the knowledge base
// blocks its own drugs and warns for the drugs that may cross-react; an ATC code blocks the drugs
// it covers. An allergy the knowledge base does not know gets an info finding: check it by hand.
#pragma once

#include "review/rule.h"

namespace rx {

class AllergyRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
