// DemandForecast: how many packs leave each location in each local hour of the
// day, from the ledger's dispensed movements. Pure: the movements and `now`
// come in as data.
#pragma once

#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/stock_movement.h"
#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

// The local hour of day (0–23) of an instant in `zone`.
int local_hour(Instant t, const Zone& zone);

class DemandForecast {
 public:
  using Counts = std::array<long long, 24>;  // packs, by local hour of day

  DemandForecast() = default;
  // An empty forecast over the `days` days before `now` (now - days×24 h <=
  // at < now), read by local hour in `zone`; `days` below 1 counts as 1.
  DemandForecast(Instant now, int days, Zone zone);
  // Counts a movement of kind dispensed within the span; others are ignored.
  void add(const StockMovement& m);
  // A forecast over the given movements.
  static DemandForecast from_movements(const std::vector<StockMovement>& movements, Instant now, int days,
                                       const Zone& zone);

  // Expected packs of the drug at the location in local hour `hour` on an
  // average day: the packs counted in that hour, divided by the days (0 for
  // an hour outside 0–23).
  double rate(const DrugCode& drug, const LocationCode& location, int hour) const;
  // The highest of the 24 hourly rates.
  double peak_rate(const DrugCode& drug, const LocationCode& location) const;
  // Expected packs over [from, from + span): each hour's rate, pro rata for
  // the part of the hour the span covers.
  double demand(const DrugCode& drug, const LocationCode& location, Instant from, Duration span) const;

 private:
  using Key = std::pair<std::string, std::string>;  // drug, location
  const Counts* counts_for(const DrugCode& drug, const LocationCode& location) const;

  Instant until_{};
  Instant since_{};
  int days_ = 1;
  Zone zone_ = Zone::utc();
  std::map<Key, Counts> counts_;
};

}  // namespace rx
