// FORMAT (warn): readable but suspect prescription fields: an issued_at more than 5 minutes
// after the review time, or an extension of validity beyond the 3 days allowed.
#pragma once

#include "review/rule.h"

namespace rx {

class PrescriptionFormatRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
