// MAX_DAYS: supply length per item (处方管理办法 第十九条). Outpatient and chronic visits 7 days,
// emergency 3; beyond that, warn with a supply_reason and block without; beyond 12 weeks, always block.
// An item without days gets a FORMAT info finding instead.
#pragma once

#include "review/rule.h"

namespace rx {

class MaxDaysRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
