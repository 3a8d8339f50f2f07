#include "inventory/expiry.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace rx {
namespace {

// Packs a technician could still pick: quarantined rows are already out of use.
bool on_the_shelves(const StockRow& row) { return row.quantity > 0 && !row.quarantined; }

}  // namespace

Result<std::vector<StockRow>> near_expiry(const std::vector<StockRow>& rows, Date today, int within_days) {
  if (within_days < 0 || within_days > kMaxNearExpiryDays) {
    return Status::invalid(
        fmt::format("within_days must be a whole number of days from 0 to {}; got {}", kMaxNearExpiryDays, within_days),
        "within_days");
  }
  Date limit = add_days(today, within_days);
  std::vector<StockRow> out;
  for (const auto& row : rows) {
    if (on_the_shelves(row) && row.lot.expiry <= limit) out.push_back(row);
  }
  std::sort(out.begin(), out.end(), [](const StockRow& a, const StockRow& b) {
    return std::tuple(a.lot.expiry, a.lot.drug.value(), a.lot.lot.value(), a.location.value()) <
           std::tuple(b.lot.expiry, b.lot.drug.value(), b.lot.lot.value(), b.location.value());
  });
  return out;
}

std::vector<StockRow> expired_unblocked(const std::vector<StockRow>& rows, const Zone& zone, Instant now) {
  std::vector<StockRow> out;
  for (const auto& row : rows) {
    if (!row.quarantined && !row.blocked && now >= zone.end_of_day(row.lot.expiry)) out.push_back(row);
  }
  return out;
}

std::optional<Instant> next_expiry(const std::vector<StockRow>& rows, const Zone& zone) {
  std::optional<Instant> next;
  for (const auto& row : rows) {
    if (row.quarantined || row.blocked) continue;
    Instant end = zone.end_of_day(row.lot.expiry);
    if (!next || end < *next) next = end;
  }
  return next;
}

}  // namespace rx
