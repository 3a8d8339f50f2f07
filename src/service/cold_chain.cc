// The cold chain: temperature readings of the fridge and the cool storage,
// their excursions, and the pharmacist's decision on the lots exposed.
//
// What is stored: each sensor's state as meta "cold:sensor:<id>", each
// excursion as meta "cold:excursion:<id>" (with its decisions), and a reading
// as the event "temperature.reading" only when it is the sensor's first, out
// of range, ends an excursion, or comes log_interval after the last one logged:
// a sensor polled every few seconds then costs one row per five minutes while
// all is well, and every reading of an excursion is kept as evidence.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "service/pharmacy_impl.h"

namespace rx {
namespace {

using nlohmann::json;

constexpr std::string_view kSensorPrefix = "cold:sensor:";
constexpr std::string_view kExcursionPrefix = "cold:excursion:";
constexpr size_t kMaxReasonBytes = 500;
constexpr size_t kAlertsShown = 20;

std::string excursion_key(long long id) { return fmt::format("{}{:010}", kExcursionPrefix, id); }

json instant_or_null(const std::optional<Instant>& t, const Zone& zone) {
  return t ? json(format_local(*t, zone)) : json();
}

// The stored form is UTC; the API shows local times.
json stored_excursion(const Excursion& e) {
  json decisions = json::array();
  for (const auto& d : e.decisions) {
    decisions.push_back({{"drug", d.drug.value()},
                         {"lot", d.lot.value()},
                         {"quarantine", d.quarantine},
                         {"reason", d.reason},
                         {"by", d.by},
                         {"at", format_instant(d.at)}});
  }
  return {{"sensor", e.sensor},
          {"zone", e.zone},
          {"kind", excursion_kind_name(e.kind)},
          {"started_at", format_instant(e.started_at)},
          {"ended_at", e.ended_at ? json(format_instant(*e.ended_at)) : json()},
          {"extreme_celsius", e.extreme_celsius},
          {"readings", e.readings},
          {"decisions", decisions}};
}

json stored_sensor(const SensorState& s) {
  return {{"zone", s.zone},
          {"last_at", format_instant(s.last_at)},
          {"last_celsius", s.last_celsius},
          {"last_logged_at", format_instant(s.last_logged_at)},
          {"open_excursion", s.open_excursion ? json(*s.open_excursion) : json()}};
}

// Reads a stored time; throws nlohmann's type_error for a non-string, which
// the caller turns into a Status.
Instant stored_instant(const json& v) {
  auto t = parse_instant(v.get<std::string>(), Zone::utc());
  if (!t.ok()) throw std::invalid_argument(t.status().message());
  return *t;
}

Result<Excursion> parse_stored_excursion(const std::string& key, const std::string& value) {
  try {
    json doc = json::parse(value);
    Excursion e;
    e.id = std::stoll(key.substr(kExcursionPrefix.size()));
    e.sensor = doc.at("sensor").get<std::string>();
    e.zone = doc.at("zone").get<std::string>();
    auto kind = parse_excursion_kind(doc.at("kind").get<std::string>());
    if (!kind) throw std::invalid_argument("unknown kind");
    e.kind = *kind;
    e.started_at = stored_instant(doc.at("started_at"));
    if (!doc.at("ended_at").is_null()) e.ended_at = stored_instant(doc.at("ended_at"));
    e.extreme_celsius = doc.at("extreme_celsius").get<double>();
    e.readings = doc.at("readings").get<int>();
    for (const auto& d : doc.at("decisions")) {
      e.decisions.push_back(ExposureDecision{DrugCode(d.at("drug").get<std::string>()),
                                             LotNo(d.at("lot").get<std::string>()), d.at("quarantine").get<bool>(),
                                             d.at("reason").get<std::string>(), d.at("by").get<std::string>(),
                                             stored_instant(d.at("at"))});
    }
    return e;
  } catch (const std::exception& ex) {
    return Status::internal(fmt::format("stored {} is not an excursion: {}", key, ex.what()));
  }
}

Result<SensorState> parse_stored_sensor(const std::string& key, const std::string& value) {
  try {
    json doc = json::parse(value);
    SensorState s;
    s.sensor = key.substr(kSensorPrefix.size());
    s.zone = doc.at("zone").get<std::string>();
    s.last_at = stored_instant(doc.at("last_at"));
    s.last_celsius = doc.at("last_celsius").get<double>();
    s.last_logged_at = stored_instant(doc.at("last_logged_at"));
    if (!doc.at("open_excursion").is_null()) s.open_excursion = doc.at("open_excursion").get<long long>();
    return s;
  } catch (const std::exception& ex) {
    return Status::internal(fmt::format("stored {} is not a sensor: {}", key, ex.what()));
  }
}

}  // namespace

Status Pharmacy::Impl::reset_cold_chain() {
  TRY(validate_cold_chain_config(config_.cold_chain));
  cold_chain_ = ColdChainMonitor(config_.cold_chain);
  silence_timer_at_.reset();
  ++silence_timer_gen_;
  return Status();
}

bool Pharmacy::Impl::is_cold_chain_row(const MetaRow& row) {
  return row.key.starts_with(kSensorPrefix) || row.key.starts_with(kExcursionPrefix);
}

Status Pharmacy::Impl::load_cold_chain(const MetaRow& row) {
  if (row.key.starts_with(kExcursionPrefix)) {
    Excursion e = TRY(parse_stored_excursion(row.key, row.value));
    return cold_chain_.restore(std::move(e));
  }
  SensorState s = TRY(parse_stored_sensor(row.key, row.value));
  TRY(cold_chain_.restore(std::move(s)));
  arm_silence_timer();
  return Status();
}

json Pharmacy::Impl::excursion_json(const Excursion& e) const {
  json j = stored_excursion(e);
  j["id"] = e.id;
  j["open"] = e.open();
  j["started_at"] = format_local(e.started_at, config_.zone);
  j["ended_at"] = instant_or_null(e.ended_at, config_.zone);
  if (const ColdZone* z = cold_chain_.zone(e.zone)) {
    j["min_celsius"] = z->min_celsius;
    j["max_celsius"] = z->max_celsius;
  }
  for (size_t i = 0; i < e.decisions.size(); ++i) {
    j["decisions"][i]["at"] = format_local(e.decisions[i].at, config_.zone);
    j["decisions"][i]["decision"] = e.decisions[i].quarantine ? "quarantine" : "release";
    j["decisions"][i].erase("quarantine");
  }
  return j;
}

void Pharmacy::Impl::record_excursion(const Excursion& e, std::string_view what, const Actor& actor) {
  set_meta(excursion_key(e.id), stored_excursion(e).dump());
  json data = excursion_json(e);
  data["alert"] = what;
  emit(fmt::format("temperature.excursion_{}", what), actor, std::nullopt, data);
  if (what == "opened") {
    spdlog::warn("cold chain: {} excursion {} in {} (sensor {}, {} °C)", excursion_kind_name(e.kind), e.id, e.zone,
                 e.sensor, e.extreme_celsius);
  }
  after_commit([this, data] {
    Notice n{"alert", std::nullopt, data};
    auto subs = subscribers_;  // a subscriber may unsubscribe while being told
    for (auto& [h, fn] : subs) fn(n);
  });
}

void Pharmacy::Impl::arm_silence_timer() {
  std::optional<Instant> due = cold_chain_.next_silence_due();
  if (!due || (silence_timer_at_ && *silence_timer_at_ <= *due)) return;
  silence_timer_at_ = due;
  uint64_t gen = ++silence_timer_gen_;
  sched_.schedule_at(*due, [this, gen] {
    if (gen != silence_timer_gen_) return;
    silence_timer_at_.reset();
    check_sensor_silence();
  });
}

void Pharmacy::Impl::check_sensor_silence() {
  static const Actor kSystem{"system", "cold-chain"};
  for (const Excursion& e : cold_chain_.check_silence(sched_.now())) {
    const SensorState& s = cold_chain_.sensors().at(e.sensor);
    set_meta(std::string(kSensorPrefix) + s.sensor, stored_sensor(s).dump());
    record_excursion(e, "opened", kSystem);
  }
  arm_silence_timer();
}

Result<std::vector<ExposedLot>> Pharmacy::Impl::exposed_during(const Excursion& e) const {
  const ColdZone* zone = cold_chain_.zone(e.zone);
  if (!zone) return Status::internal(fmt::format("excursion {} names the unknown zone '{}'", e.id, e.zone));
  Instant until = e.ended_at.value_or(sched_.now());
  // Every (lot, location) of the zone that had packs since the excursion began:
  // those on the shelves now, and those the ledger saw move since.
  std::map<StockKey, Lot> candidates;
  for (const StockProjection& p : ledger_.rows()) {
    if (zone->holds(p.row.location)) {
      candidates.emplace(StockKey{p.row.lot.drug.value(), p.row.lot.lot.value(), p.row.location.value()}, p.row.lot);
    }
  }
  std::vector<StockMovement> during;
  MovementQuery q;
  q.from = e.started_at;
  q.limit = 100'000;
  for (;;) {
    auto page = TRY(store_.movements(q));
    for (auto& m : page) {
      if (!zone->holds(m.location)) continue;
      candidates.emplace(StockKey{m.lot.drug.value(), m.lot.lot.value(), m.location.value()}, m.lot);
      if (m.at <= until) during.push_back(std::move(m));
    }
    if (page.size() < q.limit) break;
    q.after_id = page.back().id;
  }
  std::vector<LotBalance> at_start;
  for (const auto& [key, lot] : candidates) {
    LocationCode location(std::get<2>(key));
    int packs = TRY(store_.on_hand_at(lot.drug, lot.lot, location, e.started_at - Duration{1}));
    at_start.push_back(LotBalance{lot, location, packs});
  }
  return exposed_lots(*zone, at_start, during);
}

void Pharmacy::record_temperature(TemperatureReading reading, const Actor& actor, JsonDone done) {
  auto& im = *impl_;
  auto outcome = im.cold_chain_.record(reading, scheduler_.now());
  if (!outcome.ok()) {
    scheduler_.post([done, s = outcome.status()] { done(s); });
    return;
  }
  const SensorState& s = im.cold_chain_.sensors().at(reading.sensor);
  if (outcome->closed) im.record_excursion(*outcome->closed, "closed", actor);
  if (outcome->opened) im.record_excursion(*outcome->opened, "opened", actor);
  if (const auto& e = outcome->continued) im.set_meta(excursion_key(e->id), stored_excursion(*e).dump());
  if (outcome->log) {
    im.set_meta(std::string(kSensorPrefix) + s.sensor, stored_sensor(s).dump());
    im.emit("temperature.reading", actor, std::nullopt,
            {{"sensor", s.sensor}, {"zone", s.zone}, {"celsius", reading.celsius}, {"at", format_instant(reading.at)}});
  }
  im.arm_silence_timer();

  std::optional<long long> open = s.open_excursion;
  json answer{{"sensor", s.sensor},
              {"zone", s.zone},
              {"celsius", reading.celsius},
              {"at", format_local(reading.at, config_.zone)},
              {"logged", outcome->log},
              {"state", open ? excursion_kind_name(im.cold_chain_.find(*open)->kind) : "ok"},
              {"excursion", open ? im.excursion_json(*im.cold_chain_.find(*open)) : json()}};
  im.after_commit([done, answer] { done(answer); }, [done](const Status& st) { done(st); });
}

json Pharmacy::cold_chain_json() const {
  const auto& im = *impl_;
  json zones = json::array();
  for (const ColdZone& z : im.cold_chain_.zones()) {
    zones.push_back({{"name", z.name},
                     {"min_celsius", z.min_celsius},
                     {"max_celsius", z.max_celsius},
                     {"storage", storage_name(z.storage)},
                     {"locations", z.location_prefixes}});
  }
  json sensors = json::array();
  for (const auto& [id, s] : im.cold_chain_.sensors()) {
    const Excursion* e = s.open_excursion ? im.cold_chain_.find(*s.open_excursion) : nullptr;
    sensors.push_back({{"sensor", id},
                       {"zone", s.zone},
                       {"celsius", s.last_celsius},
                       {"at", format_local(s.last_at, config_.zone)},
                       {"state", e ? excursion_kind_name(e->kind) : "ok"},
                       {"excursion", e ? json(e->id) : json()}});
  }
  json open = json::array();
  json alerts = json::array();
  const auto& all = im.cold_chain_.excursions();
  for (const auto& [id, e] : all) {
    if (e.open()) open.push_back(im.excursion_json(e));
  }
  for (auto it = all.rbegin(); it != all.rend() && alerts.size() < kAlertsShown; ++it) {
    alerts.push_back(im.excursion_json(it->second));
  }
  json unmonitored = json::array();
  std::vector<StockRow> rows;
  for (const StockProjection& p : im.ledger_.rows()) rows.push_back(p.row);
  for (const StockRow& r : unmonitored_stock(im.cold_chain_.zones(), rows, formulary_)) {
    unmonitored.push_back({{"drug", r.lot.drug.value()},
                           {"lot", r.lot.lot.value()},
                           {"location", r.location.value()},
                           {"quantity", r.quantity},
                           {"storage", storage_name(formulary_.find(r.lot.drug)->storage)}});
  }
  return {{"zones", zones},
          {"sensors", sensors},
          {"open_excursions", open},
          {"alerts", alerts},
          {"unmonitored", unmonitored}};
}

Result<json> Pharmacy::exposure_json(long long excursion) const {
  const auto& im = *impl_;
  const Excursion* e = im.cold_chain_.find(excursion);
  if (!e) return Status::not_found(fmt::format("there is no excursion {}", excursion));
  auto exposed = TRY(im.exposed_during(*e));
  json lots = json::array();
  for (const ExposedLot& x : exposed) {
    json decision;
    for (const auto& d : e->decisions) {
      if (d.drug == x.lot.drug && d.lot == x.lot.lot) decision = d.quarantine ? "quarantine" : "release";
    }
    const Drug* drug = formulary_.find(x.lot.drug);
    const StockProjection* now = im.ledger_.find(x.lot.drug, x.lot.lot, x.location);
    lots.push_back({{"drug", x.lot.drug.value()},
                    {"drug_name", drug ? drug->name_zh : ""},
                    {"storage", drug ? json(storage_name(drug->storage)) : json()},
                    {"lot", x.lot.lot.value()},
                    {"expiry", format_date(x.lot.expiry)},
                    {"location", x.location.value()},
                    {"packs", x.packs},
                    {"on_hand", now ? now->row.quantity : 0},
                    {"quarantined", now && now->row.quarantined},
                    {"decision", decision}});
  }
  json j = im.excursion_json(*e);
  j["exposed"] = lots;
  return j;
}

void Pharmacy::decide_exposure(long long excursion, DrugCode drug, LotNo lot, bool quarantine, std::string reason,
                               const Actor& actor, JsonDone done) {
  auto& im = *impl_;
  auto refuse = [&](Status s) { scheduler_.post([done, s] { done(s); }); };
  if (reason.empty() || reason.size() > kMaxReasonBytes) {
    return refuse(Status::invalid(
        fmt::format("expected a reason of 1 to {} bytes, found {} bytes", kMaxReasonBytes, reason.size()), "reason"));
  }
  const Excursion* e = im.cold_chain_.find(excursion);
  if (!e) return refuse(Status::not_found(fmt::format("there is no excursion {}", excursion)));
  auto exposed = im.exposed_during(*e);
  if (!exposed.ok()) return refuse(exposed.status());
  std::vector<LocationCode> locations;
  for (const ExposedLot& x : *exposed) {
    if (x.lot.drug == drug && x.lot.lot == lot) locations.push_back(x.location);
  }
  if (locations.empty()) {
    return refuse(Status::not_found(fmt::format("the lot {} of {} was not in the {} zone during excursion {}",
                                                lot.value(), drug.value(), e->zone, excursion)));
  }
  auto decided = im.cold_chain_.decide(
      excursion, ExposureDecision{drug, lot, quarantine, reason, actor.label(), scheduler_.now()});
  if (!decided.ok()) return refuse(decided.status());

  json flagged = json::array();
  if (quarantine) {
    for (const LocationCode& location : locations) {
      const StockProjection* row = im.ledger_.find(drug, lot, location);
      if (!row || row->row.quarantined) continue;
      Status s = im.ledger_.set_quarantined(drug, lot, location, true);
      if (!s.ok()) {
        spdlog::error("quarantine of {} {} at {}: {}", drug.value(), lot.value(), location.value(), s.message());
        continue;
      }
      im.touch_stock(drug, lot, location);
      flagged.push_back(location.value());
    }
    im.withdraw_lot(drug, lot, fmt::format("cold chain excursion {}", excursion), true, actor);
    im.post_dispatch();
  }
  im.set_meta(excursion_key(excursion), stored_excursion(*decided).dump());
  json payload{{"excursion", excursion}, {"drug", drug.value()},
               {"lot", lot.value()},     {"decision", quarantine ? "quarantine" : "release"},
               {"reason", reason},       {"quarantined_locations", flagged}};
  im.emit("cold_chain.decision", actor, std::nullopt, payload);
  im.after_commit([done, payload] { done(payload); }, [done](const Status& s) { done(s); });
}

}  // namespace rx
