// Cold chain: temperature readings of the storage zones (the fridge, 2–8 °C,
// and the cool storage 阴凉, at most 20 °C), the excursions they show (too
// warm, too cold, or a sensor silent too long), and the lots that were on hand
// in a zone while an excursion lasted, for the pharmacist's decision.
// Pure: no I/O, and time is an argument.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/drug.h"
#include "core/result.h"
#include "core/stock.h"
#include "core/stock_movement.h"
#include "core/time.h"

namespace rx {

// A storage zone and the temperature it must keep.
struct ColdZone {
  std::string name;  // "fridge", "cool"
  double min_celsius = 2;
  double max_celsius = 8;
  // A location is in the zone when its code starts with one of these.
  std::vector<std::string> location_prefixes;
  // The formulary storage class whose drugs belong in this zone.
  Storage storage = Storage::kCold;

  // True if the location's code starts with one of the zone's prefixes.
  bool holds(const LocationCode& location) const;
  // True if `celsius` is within [min_celsius, max_celsius].
  bool in_range(double celsius) const { return celsius >= min_celsius && celsius <= max_celsius; }
};

// The fridge (locations "F-", 2–8 °C, for cold drugs) and the cool storage
// (the smart shelf's rack 01, "S-01-", where the shipped stock keeps its cool
// drugs; 0–20 °C).
std::vector<ColdZone> default_cold_zones();

struct ColdChainConfig {
  std::vector<ColdZone> zones = default_cold_zones();
  // Sensors known before their first reading: sensor id -> zone name. Other
  // sensors name their zone with their first reading.
  std::map<std::string, std::string> sensors;
  // A sensor not heard from for this long opens a silent excursion.
  Duration silence_limit{15 * 60 * 1000};
  // An in-range reading is logged durably at most this often per sensor; out
  // of range readings, and those that change a state, always are.
  Duration log_interval{5 * 60 * 1000};
};

// Checks the zones (names unique and not empty, min < max, at least one
// prefix each) and that every configured sensor names a zone.
Status validate_cold_chain_config(const ColdChainConfig& config);

struct TemperatureReading {
  std::string sensor;
  std::string zone;  // empty: the zone the sensor is already known in
  Instant at{};
  double celsius = 0;
};

enum class ExcursionKind { kHigh, kLow, kSilent };
std::string_view excursion_kind_name(ExcursionKind k);  // "high", "low", "silent"
// nullopt for an unknown name.
std::optional<ExcursionKind> parse_excursion_kind(std::string_view name);

// The pharmacist's decision on one exposed lot.
struct ExposureDecision {
  DrugCode drug;
  LotNo lot;
  bool quarantine = false;  // false: released back to use
  std::string reason;
  std::string by;  // actor label
  Instant at{};

  bool operator==(const ExposureDecision&) const = default;
};

// A time one sensor's zone was out of its range, or not watched.
struct Excursion {
  long long id = 0;  // 1, 2, 3 … in the order they opened
  std::string sensor;
  std::string zone;
  ExcursionKind kind = ExcursionKind::kHigh;
  // The first reading out of range; for a silent sensor, its last reading.
  Instant started_at{};
  // The first reading back in range (for a silent sensor, any reading).
  std::optional<Instant> ended_at;
  // The warmest reading of a high excursion, the coldest of a low one; the
  // last reading before a silence.
  double extreme_celsius = 0;
  int readings = 0;  // readings out of range while it lasted
  std::vector<ExposureDecision> decisions;

  bool open() const { return !ended_at.has_value(); }
  bool operator==(const Excursion&) const = default;
};

// What is known of one sensor.
struct SensorState {
  std::string sensor;
  std::string zone;
  Instant last_at{};
  double last_celsius = 0;
  Instant last_logged_at{};  // of its last reading logged durably
  std::optional<long long> open_excursion;

  bool operator==(const SensorState&) const = default;
};

// What one reading changed.
struct ReadingOutcome {
  bool log = false;                    // log this reading durably
  std::optional<Excursion> closed;     // as it ended
  std::optional<Excursion> opened;     // as it began
  std::optional<Excursion> continued;  // the open one, with this reading counted
};

// The readings so far, per sensor, and every excursion.
class ColdChainMonitor {
 public:
  // Sensors at most; the next new one is refused.
  static constexpr size_t kMaxSensors = 64;
  // Readings outside this range are a broken sensor, not a temperature.
  static constexpr double kLowestCelsius = -40;
  static constexpr double kHighestCelsius = 70;
  // How far ahead of `now` a reading's time may be (clocks drift).
  static constexpr Duration kFutureTolerance{60 * 1000};

  // `config` must pass validate_cold_chain_config.
  explicit ColdChainMonitor(ColdChainConfig config);

  // Records the reading; refused, changing nothing, for a bad sensor id, an
  // unknown zone or one other than the sensor's, an implausible temperature,
  // a time not after the sensor's last reading or more than a minute after
  // `now`, or a new sensor past kMaxSensors.
  Result<ReadingOutcome> record(const TemperatureReading& reading, Instant now);
  // Opens a silent excursion for every sensor without an open excursion whose
  // last reading is at least the silence limit before `now`; returns them.
  std::vector<Excursion> check_silence(Instant now);
  // The earliest time check_silence could open an excursion, or none.
  std::optional<Instant> next_silence_due() const;
  // Adds the pharmacist's decision on a lot to an excursion: not_found for an
  // unknown excursion, conflict if the lot is already decided there.
  Result<Excursion> decide(long long excursion_id, ExposureDecision decision);

  // Restore stored state at start-up; refused for an unknown zone or a
  // repeated id.
  Status restore(SensorState sensor);
  Status restore(Excursion excursion);

  const ColdZone* zone(std::string_view name) const;
  const std::vector<ColdZone>& zones() const { return config_.zones; }
  const ColdChainConfig& config() const { return config_; }
  const std::map<std::string, SensorState>& sensors() const { return sensors_; }
  // By id, open and closed.
  const std::map<long long, Excursion>& excursions() const { return excursions_; }
  const Excursion* find(long long id) const;

 private:
  Excursion& open_excursion(SensorState& s, ExcursionKind kind, Instant at, double celsius);

  ColdChainConfig config_;
  std::map<std::string, SensorState> sensors_;
  std::map<long long, Excursion> excursions_;
  long long next_id_ = 1;
};

// Packs of a lot at a location at some moment.
struct LotBalance {
  Lot lot;
  LocationCode location;
  int packs = 0;
};

// A lot on hand at one of the zone's locations while an excursion lasted.
struct ExposedLot {
  Lot lot;
  LocationCode location;
  int packs = 0;  // the most packs there at any moment of the excursion
};

// The lots on hand at the zone's locations at some moment of an excursion:
// `at_start` the balances when it began, `during` the ledger's movements while
// it lasted (oldest first). Rows outside the zone are ignored. By drug, lot
// and location.
std::vector<ExposedLot> exposed_lots(const ColdZone& zone, const std::vector<LotBalance>& at_start,
                                     const std::vector<StockMovement>& during);

// Stock rows of drugs whose storage class has a zone, at a location in none of
// that class's zones: packs no sensor watches. Rows of unknown drugs and of
// classes without a zone are not listed.
std::vector<StockRow> unmonitored_stock(const std::vector<ColdZone>& zones, const std::vector<StockRow>& rows,
                                        const Formulary& formulary);

}  // namespace rx
