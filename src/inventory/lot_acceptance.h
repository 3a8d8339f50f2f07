// Whether the pharmacy takes a lot in: the reasons stock-in refuses packs
// (Status::reason(), and the API's error codes), and the checks that a
// scanned pack and a delivery's row share.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/stock.h"
#include "storage/store.h"

namespace rx {

inline constexpr std::string_view kBadCode = "BAD_CODE";                      // the scan is no pack code
inline constexpr std::string_view kUnknownGtin = "UNKNOWN_GTIN";              // not a formulary product
inline constexpr std::string_view kMissingLot = "MISSING_LOT";                // NMPA code, no lot known
inline constexpr std::string_view kMissingExpiry = "MISSING_EXPIRY";          // NMPA code, no expiry known
inline constexpr std::string_view kExpired = "EXPIRED";
inline constexpr std::string_view kShortDated = "SHORT_DATED";
inline constexpr std::string_view kDuplicateSerial = "DUPLICATE_SERIAL";      // the pack was received before
inline constexpr std::string_view kExpiryMismatch = "EXPIRY_MISMATCH";        // the lot is known with another expiry
inline constexpr std::string_view kBlockedLot = "BLOCKED_LOT";                // the lot is blocked (recall, expiry)
inline constexpr std::string_view kUnsuitableLocation = "UNSUITABLE_LOCATION";  // the pack may not go there
inline constexpr std::string_view kOverCapacity = "OVER_CAPACITY";

// True for the reasons above: a well-formed request the pharmacy refuses.
bool is_stock_in_refusal(std::string_view reason);

// EXPIRED when the lot's expiry day is before today (a lot is usable until
// the end of its expiry day); SHORT_DATED when it expires in fewer than
// `short_dated_days` days.
Status check_shelf_life(const Lot& lot, Date today, int short_dated_days);

// EXPIRY_MISMATCH when `stock` holds the lot with another expiry;
// BLOCKED_LOT when a row of the lot is blocked.
Status check_lot_against_stock(const Lot& lot, const std::vector<StockProjection>& stock);

}  // namespace rx
