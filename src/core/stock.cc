#include "core/stock.h"

namespace rx {

std::string_view stock_status_name(StockStatus s) {
  switch (s) {
    case StockStatus::kAvailable: return "available";
    case StockStatus::kNearExpiry: return "near_expiry";
    case StockStatus::kExpired: return "expired";
    case StockStatus::kQuarantined: return "quarantined";
    case StockStatus::kBlocked: return "blocked";
  }
  return "available";
}

char location_device(const LocationCode& loc) {
  const auto& v = loc.value();
  if (v.size() < 3 || v[1] != '-') return 0;
  switch (v[0]) {
    case 'C': case 'R': case 'S': case 'F': return v[0];
    default: return 0;
  }
}

}  // namespace rx
