// A supplier's delivery: which of its rows the pharmacy takes, where they are
// received, and the lot each product was last delivered with (an NMPA code
// carries no lot or expiry, so a later scan takes them from there).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/drug.h"
#include "core/stock.h"
#include "interop/csv/delivery_csv.h"
#include "inventory/stock_locations.h"
#include "storage/store.h"

namespace rx {

// The lot and expiry of a drug in the most recent delivery that named it.
struct DeliveredLot {
  LotNo lot;
  Date expiry{};
  long long delivery = 0;  // the delivery's id

  bool operator==(const DeliveredLot&) const = default;
};

// One row of a delivery, accepted.
struct DeliveryReceipt {
  int row = 0;       // as in DeliveryRow
  std::string gtin;  // GTIN-14
  Lot lot;
  int quantity = 0;
  LocationCode location;

  bool operator==(const DeliveryReceipt&) const = default;
};

struct DeliveryCheck {
  std::vector<DeliveryReceipt> receipts;  // one per accepted row, in file order
  std::vector<DeliveryProblem> problems;  // one per refused row, in file order
};

// Checks every row as stock-in checks a scanned pack: UNKNOWN_GTIN, EXPIRED,
// SHORT_DATED (expiring in fewer than short_dated_days days from today), and
// EXPIRY_MISMATCH (a lot the stock or an earlier row knows with another
// expiry), BLOCKED_LOT (a lot blocked anywhere, e.g. recalled). Accepted rows
// are received at locations.reserve.
DeliveryCheck check_delivery(const std::vector<DeliveryRow>& lines, const Formulary& formulary, Date today,
                             int short_dated_days, const std::vector<StockProjection>& stock,
                             const StockLocations& locations);

// Records delivery `id`'s receipts in `delivered`: for each drug, the lot of
// its last row in the delivery.
void remember_delivery(std::map<std::string, DeliveredLot>& delivered, long long id,
                       const std::vector<DeliveryReceipt>& receipts);

}  // namespace rx
