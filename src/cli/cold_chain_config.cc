#include "cli/cold_chain_config.h"

#include <fmt/format.h>

#include <set>

namespace rx::cli {
namespace {

Status refuse_unknown(const toml::table& t, const std::string& where, const std::set<std::string>& known) {
  for (const auto& [k, v] : t) {
    if (!known.count(std::string(k.str()))) {
      return Status::invalid(fmt::format("unknown setting '{}{}'", where, k.str()), where + std::string(k.str()));
    }
  }
  return Status();
}

Result<std::optional<double>> number(const toml::table& t, const char* key, const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return std::optional<double>{};
  if (auto v = n->value<double>()) return std::optional<double>{*v};
  return Status::invalid(fmt::format("expected a number for '{}{}'", where, key), where + key);
}

Result<std::optional<std::string>> text(const toml::table& t, const char* key, const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return std::optional<std::string>{};
  if (auto v = n->value<std::string>()) return std::optional<std::string>{*v};
  return Status::invalid(fmt::format("expected a string for '{}{}'", where, key), where + key);
}

Result<Storage> parse_storage(const std::string& name, const std::string& field) {
  for (Storage s : {Storage::kRoom, Storage::kCool, Storage::kCold}) {
    if (storage_name(s) == name) return s;
  }
  return Status::invalid(fmt::format("expected \"cold\", \"cool\" or \"room\", found \"{}\"", name), field);
}

Result<ColdZone> read_zone(const toml::table& t, const std::string& where) {
  TRY(refuse_unknown(t, where, {"name", "min_celsius", "max_celsius", "locations", "storage"}));
  ColdZone z;
  auto name = TRY(text(t, "name", where));
  auto min = TRY(number(t, "min_celsius", where));
  auto max = TRY(number(t, "max_celsius", where));
  auto storage = TRY(text(t, "storage", where));
  if (!name || !min || !max || !storage) {
    return Status::invalid("a zone needs name, min_celsius, max_celsius, storage and locations", where);
  }
  z.name = *name;
  z.min_celsius = *min;
  z.max_celsius = *max;
  z.storage = TRY(parse_storage(*storage, where + "storage"));
  const toml::array* locations = t["locations"].as_array();
  if (!locations) return Status::invalid("expected an array of location prefixes", where + "locations");
  for (const auto& node : *locations) {
    auto prefix = node.value<std::string>();
    if (!prefix) return Status::invalid("expected location prefixes as strings", where + "locations");
    z.location_prefixes.push_back(*prefix);
  }
  return z;
}

}  // namespace

Status read_cold_chain_table(const toml::table& table, AppConfig& config) {
  const std::string where = "cold_chain.";
  TRY(refuse_unknown(table, where,
                     {"silence_minutes", "log_minutes", "sensor_file", "poll_seconds", "zones", "sensors"}));
  ColdChainConfig& cold = config.pharmacy.cold_chain;
  auto minutes = [&](const char* key, Duration& out, double least) -> Status {
    auto v = TRY(number(table, key, where));
    if (!v) return Status();
    if (*v < least || *v > 24 * 60) {
      return Status::invalid(fmt::format("expected {}{} from {} to 1440 minutes, found {}", where, key, least, *v),
                             where + key);
    }
    out = Duration{static_cast<long long>(*v * 60'000)};
    return Status();
  };
  TRY(minutes("silence_minutes", cold.silence_limit, 1));
  TRY(minutes("log_minutes", cold.log_interval, 0));
  if (auto file = TRY(text(table, "sensor_file", where))) config.thermometer_file = *file;
  if (auto poll = TRY(number(table, "poll_seconds", where))) {
    if (*poll < 1 || *poll > 3600) {
      return Status::invalid(fmt::format("expected cold_chain.poll_seconds from 1 to 3600, found {}", *poll),
                             where + "poll_seconds");
    }
    config.thermometer_poll = Duration{static_cast<long long>(*poll * 1000)};
  }
  if (const toml::node* zones = table.get("zones")) {
    const toml::array* list = zones->as_array();
    if (!list) return Status::invalid("expected [[cold_chain.zones]] tables", where + "zones");
    cold.zones.clear();
    for (size_t i = 0; i < list->size(); ++i) {
      const toml::table* zone = (*list)[i].as_table();
      std::string at = fmt::format("{}zones[{}].", where, i);
      if (!zone) return Status::invalid("expected a table", at);
      cold.zones.push_back(TRY(read_zone(*zone, at)));
    }
  }
  if (const toml::node* sensors = table.get("sensors")) {
    const toml::table* map = sensors->as_table();
    if (!map) return Status::invalid("expected a table of sensor = \"zone\"", where + "sensors");
    for (const auto& [sensor, zone] : *map) {
      auto name = zone.value<std::string>();
      if (!name) return Status::invalid("expected a zone name", where + "sensors." + std::string(sensor.str()));
      cold.sensors[std::string(sensor.str())] = *name;
    }
  }
  return validate_cold_chain_config(cold);
}

}  // namespace rx::cli
