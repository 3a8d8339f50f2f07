#include "inventory/demand_forecast.h"

#include <algorithm>
#include <chrono>

namespace rx {
namespace {

constexpr Duration kHour = std::chrono::hours(1);

}  // namespace

int local_hour(Instant t, const Zone& zone) {
  const Instant local = t + std::chrono::duration_cast<Duration>(zone.offset());
  const Duration into_day = local - std::chrono::floor<std::chrono::days>(local);
  return static_cast<int>(into_day / kHour);
}

DemandForecast::DemandForecast(Instant now, int days, Zone zone)
    : until_(now),
      since_(now - std::chrono::duration_cast<Duration>(std::chrono::days(std::max(days, 1)))),
      days_(std::max(days, 1)),
      zone_(std::move(zone)) {}

void DemandForecast::add(const StockMovement& m) {
  if (m.kind != MovementKind::kDispensed || m.at < since_ || m.at >= until_) return;
  Counts& counts = counts_.try_emplace(Key{m.lot.drug.value(), m.location.value()}, Counts{}).first->second;
  // A dispensed movement's delta is negative: packs out of the location.
  counts[static_cast<size_t>(local_hour(m.at, zone_))] += -m.delta;
}

DemandForecast DemandForecast::from_movements(const std::vector<StockMovement>& movements, Instant now, int days,
                                              const Zone& zone) {
  DemandForecast forecast(now, days, zone);
  for (const auto& m : movements) forecast.add(m);
  return forecast;
}

const DemandForecast::Counts* DemandForecast::counts_for(const DrugCode& drug, const LocationCode& location) const {
  auto it = counts_.find(Key{drug.value(), location.value()});
  return it == counts_.end() ? nullptr : &it->second;
}

double DemandForecast::rate(const DrugCode& drug, const LocationCode& location, int hour) const {
  const Counts* counts = counts_for(drug, location);
  if (counts == nullptr || hour < 0 || hour > 23) return 0.0;
  return static_cast<double>((*counts)[static_cast<size_t>(hour)]) / days_;
}

double DemandForecast::peak_rate(const DrugCode& drug, const LocationCode& location) const {
  const Counts* counts = counts_for(drug, location);
  if (counts == nullptr) return 0.0;
  return static_cast<double>(*std::max_element(counts->begin(), counts->end())) / days_;
}

double DemandForecast::demand(const DrugCode& drug, const LocationCode& location, Instant from,
                              Duration span) const {
  const Counts* counts = counts_for(drug, location);
  if (counts == nullptr || span <= Duration::zero()) return 0.0;
  const Duration offset = std::chrono::duration_cast<Duration>(zone_.offset());
  double total = 0.0;
  Instant t = from;
  const Instant until = from + span;
  while (t < until) {
    const Instant hour_end = std::chrono::floor<std::chrono::hours>(t + offset) + kHour - offset;
    const Instant piece_end = std::min(hour_end, until);
    const double fraction = std::chrono::duration<double>(piece_end - t) / std::chrono::duration<double>(kHour);
    total += rate(drug, location, local_hour(t, zone_)) * fraction;
    t = piece_end;
  }
  return total;
}

}  // namespace rx
