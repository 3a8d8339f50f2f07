#include "inventory/lot_acceptance.h"

#include <fmt/format.h>

#include <string>

namespace rx {

bool is_stock_in_refusal(std::string_view reason) {
  for (std::string_view r : {kBadCode, kUnknownGtin, kMissingLot, kMissingExpiry, kExpired, kShortDated,
                             kDuplicateSerial, kExpiryMismatch, kBlockedLot, kUnsuitableLocation, kOverCapacity}) {
    if (r == reason) return true;
  }
  return false;
}

Status check_shelf_life(const Lot& lot, Date today, int short_dated_days) {
  int days_left = days_between(today, lot.expiry);
  if (days_left < 0) {
    return Status::invalid(fmt::format("lot {} of {} expired on {}", lot.lot.value(), lot.drug.value(),
                                       format_date(lot.expiry)),
                           "expiry")
        .with_reason(std::string(kExpired));
  }
  if (days_left < short_dated_days) {
    return Status::invalid(fmt::format("lot {} of {} expires on {}, in {} days; stock-in takes lots with at least {} "
                                       "days left",
                                       lot.lot.value(), lot.drug.value(), format_date(lot.expiry), days_left,
                                       short_dated_days),
                           "expiry")
        .with_reason(std::string(kShortDated));
  }
  return Status();
}

Status check_lot_against_stock(const Lot& lot, const std::vector<StockProjection>& stock) {
  for (const StockProjection& p : stock) {
    const StockRow& row = p.row;
    if (row.lot.drug != lot.drug || row.lot.lot != lot.lot) continue;
    if (row.lot.expiry != lot.expiry) {
      return Status::invalid(fmt::format("lot {} of {} is in stock with expiry {}, not {}", lot.lot.value(),
                                         lot.drug.value(), format_date(row.lot.expiry), format_date(lot.expiry)),
                             "expiry")
          .with_reason(std::string(kExpiryMismatch));
    }
    if (row.blocked) {
      return Status::invalid(fmt::format("lot {} of {} is blocked (at {}); it may not be stocked in",
                                         lot.lot.value(), lot.drug.value(), row.location.value()),
                             "lot")
          .with_reason(std::string(kBlockedLot));
    }
  }
  return Status();
}

}  // namespace rx
