// One item's dose measured against the knowledge base's dose limits.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/drug.h"
#include "core/prescription.h"
#include "review/knowledge_base.h"

namespace rx {

// The limits for this drug at this age. With the age unknown, only limits without an age range apply.
std::vector<const DoseLimit*> applicable_dose_limits(const KnowledgeBase& kb, const Drug& drug,
                                                     std::optional<int> age);

// What one limit entry says about one item: the limits it breaks and the ones it could not check,
// each as a line of evidence ("daily 3000 mg > max 2400 mg (40 mg/kg × 60 kg)").
struct DoseVerdict {
  std::vector<std::string> broken;
  std::vector<std::string> unchecked;
};

// The entry's maxima (single, daily, per kg) and its allowed frequencies.
DoseVerdict check_maxima(const Item& item, const Drug& drug, const DoseLimit& limit, const Patient& patient);
// The entry's minima (single, and daily for a fixed number of doses a day); nothing without a dose.
DoseVerdict check_minima(const Item& item, const Drug& drug, const DoseLimit& limit);

}  // namespace rx
