// Where packs that a person found or brings back by hand may be put.
#pragma once

#include <optional>
#include <string>

#include "core/strong_id.h"
#include "inventory/stock_ledger.h"

namespace rx {

// Why `location` is not a place the pharmacy keeps stock, or nullopt when it
// is: one that already holds stock in `ledger`, or a well-formed stock
// location code (core/location_code.h: a place a machine has, or B-nn). A
// code that only starts like one (C-99-99) names a place no device picks from.
std::optional<std::string> unknown_location_problem(const LocationCode& location, const StockLedger& ledger);

}  // namespace rx
