#include "inventory/known_location.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/location_code.h"

namespace rx {

std::optional<std::string> unknown_location_problem(const LocationCode& location, const StockLedger& ledger) {
  if (location.value().empty()) return std::string("expected a location code, found an empty string");
  std::vector<StockProjection> rows = ledger.rows();
  if (std::any_of(rows.begin(), rows.end(), [&](const StockProjection& p) { return p.row.location == location; })) {
    return std::nullopt;
  }
  auto problem = location_code_problem(location.value());
  if (!problem) return std::nullopt;
  return fmt::format("'{}' is not a stock location: {}, or one that holds stock", location.value(), *problem);
}

}  // namespace rx
