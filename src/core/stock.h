// Lots and stock: what is on the shelves, lot by lot and location by location.
#pragma once

#include <string>
#include <string_view>

#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

struct Lot {
  DrugCode drug;
  LotNo lot;
  Date expiry;  // usable until the end of this day, in the pharmacy's zone

  bool operator==(const Lot&) const = default;
};

enum class StockStatus { kAvailable, kNearExpiry, kExpired, kQuarantined, kBlocked };
std::string_view stock_status_name(StockStatus s);

// Packs of one lot at one location.
struct StockRow {
  Lot lot;
  LocationCode location;
  int quantity = 0;  // whole packs
  bool quarantined = false;
  bool blocked = false;
};

// Which device a location belongs to: 'C' channel machine, 'R' pick robot,
// 'S' smart shelf, 'F' fridge; 0 if unrecognised.
char location_device(const LocationCode& loc);

}  // namespace rx
