// Rule: one review check. Each rule appends its findings, in item order.
#pragma once

#include <string>
#include <vector>

#include "core/drug.h"
#include "core/finding.h"
#include "core/prescription.h"
#include "review/review.h"

namespace rx {

class Rule {
 public:
  virtual ~Rule() = default;
  virtual void check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                     std::vector<Finding>& out) const = 0;
};

// Every item index of the prescription: what a finding about the whole prescription concerns.
std::vector<int> all_items(const Prescription& rx);
// "item 1 (D0022 metformin)", or "item 1 (X9999)" when the drug is not in the formulary.
std::string item_label(const Prescription& rx, const Formulary& formulary, int index);

}  // namespace rx
