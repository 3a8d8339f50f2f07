// Stock rows for inventory tests, in the shape of data/stock.csv; the demo's today is 2026-12-01.
#pragma once

#include <string_view>

#include "core/stock.h"
#include "core/time.h"
#include "inventory/stock_ledger.h"

namespace rx::testing {

inline Date date(std::string_view text) { return *parse_date(text); }

inline Date demo_today() { return date("2026-12-01"); }

inline StockRow stock_row(std::string_view drug, std::string_view lot, std::string_view expiry,
                          std::string_view location, int quantity) {
  return StockRow{
      .lot = Lot{.drug = DrugCode(std::string(drug)), .lot = LotNo(std::string(lot)), .expiry = date(expiry)},
      .location = LocationCode(std::string(location)),
      .quantity = quantity};
}

inline int total_quantity(const StockLedger& ledger) {
  int total = 0;
  for (const auto& p : ledger.rows()) total += p.row.quantity;
  return total;
}

}  // namespace rx::testing
