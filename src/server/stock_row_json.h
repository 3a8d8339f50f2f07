// The JSON of a stock row, as GET /api/v1/inventory and GET /api/v1/expiry
// show it (contracts.md "Inventory and verification").
#pragma once

#include <nlohmann/json.hpp>

#include "core/stock.h"
#include "service/pharmacy.h"

namespace rx {

// {"drug","lot","expiry","location","quantity","status"}; status as the pharmacy sees it now.
nlohmann::json stock_row_json(const Pharmacy& pharmacy, const StockRow& row);

}  // namespace rx
