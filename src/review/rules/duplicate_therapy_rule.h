// DUPLICATE_THERAPY: the same drug (ATC code, or formulary code without one) on two items blocks;
// two different drugs of one duplicate-therapy class of the knowledge base warn. Both are clinical
// checks: neither runs without a knowledge base.
#pragma once

#include "review/rule.h"

namespace rx {

class DuplicateTherapyRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
