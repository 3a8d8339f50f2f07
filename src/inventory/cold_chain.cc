#include "inventory/cold_chain.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

namespace rx {

bool ColdZone::holds(const LocationCode& location) const {
  return std::any_of(location_prefixes.begin(), location_prefixes.end(),
                     [&](const std::string& p) { return location.value().starts_with(p); });
}

std::vector<ColdZone> default_cold_zones() {
  // 0 °C as the cool storage's floor: its syrups and tinctures must not freeze.
  return {ColdZone{"fridge", 2, 8, {"F-"}, Storage::kCold}, ColdZone{"cool", 0, 20, {"S-01-"}, Storage::kCool}};
}

Status validate_cold_chain_config(const ColdChainConfig& config) {
  std::set<std::string> names;
  for (size_t i = 0; i < config.zones.size(); ++i) {
    const ColdZone& z = config.zones[i];
    std::string field = fmt::format("cold_chain.zones[{}]", i);
    if (z.name.empty()) return Status::invalid("a zone needs a name", field + ".name");
    if (!names.insert(z.name).second) {
      return Status::invalid(fmt::format("the zone '{}' is named twice", z.name), field + ".name");
    }
    if (!std::isfinite(z.min_celsius) || !std::isfinite(z.max_celsius) || z.min_celsius >= z.max_celsius) {
      return Status::invalid(
          fmt::format("expected min_celsius below max_celsius, found {} and {}", z.min_celsius, z.max_celsius),
          field + ".min_celsius");
    }
    if (z.location_prefixes.empty() ||
        std::any_of(z.location_prefixes.begin(), z.location_prefixes.end(), [](auto& p) { return p.empty(); })) {
      return Status::invalid("expected at least one location prefix, none of them empty", field + ".locations");
    }
  }
  for (const auto& [sensor, zone] : config.sensors) {
    if (!names.count(zone)) {
      return Status::invalid(fmt::format("the sensor '{}' names the zone '{}', which is not configured", sensor, zone),
                             "cold_chain.sensors." + sensor);
    }
  }
  if (config.silence_limit <= Duration::zero() || config.log_interval < Duration::zero()) {
    return Status::invalid("expected a positive silence limit and a log interval of 0 or more",
                           "cold_chain.silence_minutes");
  }
  return Status();
}

std::string_view excursion_kind_name(ExcursionKind k) {
  switch (k) {
    case ExcursionKind::kHigh: return "high";
    case ExcursionKind::kLow: return "low";
    case ExcursionKind::kSilent: return "silent";
  }
  return "high";
}

std::optional<ExcursionKind> parse_excursion_kind(std::string_view name) {
  for (ExcursionKind k : {ExcursionKind::kHigh, ExcursionKind::kLow, ExcursionKind::kSilent}) {
    if (excursion_kind_name(k) == name) return k;
  }
  return std::nullopt;
}

namespace {

bool valid_sensor_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

std::optional<ExcursionKind> out_of_range(const ColdZone& z, double celsius) {
  if (celsius > z.max_celsius) return ExcursionKind::kHigh;
  if (celsius < z.min_celsius) return ExcursionKind::kLow;
  return std::nullopt;
}

}  // namespace

ColdChainMonitor::ColdChainMonitor(ColdChainConfig config) : config_(std::move(config)) {}

const ColdZone* ColdChainMonitor::zone(std::string_view name) const {
  for (const auto& z : config_.zones) {
    if (z.name == name) return &z;
  }
  return nullptr;
}

const Excursion* ColdChainMonitor::find(long long id) const {
  auto it = excursions_.find(id);
  return it == excursions_.end() ? nullptr : &it->second;
}

Excursion& ColdChainMonitor::open_excursion(SensorState& s, ExcursionKind kind, Instant at, double celsius) {
  Excursion e;
  e.id = next_id_++;
  e.sensor = s.sensor;
  e.zone = s.zone;
  e.kind = kind;
  e.started_at = at;
  e.extreme_celsius = celsius;
  e.readings = kind == ExcursionKind::kSilent ? 0 : 1;
  s.open_excursion = e.id;
  return excursions_[e.id] = std::move(e);
}

Result<ReadingOutcome> ColdChainMonitor::record(const TemperatureReading& r, Instant now) {
  if (!valid_sensor_id(r.sensor)) {
    return Status::invalid(
        fmt::format("expected a sensor id of 1 to 64 letters, digits, '-', '_' or '.', found '{}'", r.sensor),
        "sensor");
  }
  if (!std::isfinite(r.celsius) || r.celsius < kLowestCelsius || r.celsius > kHighestCelsius) {
    return Status::invalid(fmt::format("expected a temperature from {} to {} °C, found {}; check the sensor",
                                       kLowestCelsius, kHighestCelsius, r.celsius),
                           "celsius");
  }
  if (r.at > now + kFutureTolerance) {
    return Status::invalid(fmt::format("the reading's time {} is after the pharmacy's clock ({})", format_instant(r.at),
                                       format_instant(now)),
                           "at");
  }
  auto known = sensors_.find(r.sensor);
  std::string zone_name = r.zone;
  if (known != sensors_.end()) {
    if (!zone_name.empty() && zone_name != known->second.zone) {
      return Status::invalid(
          fmt::format("the sensor '{}' is in the zone '{}', not '{}'", r.sensor, known->second.zone, zone_name),
          "zone");
    }
    if (r.at <= known->second.last_at) {
      return Status::conflict(fmt::format("the sensor '{}' already has a reading at {}, later than or at {}", r.sensor,
                                          format_instant(known->second.last_at), format_instant(r.at)));
    }
    zone_name = known->second.zone;
  } else {
    auto configured = config_.sensors.find(r.sensor);
    if (configured != config_.sensors.end()) {
      if (!zone_name.empty() && zone_name != configured->second) {
        return Status::invalid(fmt::format("the sensor '{}' is configured in the zone '{}', not '{}'", r.sensor,
                                           configured->second, zone_name),
                               "zone");
      }
      zone_name = configured->second;
    }
    if (zone_name.empty()) {
      return Status::invalid(fmt::format("the sensor '{}' is new: name its zone", r.sensor), "zone");
    }
    if (sensors_.size() >= kMaxSensors) {
      return Status::invalid(fmt::format("at most {} sensors are kept; '{}' would be one more", kMaxSensors, r.sensor),
                             "sensor");
    }
  }
  const ColdZone* z = zone(zone_name);
  if (!z) {
    std::string names;
    for (const auto& each : config_.zones) names += (names.empty() ? "" : ", ") + each.name;
    return Status::invalid(fmt::format("expected one of the zones {}, found '{}'", names, zone_name), "zone");
  }

  bool is_new = known == sensors_.end();
  SensorState& s = sensors_[r.sensor];
  if (is_new) {
    s.sensor = r.sensor;
    s.zone = zone_name;
  }
  ReadingOutcome out;
  std::optional<ExcursionKind> now_out = out_of_range(*z, r.celsius);
  if (s.open_excursion) {
    Excursion& e = excursions_.at(*s.open_excursion);
    if (now_out && *now_out == e.kind) {
      ++e.readings;
      e.extreme_celsius = e.kind == ExcursionKind::kHigh ? std::max(e.extreme_celsius, r.celsius)
                                                         : std::min(e.extreme_celsius, r.celsius);
      out.continued = e;
    } else {
      e.ended_at = r.at;
      out.closed = e;
      s.open_excursion.reset();
    }
  }
  if (now_out && !s.open_excursion) out.opened = open_excursion(s, *now_out, r.at, r.celsius);

  out.log = is_new || now_out || out.closed || r.at - s.last_logged_at >= config_.log_interval;
  s.last_at = r.at;
  s.last_celsius = r.celsius;
  if (out.log) s.last_logged_at = r.at;
  return out;
}

std::vector<Excursion> ColdChainMonitor::check_silence(Instant now) {
  std::vector<Excursion> opened;
  for (auto& [id, s] : sensors_) {
    if (s.open_excursion || now - s.last_at < config_.silence_limit) continue;
    opened.push_back(open_excursion(s, ExcursionKind::kSilent, s.last_at, s.last_celsius));
  }
  return opened;
}

std::optional<Instant> ColdChainMonitor::next_silence_due() const {
  std::optional<Instant> due;
  for (const auto& [id, s] : sensors_) {
    if (s.open_excursion) continue;
    Instant at = s.last_at + config_.silence_limit;
    if (!due || at < *due) due = at;
  }
  return due;
}

Result<Excursion> ColdChainMonitor::decide(long long excursion_id, ExposureDecision decision) {
  auto it = excursions_.find(excursion_id);
  if (it == excursions_.end()) return Status::not_found(fmt::format("there is no excursion {}", excursion_id));
  Excursion& e = it->second;
  for (const auto& d : e.decisions) {
    if (d.drug == decision.drug && d.lot == decision.lot) {
      return Status::conflict(fmt::format("the lot {} of {} is already {} for excursion {}, by {}", d.lot.value(),
                                          d.drug.value(), d.quarantine ? "quarantined" : "released", e.id, d.by));
    }
  }
  e.decisions.push_back(std::move(decision));
  return e;
}

Status ColdChainMonitor::restore(SensorState sensor) {
  if (!zone(sensor.zone)) {
    return Status::invalid(
        fmt::format("the stored sensor '{}' names the zone '{}', which is not configured", sensor.sensor, sensor.zone),
        "zone");
  }
  if (sensors_.count(sensor.sensor)) return Status::conflict("the sensor '" + sensor.sensor + "' is restored twice");
  std::string id = sensor.sensor;
  sensors_[id] = std::move(sensor);
  return Status();
}

Status ColdChainMonitor::restore(Excursion excursion) {
  if (!zone(excursion.zone)) {
    return Status::invalid(fmt::format("the stored excursion {} names the zone '{}', which is not configured",
                                       excursion.id, excursion.zone),
                           "zone");
  }
  if (excursion.id <= 0 || excursions_.count(excursion.id)) {
    return Status::conflict(fmt::format("the excursion {} is restored twice or has no id", excursion.id));
  }
  next_id_ = std::max(next_id_, excursion.id + 1);
  long long id = excursion.id;
  excursions_[id] = std::move(excursion);
  return Status();
}

std::vector<ExposedLot> exposed_lots(const ColdZone& zone, const std::vector<LotBalance>& at_start,
                                     const std::vector<StockMovement>& during) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, ExposedLot> most;
  auto note = [&](const Lot& lot, const LocationCode& location, int packs) {
    if (!zone.holds(location)) return;
    auto [it, added] =
        most.try_emplace(Key{lot.drug.value(), lot.lot.value(), location.value()}, ExposedLot{lot, location, packs});
    it->second.packs = std::max(it->second.packs, packs);
  };
  for (const auto& b : at_start) note(b.lot, b.location, b.packs);
  for (const auto& m : during) note(m.lot, m.location, m.on_hand);
  std::vector<ExposedLot> out;
  for (auto& [key, e] : most) {
    if (e.packs > 0) out.push_back(std::move(e));
  }
  return out;
}

std::vector<StockRow> unmonitored_stock(const std::vector<ColdZone>& zones, const std::vector<StockRow>& rows,
                                        const Formulary& formulary) {
  std::vector<StockRow> out;
  for (const auto& row : rows) {
    const Drug* d = formulary.find(row.lot.drug);
    if (!d || row.quantity <= 0) continue;
    bool has_zone = false;
    bool watched = false;
    for (const auto& z : zones) {
      if (z.storage != d->storage) continue;
      has_zone = true;
      watched = watched || z.holds(row.location);
    }
    if (has_zone && !watched) out.push_back(row);
  }
  return out;
}

}  // namespace rx
