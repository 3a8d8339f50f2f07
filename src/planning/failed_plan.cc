#include "planning/failed_plan.h"

#include <algorithm>

namespace rx {

bool plan_sees_the_same(const FailedPlan& failed, const PlanInputs& now, const LocationFilter& usable) {
  const PlanInputs& then = failed.inputs;
  if (then.drug_versions != now.drug_versions || then.today != now.today || then.items != now.items ||
      then.packs != now.packs || then.verified != now.verified || then.device_jobs != now.device_jobs) {
    return false;
  }
  return std::all_of(failed.usable.begin(), failed.usable.end(), [&](const auto& seen) {
    return (!usable || usable(seen.first)) == seen.second;
  });
}

}  // namespace rx
