// stock.csv (code, lot, expiry, quantity_packs, location) -> stock rows.
#pragma once

#include <string_view>
#include <vector>

#include "core/drug.h"
#include "core/result.h"
#include "core/stock.h"
#include "core/time.h"

namespace rx {

// The day the shipped stock.csv was written for; see rebase_expiries.
inline constexpr Date kShippedStockToday{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{1}};

// Reads the stock. A code not in `formulary`, a bad date, a quantity below 1,
// a malformed location, the same lot twice at one location, or one lot with two
// expiries rejects the file with "<file_name>:<line>:<column> (<name>): <reason>".
Result<std::vector<StockRow>> load_stock_csv(std::string_view text, std::string_view file_name,
                                             const Formulary& formulary);

// Shifts every expiry by (today - data_today) days, so that data written for
// `data_today` keeps its near-expiry and expired lots when run on `today`.
std::vector<StockRow> rebase_expiries(std::vector<StockRow> rows, Date data_today, Date today);

}  // namespace rx
