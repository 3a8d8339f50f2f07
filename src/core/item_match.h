// When two prescription lines are the same order.
#pragma once

#include "core/prescription.h"

namespace rx {

// True if `a` orders what `b` orders (drug, dose, route, timing, quantity and
// supply reason), whatever their placer order numbers: how a line sent again
// without a placer order number is known.
bool orders_the_same(const Item& a, const Item& b);

}  // namespace rx
