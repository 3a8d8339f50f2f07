// UNKNOWN_DRUG (block): every item's drug must resolve in the formulary, by code or GTIN.
#pragma once

#include "review/rule.h"

namespace rx {

class UnknownDrugRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
