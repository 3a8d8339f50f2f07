// MAX_ITEMS (block): at most 5 drugs on one prescription (处方管理办法 第六条).
#pragma once

#include "review/rule.h"

namespace rx {

class MaxItemsRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
