// FailedPlan: what a plan that failed depended on, as it saw it, so that the
// same prescription is planned again only once something of that changed.
// Pure: the caller reads the ledger, the clock and the devices.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "core/machine/device_kind.h"
#include "core/strong_id.h"
#include "core/time.h"
#include "inventory/fefo.h"

namespace rx {

struct PlanInputs {
  std::vector<uint64_t> drug_versions;  // StockLedger::drug_version of each item's drug, in item order
  Date today{};
  size_t items = 0;     // of the prescription
  size_t packs = 0;     // put out for it
  size_t verified = 0;  // of those, passed verification
  std::map<DeviceKind, int> device_jobs;  // open jobs per device, under a per-device job limit only
};

struct FailedPlan {
  PlanInputs inputs;
  // Every location the plan asked about and the answer: devices change it
  // (a jam, a refill) without telling the service.
  std::vector<std::pair<LocationCode, bool>> usable;
};

// Whether a plan made now would see what `failed` saw: the same inputs, and
// `usable` answering each location as it did then.
bool plan_sees_the_same(const FailedPlan& failed, const PlanInputs& now, const LocationFilter& usable);

}  // namespace rx
