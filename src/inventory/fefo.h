// First-expiry-first-out allocation of packs across lots and locations.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "core/result.h"
#include "core/stock.h"
#include "core/strong_id.h"
#include "core/time.h"
#include "inventory/stock_ledger.h"

namespace rx {

struct AllocatedPick {
  DrugCode drug;
  LotNo lot;
  Date expiry;
  LocationCode location;
  int packs = 0;

  bool operator==(const AllocatedPick&) const = default;
};

struct Allocation {
  std::vector<AllocatedPick> picks;  // in the order they were chosen
  int short_packs = 0;               // packs asked for that no usable stock could cover

  int allocated_packs() const;
};

// The last day of a course that starts today: today + days - 1, or today when days are unknown.
Date course_end_date(Date today, std::optional<int> days);

// Says whether packs at a location can be picked now (e.g. its device is attached).
using LocationFilter = std::function<bool(const LocationCode&)>;

// Packs of one lot available at one location.
struct LotPlace {
  LocationCode location;
  int available = 0;
};

// Within one lot, how many of `packs` each of `places` (in the default order below) gives; the
// answer is read beside `places`. Counts are clamped to each place's available packs and their sum
// to `packs`; what it leaves short is taken from the lot's places in the default order.
using LotSplit = std::function<std::vector<int>(const std::vector<LotPlace>& places, int packs)>;

// Allocates `packs` of `drug` from the ledger's available packs, earliest expiry first. A lot is
// used only if it is still usable at the end of the course (expiry >= course_end, and never when
// expiry < today); quarantined and blocked rows are never used. Within a lot, channel machine
// locations come first, then the pick robot, then shelves and the fridge; then the location with
// the most available packs; then the location code; `split`, when given, decides instead how a
// lot's packs are shared among its locations. Only locations `usable` accepts are used (all
// when it is empty). What cannot be covered is short_packs. Invalid when packs < 0 or course_end
// is before today.
Result<Allocation> allocate_fefo(const StockLedger& ledger, const DrugCode& drug, int packs, Date today,
                                 Date course_end, const LocationFilter& usable = {}, const LotSplit& split = {});

}  // namespace rx
