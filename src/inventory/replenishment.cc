#include "inventory/replenishment.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace rx {
namespace {

// Forecasts are sums of fractions; a threshold of 4.0000000001 packs is 4.
constexpr double kRoundingSlack = 1e-9;

bool usable_row(const StockProjection& p, Date today) {
  return !p.row.quarantined && !p.row.blocked && p.row.lot.expiry >= today;
}

void add_row(std::map<std::pair<std::string, std::string>, LocationFill>& by_key, const StockProjection& p,
             Date today) {
  LocationFill& s = by_key[{p.row.location.value(), p.row.lot.drug.value()}];
  s.location = p.row.location;
  s.drug = p.row.lot.drug;
  const int free = std::max(available(p), 0);
  s.staying += free;
  if (usable_row(p, today)) s.usable += free;
}

std::vector<LocationFill> values(std::map<std::pair<std::string, std::string>, LocationFill>& by_key) {
  std::vector<LocationFill> out;
  out.reserve(by_key.size());
  for (auto& [key, s] : by_key) out.push_back(std::move(s));
  return out;
}

}  // namespace

Status check_replenishment_settings(const ReplenishmentSettings& s) {
  if (s.history_days < 1 || s.history_days > 366) {
    return Status::invalid(fmt::format("expected 1 to 366 days of history, found {}", s.history_days),
                           "history_days");
  }
  if (s.lead_time < std::chrono::minutes(1) || s.lead_time > std::chrono::hours(24)) {
    return Status::invalid(
        fmt::format("expected a lead time of 1 min to 24 h, found {} ms", s.lead_time.count()), "lead_time");
  }
  if (s.min_safety_packs < 0 || s.min_safety_packs > 1000) {
    return Status::invalid(fmt::format("expected 0 to 1000 safety packs, found {}", s.min_safety_packs),
                           "min_safety_packs");
  }
  return Status();
}

Threshold replenish_threshold(const DemandForecast& forecast, const DrugCode& drug, const LocationCode& location,
                              int capacity, Instant now, const ReplenishmentSettings& settings) {
  Threshold t;
  const double lead_hours = std::chrono::duration<double, std::ratio<3600>>(settings.lead_time).count();
  t.lead_demand = forecast.demand(drug, location, now, settings.lead_time);
  t.safety = std::max(static_cast<double>(settings.min_safety_packs), forecast.peak_rate(drug, location) * lead_hours);
  const int packs = static_cast<int>(std::ceil(t.lead_demand + t.safety - kRoundingSlack));
  t.packs = std::clamp(packs, 0, std::max(capacity, 0));
  return t;
}

std::vector<LocationFill> machine_location_fills(const StockLedger& ledger, Date today) {
  std::map<std::pair<std::string, std::string>, LocationFill> by_key;
  for (const auto& p : ledger.rows()) {
    if (location_device(p.row.location) != 0) add_row(by_key, p, today);
  }
  return values(by_key);
}

std::vector<LocationFill> location_fills(const StockLedger& ledger, const LocationCode& location, Date today) {
  std::map<std::pair<std::string, std::string>, LocationFill> by_key;
  for (const auto& p : ledger.rows_at(location)) add_row(by_key, p, today);
  return values(by_key);
}

std::optional<ReserveSource> reserve_source(const StockLedger& ledger, const DrugCode& drug, Date today) {
  std::optional<ReserveSource> best;
  // The rows in place: a copy of each would cost more than the check itself.
  for (const StockProjection* row : ledger.rows_of(drug)) {
    const StockProjection& p = *row;
    if (!is_reserve_location(p.row.location) || !usable_row(p, today) || available(p) <= 0) continue;
    ReserveSource candidate{p.row.location, p.row.lot, available(p)};
    auto rank = [](const ReserveSource& s) {
      return std::make_tuple(s.lot.expiry, std::cref(s.lot.lot.value()), -s.packs, std::cref(s.from.value()));
    };
    if (!best || rank(candidate) < rank(*best)) best = std::move(candidate);
  }
  return best;
}

std::optional<ReplenishNeed> replenish_need(const LocationFill& stock, int capacity, const DemandForecast& forecast,
                                            const std::optional<ReserveSource>& source, Instant now,
                                            const ReplenishmentSettings& settings) {
  ReplenishNeed need;
  need.stock = stock;
  need.capacity = capacity;
  need.threshold = replenish_threshold(forecast, stock.drug, stock.location, capacity, now, settings);
  need.wanted = capacity - stock.staying;
  if (stock.usable > need.threshold.packs || need.wanted <= 0) return std::nullopt;
  need.source = source;
  need.quantity = source ? std::min(need.wanted, source->packs) : need.wanted;
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(settings.lead_time).count();
  need.reason = fmt::format("below threshold: {} usable packs, threshold {} ({:.1f} expected in {} min + {:.1f} safety)",
                            stock.usable, need.threshold.packs, need.threshold.lead_demand, minutes,
                            need.threshold.safety);
  if (!source) need.reason += "; reserve empty";
  return need;
}

}  // namespace rx
