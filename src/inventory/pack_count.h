// How many packs an item's quantity stands for.
#pragma once

#include "core/drug.h"
#include "core/prescription.h"
#include "core/result.h"

namespace rx {

// The packs to dispense for `item` of `drug`: a quantity in the drug's pack unit (or "pack") is that
// many packs; one in its content unit (tablets, capsules, …) is rounded up to whole packs. Any other
// unit, or an amount that is not a positive whole number, is invalid (field "quantity").
Result<int> packs_needed(const Item& item, const Drug& drug);

}  // namespace rx
