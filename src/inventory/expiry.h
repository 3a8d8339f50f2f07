// Expiry of lots on hand: which rows are near their expiry, which have expired
// and are not yet blocked, and when the next one expires. A lot is usable until
// the end of its expiry day in the pharmacy's zone (Zone::end_of_day).
#pragma once

#include <optional>
#include <vector>

#include "core/result.h"
#include "core/stock.h"
#include "core/time.h"

namespace rx {

// The near-expiry list's default horizon, and the longest one it accepts.
inline constexpr int kDefaultNearExpiryDays = 90;
inline constexpr int kMaxNearExpiryDays = 3650;

// Rows with packs on the shelves (not quarantined) whose lot expires on or before
// today + within_days, already expired ones included; by expiry, drug, lot, location.
// Invalid (field "within_days") outside 0..kMaxNearExpiryDays.
Result<std::vector<StockRow>> near_expiry(const std::vector<StockRow>& rows, Date today, int within_days);

// Rows neither quarantined nor blocked whose lot has expired at `now` (now >= end
// of its expiry day), empty ones included: packs of the lot may still be in a
// basket, or come back to the row later. In the order given.
std::vector<StockRow> expired_unblocked(const std::vector<StockRow>& rows, const Zone& zone, Instant now);

// The earliest end of an expiry day among rows (empty ones included) that are
// neither quarantined nor blocked: the instant the next lot must be blocked. It
// may be in the past for a lot that has already expired. nullopt if none.
std::optional<Instant> next_expiry(const std::vector<StockRow>& rows, const Zone& zone);

}  // namespace rx
