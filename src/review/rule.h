// Rule: one review check. Each rule appends its findings, in item order.
#pragma once

#include <optional>
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
// "D0018 simvastatin (C10AA01)": a drug as evidence names it.
std::string drug_label(const Drug& drug);
// The patient's age in whole years on the local day of issue, if the birth date is known.
std::optional<int> age_at_issue(const Prescription& rx, const ReviewContext& ctx);
// The formulary drug of each item, nullptr for an unknown one (UNKNOWN_DRUG's finding).
std::vector<const Drug*> item_drugs(const Prescription& rx, const Formulary& formulary);

}  // namespace rx
