// LASA (info): two products of one look-alike/sound-alike group on one prescription go into the
// same tote; the pharmacist is told to tell them apart.
#pragma once

#include "review/rule.h"

namespace rx {

class LasaRule : public Rule {
 public:
  void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
             std::vector<Finding>& out) const override;
};

}  // namespace rx
