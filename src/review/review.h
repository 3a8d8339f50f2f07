// Prescription review (审方): runs every rule over a prescription and returns
// its findings. Pure: the review time and the pharmacy's zone are arguments.
#pragma once

#include <vector>

#include "core/drug.h"
#include "core/finding.h"
#include "core/prescription.h"
#include "core/time.h"
#include "review/knowledge_base.h"

namespace rx {

struct ReviewContext {
  Instant now;  // the time of review; validity and future issue times are judged against it
  Zone zone;    // the pharmacy's zone: calendar days (validity, age) are local days
  // The clinical knowledge base. Without it only the prescription rules run (MAX_ITEMS,
  // UNKNOWN_DRUG, EXPIRED_RX, FORMAT, MAX_DAYS, CONTROLLED, and DOSE_MAX against the formulary).
  const KnowledgeBase* knowledge = nullptr;
};

// All findings of all rules, ordered by rule, then by the items each concerns.
std::vector<Finding> review_prescription(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx);

}  // namespace rx
