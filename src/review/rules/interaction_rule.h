// DDI: two items of the prescription that the knowledge base lists as interacting, by drug or by
// class. Contraindicated or major → block, moderate → warn, minor → info (regulations.md).
#pragma once

#include "review/rule.h"

namespace rx {

class InteractionRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
