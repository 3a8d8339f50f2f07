#include "cli/app_config.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "cli/cold_chain_config.h"

namespace rx::cli {
namespace {

Status unknown_keys(const toml::table& t, const std::string& where, const std::set<std::string>& known) {
  for (const auto& [k, v] : t) {
    if (!known.count(std::string(k.str()))) {
      return Status::invalid(fmt::format("unknown setting '{}{}'", where, k.str()), where + std::string(k.str()));
    }
  }
  return Status();
}

template <class T>
Result<std::optional<T>> get(const toml::table& t, const char* key, const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return std::optional<T>{};
  if constexpr (std::is_same_v<T, double>) {
    if (auto v = n->value<double>()) return std::optional<T>{*v};
  } else {
    if (auto v = n->value<T>()) return std::optional<T>{*v};
  }
  return Status::invalid(fmt::format("setting '{}{}' has the wrong type", where, key), where + key);
}

// "HH:MM" (local time) as minutes after midnight; "" never closes the day.
Result<std::optional<std::chrono::minutes>> parse_closing_time(const std::string& text) {
  if (text.empty()) return std::optional<std::chrono::minutes>();
  bool shape = text.size() == 5 && text[2] == ':' && std::isdigit(static_cast<unsigned char>(text[0])) &&
               std::isdigit(static_cast<unsigned char>(text[1])) && std::isdigit(static_cast<unsigned char>(text[3])) &&
               std::isdigit(static_cast<unsigned char>(text[4]));
  int hours = shape ? (text[0] - '0') * 10 + (text[1] - '0') : -1;
  int minutes = shape ? (text[3] - '0') * 10 + (text[4] - '0') : -1;
  if (!shape || hours > 23 || minutes > 59) {
    return Status::invalid(fmt::format("pharmacy.closing_time must be a local time \"HH:MM\" (or \"\" for never), "
                                       "not \"{}\"",
                                       text),
                           "pharmacy.closing_time");
  }
  return std::optional<std::chrono::minutes>(std::chrono::minutes(hours * 60 + minutes));
}

// "host:port", the port 1-65535.
Result<AppConfig::Endpoint> parse_endpoint(const std::string& text) {
  auto colon = text.rfind(':');
  std::string host = colon == std::string::npos ? "" : text.substr(0, colon);
  std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
  bool digits = !port.empty() && port.size() <= 5 &&
                std::all_of(port.begin(), port.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
  int number = digits ? std::stoi(port) : 0;
  if (host.empty() || number < 1 || number > 65535) {
    return Status::invalid(fmt::format("devices.robot_address must be \"host:port\" with a port 1-65535, not \"{}\"",
                                       text),
                           "devices.robot_address");
  }
  return AppConfig::Endpoint{host, static_cast<unsigned short>(number)};
}

}  // namespace

Result<AppConfig> load_app_config(const std::filesystem::path& path) {
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    return Status::invalid(fmt::format("{}:{}:{}: {}", path.string(), e.source().begin.line, e.source().begin.column,
                                       e.description()));
  }
  AppConfig c;
  TRY(unknown_keys(root, "", {"timezone", "data_dir", "intake", "http", "mllp", "pharmacy", "devices", "tokens", "his",
                                "cold_chain"}));
  if (auto tz = TRY(get<std::string>(root, "timezone", ""))) c.pharmacy.zone = TRY(Zone::parse(*tz));
  if (auto d = TRY(get<std::string>(root, "data_dir", ""))) c.data_dir = *d;
  if (auto* intake = root["intake"].as_table()) {
    TRY(unknown_keys(*intake, "intake.", {"payment"}));
    if (auto p = TRY(get<std::string>(*intake, "payment", "intake."))) {
      if (*p == "required") {
        c.pharmacy.payment = PaymentMode::kRequired;
      } else if (*p == "on_receipt") {
        c.pharmacy.payment = PaymentMode::kOnReceipt;
      } else {
        return Status::invalid(fmt::format("intake.payment must be \"required\" or \"on_receipt\", not \"{}\"", *p),
                               "intake.payment");
      }
    }
  }
  if (auto* http = root["http"].as_table()) {
    TRY(unknown_keys(*http, "http.", {"bind", "port", "screen_allow"}));
    if (auto b = TRY(get<std::string>(*http, "bind", "http."))) c.server.bind = *b;
    if (auto p = TRY(get<int64_t>(*http, "port", "http."))) {
      if (*p < 0 || *p > 65535) return Status::invalid("http.port must be 0-65535", "http.port");
      c.server.port = static_cast<unsigned short>(*p);
    }
    if (auto* allow = (*http)["screen_allow"].as_array()) {
      for (const auto& a : *allow) {
        auto s = a.value<std::string>();
        if (!s) return Status::invalid("http.screen_allow must list addresses as strings", "http.screen_allow");
        c.server.screen_allow.push_back(*s);
      }
    }
  }
  if (auto* mllp = root["mllp"].as_table()) {
    TRY(unknown_keys(*mllp, "mllp.", {"bind", "port", "idle_timeout_s", "max_connections"}));
    if (auto b = TRY(get<std::string>(*mllp, "bind", "mllp."))) c.mllp.bind = *b;
    if (auto p = TRY(get<int64_t>(*mllp, "port", "mllp."))) {
      if (*p < 0 || *p > 65535) return Status::invalid(fmt::format("mllp.port must be 0-65535, not {}", *p), "mllp.port");
      c.mllp.port = static_cast<unsigned short>(*p);
    }
    if (auto t = TRY(get<int64_t>(*mllp, "idle_timeout_s", "mllp."))) {
      if (*t < 1 || *t > 86400) {
        return Status::invalid(fmt::format("mllp.idle_timeout_s must be 1-86400 seconds, not {}", *t),
                               "mllp.idle_timeout_s");
      }
      c.mllp.idle_timeout = std::chrono::seconds(*t);
    }
    if (auto n = TRY(get<int64_t>(*mllp, "max_connections", "mllp."))) {
      if (*n < 1 || *n > 10000) {
        return Status::invalid(fmt::format("mllp.max_connections must be 1-10000, not {}", *n),
                               "mllp.max_connections");
      }
      c.mllp.max_connections = static_cast<size_t>(*n);
    }
  }
  if (auto* ph = root["pharmacy"].as_table()) {
    TRY(unknown_keys(*ph, "pharmacy.", {"windows", "policy", "near_expiry_days", "closing_time"}));
    if (auto w = TRY(get<int64_t>(*ph, "windows", "pharmacy."))) {
      if (*w < 1 || *w > 64) return Status::invalid("pharmacy.windows must be 1-64", "pharmacy.windows");
      c.pharmacy.windows = static_cast<int>(*w);
    }
    if (auto p = TRY(get<std::string>(*ph, "policy", "pharmacy."))) c.pharmacy.policy = TRY(parse_policy(*p));
    if (auto n = TRY(get<int64_t>(*ph, "near_expiry_days", "pharmacy."))) {
      c.pharmacy.near_expiry_days = static_cast<int>(*n);
    }
    if (auto t = TRY(get<std::string>(*ph, "closing_time", "pharmacy."))) {
      c.pharmacy.closing_time = TRY(parse_closing_time(*t));
    }
  }
  if (auto* dev = root["devices"].as_table()) {
    TRY(unknown_keys(*dev, "devices.",
                     {"speed", "faults", "fault_seed", "robot", "robot_address", "link_loss_per_hour"}));
    if (auto s = TRY(get<double>(*dev, "speed", "devices."))) {
      if (*s <= 0) return Status::invalid("devices.speed must be positive", "devices.speed");
      c.device_speed = *s;
    }
    if (auto f = TRY(get<bool>(*dev, "faults", "devices."))) c.device_faults = *f;
    if (auto seed = TRY(get<int64_t>(*dev, "fault_seed", "devices."))) {
      if (*seed < 0) return Status::invalid("devices.fault_seed must not be negative", "devices.fault_seed");
      c.fault_seed = static_cast<uint64_t>(*seed);
    }
    if (auto r = TRY(get<std::string>(*dev, "robot", "devices."))) {
      if (*r == "wwks") {
        c.robot_link = AppConfig::RobotLink::kWwks;
      } else if (*r == "direct") {
        c.robot_link = AppConfig::RobotLink::kDirect;
      } else {
        return Status::invalid(fmt::format("devices.robot must be \"wwks\" or \"direct\", not \"{}\"", *r),
                               "devices.robot");
      }
    }
    if (auto a = TRY(get<std::string>(*dev, "robot_address", "devices."))) c.robot_address = TRY(parse_endpoint(*a));
    if (auto l = TRY(get<double>(*dev, "link_loss_per_hour", "devices."))) {
      if (!(*l >= 0) || *l > 3600) {
        return Status::invalid(fmt::format("devices.link_loss_per_hour must be 0-3600, not {}", *l),
                               "devices.link_loss_per_hour");
      }
      c.link_loss_per_hour = *l;
    }
    if (c.robot_address && c.robot_link == AppConfig::RobotLink::kDirect) {
      return Status::invalid("devices.robot_address names a WWKS robot, but devices.robot is \"direct\"",
                             "devices.robot_address");
    }
  }
  if (auto* his = root["his"].as_table()) {
    TRY(unknown_keys(*his, "his.", {"mllp_host", "mllp_port", "connect_timeout_ms", "reply_timeout_ms",
                                    "retry_first_ms", "retry_max_ms", "retry_factor"}));
    MllpClientConfig link;
    auto host = TRY(get<std::string>(*his, "mllp_host", "his."));
    if (!host || host->empty()) {
      return Status::invalid("his.mllp_host is required in [his]: the HIS's address, e.g. \"10.0.0.5\"",
                             "his.mllp_host");
    }
    link.host = *host;
    if (auto p = TRY(get<int64_t>(*his, "mllp_port", "his."))) {
      if (*p < 1 || *p > 65535) {
        return Status::invalid(fmt::format("his.mllp_port must be 1-65535, not {}", *p), "his.mllp_port");
      }
      link.port = static_cast<unsigned short>(*p);
    }
    // Durations in milliseconds, each at least 1.
    auto millis = [&](const char* key, Duration& out) -> Status {
      auto v = TRY(get<int64_t>(*his, key, "his."));
      if (!v) return Status();
      if (*v < 1) return Status::invalid(fmt::format("his.{} must be at least 1 (ms), not {}", key, *v), "his." + std::string(key));
      out = Duration{*v};
      return Status();
    };
    TRY(millis("connect_timeout_ms", link.connect_timeout));
    TRY(millis("reply_timeout_ms", link.reply_timeout));
    HisRetry& retry = c.pharmacy.his_retry;
    TRY(millis("retry_first_ms", retry.first));
    TRY(millis("retry_max_ms", retry.max));
    if (retry.max < retry.first) {
      return Status::invalid(fmt::format("his.retry_max_ms ({}) must not be less than his.retry_first_ms ({})",
                                         retry.max.count(), retry.first.count()),
                             "his.retry_max_ms");
    }
    if (auto f = TRY(get<double>(*his, "retry_factor", "his."))) {
      if (*f < 1.0) return Status::invalid(fmt::format("his.retry_factor must be at least 1, not {}", *f), "his.retry_factor");
      retry.factor = *f;
    }
    c.his = link;
  }
  if (auto* cold = root["cold_chain"].as_table()) TRY(read_cold_chain_table(*cold, c));
  if (auto* tokens = root["tokens"].as_array()) {
    for (size_t i = 0; i < tokens->size(); ++i) {
      auto* t = (*tokens)[i].as_table();
      std::string where = fmt::format("tokens[{}].", i);
      if (!t) return Status::invalid("each [[tokens]] entry must be a table", where);
      TRY(unknown_keys(*t, where, {"token", "role", "name"}));
      auto token = TRY(get<std::string>(*t, "token", where));
      auto role = TRY(get<std::string>(*t, "role", where));
      auto name = TRY(get<std::string>(*t, "name", where));
      if (!token || token->size() < 16) return Status::invalid("a token needs at least 16 characters", where + "token");
      if (!role || (*role != "his" && *role != "pharmacist" && *role != "technician" && *role != "admin")) {
        return Status::invalid("role must be his, pharmacist, technician or admin", where + "role");
      }
      c.server.tokens.push_back(ApiToken{*token, *role, name.value_or(*role)});
    }
  }
  return c;
}

void add_bootstrap_token(ServerConfig& server) {
  if (const char* t = std::getenv("RXPRESS_BOOTSTRAP_TOKEN"); t && *t) {
    server.tokens.push_back(ApiToken{t, "admin", "bootstrap"});
  }
}

}  // namespace rx::cli
