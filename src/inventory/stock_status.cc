#include "inventory/stock_status.h"

namespace rx {

StockStatus stock_status(const StockRow& row, Date today, int near_expiry_days) {
  if (row.quarantined) return StockStatus::kQuarantined;
  // Expired lots are blocked the moment they expire; the status still says why.
  if (row.lot.expiry < today) return StockStatus::kExpired;
  if (row.blocked) return StockStatus::kBlocked;
  if (row.lot.expiry <= add_days(today, near_expiry_days)) return StockStatus::kNearExpiry;
  return StockStatus::kAvailable;
}

}  // namespace rx
