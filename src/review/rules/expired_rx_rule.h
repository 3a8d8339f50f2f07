// EXPIRED_RX (block): a prescription is valid on its issue day, extended by at most 3 days
// (处方管理办法 第十八条); the days are local days in the pharmacy's zone.
#pragma once

#include "review/rule.h"

namespace rx {

// The most days a prescriber may extend a prescription's validity by.
inline constexpr int kMaxValidityExtensionDays = 3;

class ExpiredRxRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
