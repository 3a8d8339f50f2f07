// CONTROLLED: narcotic and psychotropic drugs (处方管理办法 第二十三条, 第二十四条). Narcotic and
// psychotropic class 1 need the patient's ID number, and supply within the limit for the form
// (longer for pain patients and for children's ADHD with methylphenidate): block over it.
// Psychotropic class 2 over 7 days blocks without a supply_reason and warns with one. Every other
// controlled item gets an info finding: locked storage and double sign-off at hand-over.
#pragma once

#include "review/rule.h"

namespace rx {

class ControlledRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
