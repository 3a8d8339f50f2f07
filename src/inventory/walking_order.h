// The order a technician walks the pharmacy in, so that a list of shelf work
// is done in one pass with each task next to the one before.
//
// Devices in the order C (channel machine), S (smart shelf), F (fridge),
// R (pick robot), then the reserve store (B) and any other location.
// - C-SS-CC: the channels are loaded from behind the machine, walking along
//   it: by channel CC (its x along the shelves), then shelf SS, so that the
//   channels of one x on every shelf are loaded before stepping on.
// - S-RR-BB and F-RR-BB: by rack RR, then bin BB.
// - R-L-xxxx: along the aisle by position xxxx (cm), then level L.
// - B-nn: by number.
// A code whose parts are not numbers comes after the well-formed codes of
// its device, by code; ties are broken by the code.
#pragma once

#include <vector>

#include "core/stock_task.h"
#include "core/strong_id.h"

namespace rx {

// True if the technician reaches `a` before `b`.
bool walks_before(const LocationCode& a, const LocationCode& b);

// Sorts tasks by the walking order of their locations, then by id.
void sort_walking_order(std::vector<StockTask>& tasks);

}  // namespace rx
