#include "inventory/known_location.h"

#include <fmt/format.h>

#include "core/location_code.h"

namespace rx {

std::optional<std::string> unknown_location_problem(const LocationCode& location, const StockLedger& ledger) {
  if (location.value().empty()) return std::string("expected a location code, found an empty string");
  if (!ledger.rows_at(location).empty()) return std::nullopt;
  auto problem = location_code_problem(location.value());
  if (!problem) return std::nullopt;
  return fmt::format("'{}' is not a stock location: {}, or one that holds stock", location.value(), *problem);
}

}  // namespace rx
