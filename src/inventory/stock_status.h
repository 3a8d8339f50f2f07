// The status a stock row shows on the inventory screen and API.
#pragma once

#include "core/stock.h"
#include "core/time.h"

namespace rx {

// Quarantined wins over everything; then expired when expiry < today (a lot is usable through its
// expiry day), blocked or not; then blocked; then near_expiry when expiry <= today + near_expiry_days; else available.
StockStatus stock_status(const StockRow& row, Date today, int near_expiry_days);

}  // namespace rx
