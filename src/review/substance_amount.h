// How much drug substance a dose counted in the drug's own units holds.
#pragma once

#include "core/drug.h"
#include "core/quantity.h"
#include "core/result.h"

namespace rx {

// The substance in `count` of the drug's units, exactly: 2 tablets of a 100 mg tablet are 200 mg.
// Fails, saying why, when `count` is not in the drug's content unit or the drug's strength is not
// an amount per unit (a concentration such as "IU/mL", or a strength that does not parse).
Result<Quantity> substance_amount(const Quantity& count, const Drug& drug);
// The substance in a volume of a drug whose strength is a concentration per mL: 5 mL of
// 20 mg/mL are 100 mg. Fails, saying why, for a strength that is not an amount per mL.
Result<Quantity> substance_in_volume(const Quantity& volume, const Drug& drug);

}  // namespace rx
