// Replenishment: when a machine location needs packs from the reserve store
// (二级库), how many, and from where. Pure: stock, demand and time come in as
// data.
//
// The threshold of a location is the demand expected over the refill lead
// time from now (the coming hours' forecast, pro rata) plus a safety margin:
// the demand of one lead time at the location's busiest hour, and never less
// than `min_safety_packs`, so a location without history still refills before
// it is empty. The threshold is rounded up and capped at the location's
// capacity. A location whose usable packs are at or below its threshold is
// refilled up to its capacity.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/stock.h"
#include "core/strong_id.h"
#include "core/time.h"
#include "inventory/demand_forecast.h"
#include "inventory/stock_ledger.h"
#include "inventory/stock_locations.h"

namespace rx {

struct ReplenishmentSettings {
  int history_days = 28;                          // of dispensed movements the forecast averages
  Duration lead_time = std::chrono::minutes(30);  // for a technician to bring packs from the reserve
  int min_safety_packs = 2;
};

// Invalid, naming the field, unless history_days is 1–366, lead_time is 1 min–24 h
// and min_safety_packs is 0–1000.
Status check_replenishment_settings(const ReplenishmentSettings& settings);

// The parts of a threshold, so that a task can say why it opened.
struct Threshold {
  double lead_demand = 0;  // packs expected over the lead time from now
  double safety = 0;       // packs of margin
  int packs = 0;           // ceil(lead_demand + safety), capped at capacity
};

// The threshold of the drug's location at `now`, for a location holding `capacity` packs.
Threshold replenish_threshold(const DemandForecast& forecast, const DrugCode& drug, const LocationCode& location,
                              int capacity, Instant now, const ReplenishmentSettings& settings);

// One machine location's stock of one drug.
struct LocationFill {
  LocationCode location;
  DrugCode drug;
  int usable = 0;    // packs no plan holds, of lots neither quarantined, blocked nor expired
  // Packs no plan holds, whatever their state: they stay and take room (the
  // held ones are on their way out).
  int staying = 0;
};

// The stock of each machine location (location_device() not 0) for each drug
// it holds, by location and drug; a location emptied to 0 packs is still listed.
std::vector<LocationFill> machine_location_fills(const StockLedger& ledger, Date today);
// The same for one location.
std::vector<LocationFill> location_fills(const StockLedger& ledger, const LocationCode& location, Date today);

// Where replenishment packs of a drug come from.
struct ReserveSource {
  LocationCode from;
  Lot lot;
  int packs = 0;  // available there
};

// The reserve-store row of the drug to take from: the earliest-expiring lot
// that is neither expired, quarantined nor blocked and has packs no plan holds;
// among its locations the one with most packs, then the lowest code. nullopt
// when the reserve holds none.
std::optional<ReserveSource> reserve_source(const StockLedger& ledger, const DrugCode& drug, Date today);

// What a location below its threshold needs.
struct ReplenishNeed {
  LocationFill stock;
  Threshold threshold;
  int capacity = 0;
  int wanted = 0;                        // capacity - staying packs
  std::optional<ReserveSource> source;   // nullopt: the reserve holds none
  int quantity = 0;                      // wanted, bounded by the source's packs when there is one
  std::string reason;                    // for the task: the figures behind it
};

// The need of a location, or nullopt when its usable packs are above the
// threshold or it has no room for a single pack.
std::optional<ReplenishNeed> replenish_need(const LocationFill& stock, int capacity, const DemandForecast& forecast,
                                            const std::optional<ReserveSource>& source, Instant now,
                                            const ReplenishmentSettings& settings);

}  // namespace rx
