// Stocktake (盘点): a count of the packs at a set of locations, by scan,
// against what the ledger says they hold.
//
// Dispensing goes on during a count. So a location's expected stock is the
// ledger's on hand at the moment of the location's last scan, not at the
// count's start, and an approval applies the difference (counted - expected)
// to the stock as it stands then: packs that leave or arrive after the
// location was counted are neither lost nor counted twice.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/stock.h"
#include "core/time.h"

namespace rx {

enum class StocktakeState { kOpen, kApproved };
std::string_view stocktake_state_name(StocktakeState s);

// What one location held when it was counted, and what was found there.
struct LocationCount {
  LocationCode location;
  Instant counted_at{};             // of its last scan
  std::vector<StockRow> expected;   // the ledger's rows there at counted_at
  std::vector<StockRow> counted;    // packs found, per lot
};

struct Stocktake {
  long long id = 0;
  std::vector<LocationCode> scope;  // the locations to count; empty: every location
  Instant started_at{};
  std::string started_by;
  StocktakeState state = StocktakeState::kOpen;
  std::optional<Instant> approved_at;
  std::string approved_by;
  std::vector<LocationCount> counts;  // in the order the locations were first scanned
  std::vector<std::string> serials;   // of the packs scanned, so that no pack counts twice
};

// One scan of a count: `packs` packs of `lot` found at `location`; with no
// lot (an empty drug code) and 0 packs, the location was found empty.
struct CountScan {
  LocationCode location;
  Lot lot;
  int packs = 1;
  std::string serial;  // of the scanned pack, when its code has one
  Instant at{};
};

// The largest number of packs one scan may count.
inline constexpr int kMaxPacksPerScan = 10000;
// The most locations one count may name.
inline constexpr size_t kMaxStocktakeLocations = 5000;

// One line of the discrepancy report.
struct CountLine {
  Lot lot;
  LocationCode location;
  int expected = 0;
  int counted = 0;
  int difference() const { return counted - expected; }

  bool operator==(const CountLine&) const = default;
};

// True if the count covers `location`.
bool in_scope(const Stocktake& count, const LocationCode& location);
// Records a scan. `on_hand` is the ledger's rows at the scan's location now;
// they become the location's expected stock. conflict when the count is
// approved or the pack's serial was already counted; invalid (naming the
// field) for a location outside the scope, a pack count outside 1..10000 (0
// only for an empty location) or an expiry that differs from the lot's
// earlier scans. A refused scan changes nothing.
Status record_scan(Stocktake& count, const CountScan& scan, const std::vector<StockRow>& on_hand);
// Every lot expected or found at each counted location, by location, drug and lot.
std::vector<CountLine> discrepancy_report(const Stocktake& count);
// The scope's locations not counted yet (none when the scope is every location).
std::vector<LocationCode> uncounted_locations(const Stocktake& count);
// Marks the count approved; conflict if it already is.
Status approve_count(Stocktake& count, Instant at, std::string by);

}  // namespace rx
