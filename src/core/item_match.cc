#include "core/item_match.h"

namespace rx {

bool orders_the_same(const Item& a, const Item& b) {
  return a.drug == b.drug && a.dose == b.dose && a.route == b.route && a.frequency == b.frequency &&
         a.days == b.days && a.quantity == b.quantity && a.supply_reason == b.supply_reason;
}

}  // namespace rx
