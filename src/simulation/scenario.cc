#include "simulation/scenario.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <span>
#include <sstream>
#include <type_traits>
#include <variant>

#include "core/machine/param_checks.h"
#include "core/time.h"

namespace rx::simulation {
namespace {

constexpr std::array<std::string_view, 4> kBuiltins = {"peak-hour", "whole-day", "surge", "faults"};
constexpr int kDaySeconds = 24 * 3600;

// One numeric parameter of a section: its TOML key and where it lives. The
// same tables drive reading, writing and the finiteness check, so a field
// cannot be readable but never written, or the reverse.
template <class S>
struct Field {
  std::string_view key;
  std::variant<int S::*, double S::*> member;
};
// S comes from the struct argument; a field table converts to this.
template <class S>
using Fields = std::type_identity_t<std::span<const Field<S>>>;

// Every field except name and speed (a scenario's devices keep their reference
// names, and speed is for the live demo) and faults (the scenario's [faults]
// apply to every device).
const Field<ChannelMachineParams> kChannelFields[] = {
    {"shelves", &ChannelMachineParams::shelves},
    {"channels_per_shelf", &ChannelMachineParams::channels_per_shelf},
    {"channel_pitch_m", &ChannelMachineParams::channel_pitch_m},
    {"eject_s", &ChannelMachineParams::eject_s},
    {"max_ejecting_per_shelf", &ChannelMachineParams::max_ejecting_per_shelf},
    {"belt_m_per_s", &ChannelMachineParams::belt_m_per_s},
    {"buckets", &ChannelMachineParams::buckets},
    {"bucket_capacity", &ChannelMachineParams::bucket_capacity},
    {"drop_s", &ChannelMachineParams::drop_s},
    {"conveyor_s", &ChannelMachineParams::conveyor_s},
    {"channel_width_mm", &ChannelMachineParams::channel_width_mm},
    {"channel_height_mm", &ChannelMachineParams::channel_height_mm},
    {"channel_depth_mm", &ChannelMachineParams::channel_depth_mm},
    {"min_channel_boxes", &ChannelMachineParams::min_channel_boxes},
    {"max_channel_boxes", &ChannelMachineParams::max_channel_boxes},
    {"refill_box_s", &ChannelMachineParams::refill_box_s},
    {"refill_technicians", &ChannelMachineParams::refill_technicians},
};

const Field<PickRobotParams> kRobotFields[] = {
    {"levels", &PickRobotParams::levels},
    {"level_pitch_m", &PickRobotParams::level_pitch_m},
    {"aisle_cm", &PickRobotParams::aisle_cm},
    {"horizontal_m_per_s", &PickRobotParams::horizontal_m_per_s},
    {"vertical_m_per_s", &PickRobotParams::vertical_m_per_s},
    {"grip_s", &PickRobotParams::grip_s},
    {"release_s", &PickRobotParams::release_s},
    {"packs_per_trip", &PickRobotParams::packs_per_trip},
    {"trip_span_m", &PickRobotParams::trip_span_m},
    {"chute_s", &PickRobotParams::chute_s},
};

const Field<SmartShelfParams> kShelfFields[] = {
    {"technicians", &SmartShelfParams::technicians},
    {"pick_line_s", &SmartShelfParams::pick_line_s},
    {"extra_pack_s", &SmartShelfParams::extra_pack_s},
    {"cold_line_s", &SmartShelfParams::cold_line_s},
    {"carry_s", &SmartShelfParams::carry_s},
};

const Field<Staff> kStaffFields[] = {
    {"windows", &Staff::windows},
    {"release_s", &Staff::release_s},
    {"early_release_max_s", &Staff::early_release_max_s},
    {"ready_buffer_baskets", &Staff::ready_buffer_baskets},
};

const Field<Replenishment> kReplenishmentFields[] = {
    {"threshold_pct", &Replenishment::threshold_pct},
    {"round_s", &Replenishment::round_s},
};

// The seed is not here: a run's seed comes from the command line.
const Field<FaultRates> kFaultFields[] = {
    {"jam", &FaultRates::jam},
    {"jam_clear_mean_s", &FaultRates::jam_clear_mean_s},
    {"double_drop", &FaultRates::double_drop},
    {"wrong_load", &FaultRates::wrong_load},
    {"unreadable", &FaultRates::unreadable},
    {"grip_fail", &FaultRates::grip_fail},
};

// The scalar fields of [workload]; items_weights, packs_weights and arrivals
// are lists and read on their own.
const Field<Workload> kWorkloadFields[] = {
    {"zipf_s", &Workload::zipf_s},
    {"machine_share_pct", &Workload::machine_share_pct},
    {"machine_share_within_pct", &Workload::machine_share_within_pct},
    {"walk_median_s", &Workload::walk_median_s},
    {"walk_p90_s", &Workload::walk_p90_s},
    {"service_mean_s", &Workload::service_mean_s},
    {"service_sigma", &Workload::service_sigma},
};

constexpr std::string_view kTopKeys[] = {"base",      "name",     "day",           "start",
                                         "end",       "formulary", "controller_crashes",
                                         "workload",  "channel",  "robot",         "shelf",
                                         "staff",     "replenishment", "faults"};

std::string join_key(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : fmt::format("{}.{}", prefix, key);
}

std::string builtin_list() { return fmt::format("{}", fmt::join(kBuiltins, ", ")); }

// ---- times of day --------------------------------------------------------

// "HH:MM" or "HH:MM:SS" -> seconds after midnight; "24:00" is the day's end.
std::optional<int> parse_clock(std::string_view t) {
  auto two = [&](size_t at) -> int {
    if (at + 2 > t.size() || !std::isdigit(static_cast<unsigned char>(t[at])) ||
        !std::isdigit(static_cast<unsigned char>(t[at + 1]))) {
      return -1;
    }
    return (t[at] - '0') * 10 + (t[at + 1] - '0');
  };
  if (t.size() != 5 && t.size() != 8) return std::nullopt;
  if (t[2] != ':' || (t.size() == 8 && t[5] != ':')) return std::nullopt;
  int h = two(0), m = two(3), s = t.size() == 8 ? two(6) : 0;
  if (h < 0 || m < 0 || s < 0 || h > 24 || m > 59 || s > 59) return std::nullopt;
  int total = h * 3600 + m * 60 + s;
  if (total > kDaySeconds) return std::nullopt;
  return total;
}

std::string format_clock(int s) {
  if (s % 60 == 0) return fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60);
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

// ---- reading TOML values -------------------------------------------------

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a real number";
    case toml::node_type::boolean: return "true or false";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}

Status wrong_type(const toml::node& n, std::string_view expected, const std::string& key) {
  return Status::invalid(fmt::format("expected {}, found {}", expected, type_name(n)), key);
}

Result<int> read_int(const toml::node& n, const std::string& key) {
  const auto* v = n.as_integer();
  if (v == nullptr) return wrong_type(n, "an integer", key);
  int64_t x = v->get();
  if (x < std::numeric_limits<int>::min() || x > std::numeric_limits<int>::max()) {
    return Status::invalid(fmt::format("expected an integer of at most 10 digits, found {}", x), key);
  }
  return static_cast<int>(x);
}

// A real accepts a TOML integer too: `eject_s = 1` means 1.0.
Result<double> read_real(const toml::node& n, const std::string& key) {
  if (const auto* i = n.as_integer()) return static_cast<double>(i->get());
  if (const auto* f = n.as_floating_point()) return f->get();
  return wrong_type(n, "a number", key);
}

Result<std::string> read_string(const toml::node& n, const std::string& key) {
  if (const auto* s = n.as_string()) return s->get();
  return wrong_type(n, "a string", key);
}

Result<int> read_clock(const toml::node& n, const std::string& key) {
  auto text = TRY(read_string(n, key));
  auto s = parse_clock(text);
  if (!s) return Status::invalid(fmt::format("expected a time of day \"HH:MM\" or \"HH:MM:SS\", found \"{}\"", text), key);
  return *s;
}

Result<std::vector<double>> read_reals(const toml::node& n, const std::string& key) {
  const auto* a = n.as_array();
  if (a == nullptr) return wrong_type(n, "an array of numbers", key);
  std::vector<double> out;
  for (size_t i = 0; i < a->size(); ++i) out.push_back(TRY(read_real(*a->get(i), fmt::format("{}[{}]", key, i))));
  return out;
}

Status unknown_keys(const toml::table& t, std::string_view prefix, std::span<const std::string_view> known) {
  for (const auto& [k, v] : t) {
    if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
      std::string key = join_key(prefix, k.str());
      return Status::invalid(fmt::format("unknown key '{}'", key), key);
    }
  }
  return Status::ok_status();
}

template <class S>
std::vector<std::string_view> keys_of(Fields<S> fields) {
  std::vector<std::string_view> keys;
  for (const auto& f : fields) keys.push_back(f.key);
  return keys;
}

// Reads the fields of `fields` that `t` has into `out`; others keep their value.
template <class S>
Status read_fields(const toml::table& t, std::string_view prefix, Fields<S> fields, S& out) {
  for (const auto& f : fields) {
    const toml::node* n = t.get(f.key);
    if (n == nullptr) continue;
    std::string key = join_key(prefix, f.key);
    if (auto* m = std::get_if<int S::*>(&f.member)) {
      out.**m = TRY(read_int(*n, key));
    } else {
      out.*std::get<double S::*>(f.member) = TRY(read_real(*n, key));
    }
  }
  return Status::ok_status();
}

// The table `key` of `root`, or null if absent; an error if it is not a table.
Result<const toml::table*> section(const toml::table& root, std::string_view key) {
  const toml::node* n = root.get(key);
  if (n == nullptr) return static_cast<const toml::table*>(nullptr);
  if (const auto* t = n->as_table()) return t;
  return wrong_type(*n, "a table", std::string(key));
}

// A plain table section: only the keys of `fields`.
template <class S>
Status read_section(const toml::table& root, std::string_view name, Fields<S> fields, S& out) {
  const toml::table* t = TRY(section(root, name));
  if (t == nullptr) return Status::ok_status();
  auto keys = keys_of<S>(fields);
  TRY(unknown_keys(*t, name, keys));
  return read_fields(*t, name, fields, out);
}

Result<std::vector<ArrivalPhase>> read_arrivals(const toml::node& n) {
  const std::string key = "workload.arrivals";
  const auto* a = n.as_array();
  if (a == nullptr) return wrong_type(n, "an array of tables ([[workload.arrivals]])", key);
  std::vector<ArrivalPhase> phases;
  for (size_t i = 0; i < a->size(); ++i) {
    std::string at = fmt::format("{}[{}]", key, i);
    const auto* t = a->get(i)->as_table();
    if (t == nullptr) return wrong_type(*a->get(i), "a table with from, until and per_hour", at);
    constexpr std::string_view kKeys[] = {"from", "until", "per_hour"};
    TRY(unknown_keys(*t, at, kKeys));
    for (std::string_view k : kKeys) {
      if (!t->contains(k)) return Status::invalid("missing: every arrival phase needs from, until and per_hour", join_key(at, k));
    }
    ArrivalPhase p;
    p.from_s = TRY(read_clock(*t->get("from"), at + ".from"));
    p.until_s = TRY(read_clock(*t->get("until"), at + ".until"));
    p.per_hour = TRY(read_real(*t->get("per_hour"), at + ".per_hour"));
    phases.push_back(p);
  }
  return phases;
}

Status read_workload(const toml::table& root, Workload& w) {
  const toml::table* t = TRY(section(root, "workload"));
  if (t == nullptr) return Status::ok_status();
  auto keys = keys_of<Workload>(kWorkloadFields);
  keys.insert(keys.end(), {"arrivals", "items_weights", "packs_weights"});
  TRY(unknown_keys(*t, "workload", keys));
  TRY(read_fields(*t, "workload", kWorkloadFields, w));
  if (const auto* n = t->get("items_weights")) w.items_weights = TRY(read_reals(*n, "workload.items_weights"));
  if (const auto* n = t->get("packs_weights")) w.packs_weights = TRY(read_reals(*n, "workload.packs_weights"));
  if (const auto* n = t->get("arrivals")) w.arrivals = TRY(read_arrivals(*n));
  return Status::ok_status();
}

Status read_faults(const toml::table& root, Scenario& s) {
  const toml::table* t = TRY(section(root, "faults"));
  if (t == nullptr) return Status::ok_status();
  auto keys = keys_of<FaultRates>(kFaultFields);
  keys.push_back("link_losses_per_hour");
  TRY(unknown_keys(*t, "faults", keys));
  TRY(read_fields(*t, "faults", kFaultFields, s.faults));
  if (const auto* n = t->get("link_losses_per_hour")) s.link_losses_per_hour = TRY(read_real(*n, "faults.link_losses_per_hour"));
  return Status::ok_status();
}

std::filesystem::path resolve_path(const std::string& text, const std::filesystem::path& base_dir) {
  std::filesystem::path p(text);
  if (p.empty() || p.is_absolute()) return p;
  return (base_dir / p).lexically_normal();
}

Result<Scenario> parse(std::string_view text, const std::filesystem::path& base_dir, std::string_view source,
                       std::optional<std::string> fallback_name) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(source));
  } catch (const toml::parse_error& e) {
    return Status::invalid(fmt::format("{}:{}:{}: {}", source, e.source().begin.line, e.source().begin.column,
                                       e.description()));
  }
  TRY(unknown_keys(root, "", kTopKeys));

  std::string base = "peak-hour";
  if (const auto* n = root.get("base")) base = TRY(read_string(*n, "base"));
  auto built = builtin_scenario(base);
  if (!built.ok()) return Status::invalid(built.status().message(), "base");
  Scenario s = std::move(built).value();

  if (const auto* n = root.get("name")) {
    s.name = TRY(read_string(*n, "name"));
  } else if (fallback_name) {
    s.name = *fallback_name;
  }
  if (const auto* n = root.get("day")) s.day = TRY(read_string(*n, "day"));
  if (const auto* n = root.get("start")) s.start_s = TRY(read_clock(*n, "start"));
  if (const auto* n = root.get("end")) s.end_s = TRY(read_clock(*n, "end"));
  if (const auto* n = root.get("formulary")) s.formulary_file = resolve_path(TRY(read_string(*n, "formulary")), base_dir);
  if (const auto* n = root.get("controller_crashes")) {
    const auto* a = n->as_array();
    if (a == nullptr) return wrong_type(*n, "an array of times of day", "controller_crashes");
    s.controller_crashes_s.clear();
    for (size_t i = 0; i < a->size(); ++i) {
      s.controller_crashes_s.push_back(TRY(read_clock(*a->get(i), fmt::format("controller_crashes[{}]", i))));
    }
  }
  TRY(read_workload(root, s.workload));
  TRY(read_section(root, "channel", kChannelFields, s.channel));
  TRY(read_section(root, "robot", kRobotFields, s.robot));
  TRY(read_section(root, "shelf", kShelfFields, s.shelf));
  TRY(read_section(root, "staff", kStaffFields, s.staff));
  TRY(read_section(root, "replenishment", kReplenishmentFields, s.replenishment));
  TRY(read_faults(root, s));
  TRY(check_scenario(s));
  return s;
}

// ---- checks --------------------------------------------------------------

Status check_finite(double v, const std::string& key) {
  if (std::isfinite(v)) return Status::ok_status();
  return Status::invalid(fmt::format("expected a finite number, found {}", v), key);
}

template <class S>
Status check_finite_fields(const S& s, std::string_view prefix, Fields<S> fields) {
  for (const auto& f : fields) {
    if (auto* m = std::get_if<double S::*>(&f.member)) TRY(check_finite(s.**m, join_key(prefix, f.key)));
  }
  return Status::ok_status();
}

// The device's own check, its field named by the TOML key.
Status under(std::string_view prefix, Status s) {
  if (s.ok()) return s;
  return Status::invalid(s.message(), join_key(prefix, s.field()));
}

Status check_at_least(double v, double lo, const std::string& key) {
  TRY(check_finite(v, key));
  if (v >= lo) return Status::ok_status();
  return Status::invalid(fmt::format("expected at least {}, found {}", lo, v), key);
}

Status check_above(double v, double lo, const std::string& key) {
  TRY(check_finite(v, key));
  if (v > lo) return Status::ok_status();
  return Status::invalid(fmt::format("expected a number above {}, found {}", lo, v), key);
}

Status check_percent(double v, const std::string& key) {
  TRY(check_at_least(v, 0, key));
  if (v <= 100) return Status::ok_status();
  return Status::invalid(fmt::format("expected a percentage from 0 to 100, found {}", v), key);
}

Status check_weights(const std::vector<double>& w, const std::string& key) {
  if (w.empty()) return Status::invalid("expected at least one weight, found an empty list", key);
  double sum = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    TRY(check_at_least(w[i], 0, fmt::format("{}[{}]", key, i)));
    sum += w[i];
  }
  if (sum <= 0) return Status::invalid("expected at least one weight above 0, found all 0", key);
  return Status::ok_status();
}

Status check_file(const std::filesystem::path& p, std::string_view key) {
  if (p.empty()) return Status::ok_status();
  std::error_code ec;
  if (!std::filesystem::exists(p, ec)) {
    return Status::invalid(fmt::format("file not found: {}", p.string()), std::string(key));
  }
  if (!std::filesystem::is_regular_file(p, ec)) {
    return Status::invalid(fmt::format("not a regular file: {}", p.string()), std::string(key));
  }
  if (!std::ifstream(p, std::ios::binary)) {
    return Status::invalid(fmt::format("cannot read {}", p.string()), std::string(key));
  }
  return Status::ok_status();
}

Status check_times(const Scenario& s) {
  if (s.start_s < 0 || s.start_s >= kDaySeconds) {
    return Status::invalid(fmt::format("expected a time of day from 00:00 to 23:59:59, found {} s", s.start_s), "start");
  }
  if (s.end_s <= s.start_s || s.end_s > kDaySeconds) {
    return Status::invalid(fmt::format("expected a time after start ({}) and at most 24:00, found {}",
                                       format_clock(s.start_s), s.end_s < 0 ? std::to_string(s.end_s) + " s" : format_clock(s.end_s)),
                           "end");
  }
  for (size_t i = 0; i < s.controller_crashes_s.size(); ++i) {
    int t = s.controller_crashes_s[i];
    if (t < s.start_s || t >= s.end_s) {
      return Status::invalid(fmt::format("expected a time within the run, {} to before {}, found {}", format_clock(s.start_s),
                                         format_clock(s.end_s), t < 0 ? std::to_string(t) + " s" : format_clock(t)),
                             fmt::format("controller_crashes[{}]", i));
    }
  }
  return Status::ok_status();
}

Status check_arrivals(const Scenario& s) {
  const auto& phases = s.workload.arrivals;
  if (phases.empty()) return Status::invalid("expected at least one arrival phase, found none", "workload.arrivals");
  for (size_t i = 0; i < phases.size(); ++i) {
    const ArrivalPhase& p = phases[i];
    std::string at = fmt::format("workload.arrivals[{}]", i);
    auto clock = [](int t) { return t < 0 || t > kDaySeconds ? std::to_string(t) + " s" : format_clock(t); };
    if (p.from_s < s.start_s || p.from_s >= s.end_s) {
      return Status::invalid(fmt::format("expected a time within the run, {} to before {}, found {}", format_clock(s.start_s),
                                         format_clock(s.end_s), clock(p.from_s)),
                             at + ".from");
    }
    if (p.until_s <= p.from_s) {
      return Status::invalid(fmt::format("expected a time after from ({}), found {}", format_clock(p.from_s), clock(p.until_s)),
                             at + ".until");
    }
    if (p.until_s > s.end_s) {
      return Status::invalid(fmt::format("expected a time no later than the run's end ({}), found {}", format_clock(s.end_s),
                                         clock(p.until_s)),
                             at + ".until");
    }
    // In order and apart, so that the arrival rate at any moment is one phase's.
    if (i > 0 && p.from_s < phases[i - 1].until_s) {
      return Status::invalid(fmt::format("expected a time no earlier than the previous phase's until ({}), found {}",
                                         format_clock(phases[i - 1].until_s), format_clock(p.from_s)),
                             at + ".from");
    }
    TRY(check_at_least(p.per_hour, 0, at + ".per_hour"));
  }
  if (double n = expected_prescriptions(s.workload); n > kMaxExpectedPrescriptions) {
    return Status::invalid(fmt::format("expected at most {:.0f} prescriptions in a run, found arrival phases that give "
                                       "{:.0f} on average",
                                       kMaxExpectedPrescriptions, n),
                           "workload.arrivals");
  }
  return Status::ok_status();
}

Status check_workload(const Workload& w) {
  TRY(check_finite_fields(w, "workload", kWorkloadFields));
  TRY(check_weights(w.items_weights, "workload.items_weights"));
  TRY(check_weights(w.packs_weights, "workload.packs_weights"));
  TRY(check_at_least(w.zipf_s, 0, "workload.zipf_s"));
  TRY(check_percent(w.machine_share_pct, "workload.machine_share_pct"));
  TRY(check_percent(w.machine_share_within_pct, "workload.machine_share_within_pct"));
  TRY(check_above(w.walk_median_s, 0, "workload.walk_median_s"));
  if (w.walk_p90_s <= w.walk_median_s) {
    return Status::invalid(fmt::format("expected more than walk_median_s ({}), found {}", w.walk_median_s, w.walk_p90_s),
                           "workload.walk_p90_s");
  }
  TRY(check_above(w.service_mean_s, 0, "workload.service_mean_s"));
  TRY(check_at_least(w.service_sigma, 0, "workload.service_sigma"));
  return Status::ok_status();
}

Status check_staff(const Staff& st) {
  TRY(check_finite_fields(st, "staff", kStaffFields));
  TRY(check_in_range(st.windows, 1, 64, "staff.windows"));
  TRY(check_at_least(st.release_s, 0, "staff.release_s"));
  TRY(check_at_least(st.early_release_max_s, 0, "staff.early_release_max_s"));
  TRY(check_in_range(st.ready_buffer_baskets, 1, 100000, "staff.ready_buffer_baskets"));
  return Status::ok_status();
}

Status check_replenishment(const Replenishment& r) {
  TRY(check_finite_fields(r, "replenishment", kReplenishmentFields));
  if (r.threshold_pct < 0 || r.threshold_pct > 100) {
    return Status::invalid(fmt::format("expected a share from 0 to 100, found {}", r.threshold_pct),
                           "replenishment.threshold_pct");
  }
  TRY(check_above(r.round_s, 0, "replenishment.round_s"));
  return Status::ok_status();
}

// ---- writing TOML --------------------------------------------------------

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// The shortest text that reads back as the same double, with ".0" on a whole
// number so that the file shows which parameters are reals.
std::string real(double v) {
  std::string text = fmt::format("{}", v);
  if (text.find_first_not_of("-0123456789") == std::string::npos) text += ".0";
  return text;
}

std::string reals(const std::vector<double>& v) {
  std::vector<std::string> parts;
  for (double x : v) parts.push_back(real(x));
  return fmt::format("[{}]", fmt::join(parts, ", "));
}

template <class S>
void write_fields(std::string& out, const S& s, Fields<S> fields) {
  for (const auto& f : fields) {
    if (auto* m = std::get_if<int S::*>(&f.member)) {
      out += fmt::format("{} = {}\n", f.key, s.**m);
    } else {
      out += fmt::format("{} = {}\n", f.key, real(s.*std::get<double S::*>(f.member)));
    }
  }
}

}  // namespace

std::vector<std::string> builtin_scenario_names() { return {kBuiltins.begin(), kBuiltins.end()}; }

Result<Scenario> builtin_scenario(std::string_view name) {
  Scenario s;  // the defaults are peak-hour: 09:00-10:00, Poisson 900/h, the reference devices
  if (name == "peak-hour") return s;
  if (name == "whole-day") {
    // A tertiary hospital's outpatient day, 9,000 prescriptions on average.
    // 9,000 over 9.5 hours is about 950/h, so both peaks run above the
    // peak-hour scenario's 900/h:
    //   08:00-09:00   800/h  clinics opening                    800
    //   09:00-11:00 1,200/h  morning peak                     2,400
    //   11:00-12:00 1,000/h  late morning                     1,000
    //   12:00-14:00   600/h  lunch dip                        1,200
    //   14:00-16:00 1,200/h  afternoon peak                   2,400
    //   16:00-17:30   800/h  closing                          1,200
    s.name = "whole-day";
    s.start_s = 8 * 3600;
    s.end_s = 17 * 3600 + 30 * 60;
    s.workload.arrivals = {{8 * 3600, 9 * 3600, 800},      {9 * 3600, 11 * 3600, 1200},
                           {11 * 3600, 12 * 3600, 1000},   {12 * 3600, 14 * 3600, 600},
                           {14 * 3600, 16 * 3600, 1200},   {16 * 3600, 17 * 3600 + 30 * 60, 800}};
    return s;
  }
  if (name == "surge") {
    s.name = "surge";
    s.end_s = 9 * 3600 + 20 * 60;
    s.workload.arrivals = {{9 * 3600, 9 * 3600 + 20 * 60, 1500}};
    return s;
  }
  if (name == "faults") {
    s.name = "faults";
    // Every probability 10 times the reference; a jam takes as long to clear.
    for (double* p : {&s.faults.jam, &s.faults.double_drop, &s.faults.wrong_load, &s.faults.unreadable,
                      &s.faults.grip_fail}) {
      *p *= 10;
    }
    s.link_losses_per_hour *= 10;
    return s;
  }
  return Status::not_found(fmt::format("unknown scenario '{}'; the built-in scenarios are {}", name, builtin_list()));
}

Result<Scenario> parse_scenario_toml(std::string_view text, const std::filesystem::path& base_dir) {
  return parse(text, base_dir, "scenario", std::nullopt);
}

Result<Scenario> load_scenario_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || !std::filesystem::is_regular_file(path, ec)) {
    return Status::invalid(fmt::format("cannot read the scenario file {}", path.string()), "scenario");
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto dir = std::filesystem::absolute(path, ec).parent_path();
  if (ec) dir = path.parent_path();
  return parse(text.str(), dir, path.string(), path.stem().string());
}

Result<Scenario> resolve_scenario(std::string_view name_or_path) {
  if (std::find(kBuiltins.begin(), kBuiltins.end(), name_or_path) != kBuiltins.end()) {
    return builtin_scenario(name_or_path);
  }
  std::filesystem::path p(name_or_path);
  std::error_code ec;
  if (std::filesystem::exists(p, ec)) return load_scenario_file(p);
  return Status::not_found(fmt::format("'{}' is neither a built-in scenario ({}) nor a file", name_or_path,
                                       builtin_list()));
}

Status check_scenario(const Scenario& s) {
  if (s.name.empty()) return Status::invalid("expected a name, found an empty string", "name");
  auto day = parse_date(s.day);
  if (!day.ok() || format_date(*day) != s.day) {
    return Status::invalid(fmt::format("expected a date \"YYYY-MM-DD\", found \"{}\"", s.day), "day");
  }
  TRY(check_times(s));
  TRY(check_workload(s.workload));
  TRY(check_arrivals(s));
  TRY(check_finite_fields(s.channel, "channel", kChannelFields));
  TRY(under("channel", check_channel_machine_params(s.channel)));
  TRY(check_finite_fields(s.robot, "robot", kRobotFields));
  TRY(under("robot", check_pick_robot_params(s.robot)));
  TRY(check_finite_fields(s.shelf, "shelf", kShelfFields));
  TRY(under("shelf", check_smart_shelf_params(s.shelf)));
  TRY(check_staff(s.staff));
  TRY(check_replenishment(s.replenishment));
  TRY(check_finite_fields(s.faults, "faults", kFaultFields));
  TRY(check_fault_rates(s.faults, "faults"));
  TRY(check_at_least(s.link_losses_per_hour, 0, "faults.link_losses_per_hour"));
  TRY(check_file(s.formulary_file, "formulary"));
  return Status::ok_status();
}

std::string scenario_toml(const Scenario& s) {
  std::string out = "# rxpress simulation scenario: every parameter (docs/simulation.md).\n";
  out += fmt::format("name = {}\n", toml_string(s.name));
  out += fmt::format("day = {}\n", toml_string(s.day));
  out += fmt::format("start = {}\n", toml_string(format_clock(s.start_s)));
  out += fmt::format("end = {}\n", toml_string(format_clock(s.end_s)));
  std::vector<std::string> crashes;
  for (int t : s.controller_crashes_s) crashes.push_back(toml_string(format_clock(t)));
  out += fmt::format("controller_crashes = [{}]\n", fmt::join(crashes, ", "));
  // Without this key the run uses the shipped data/formulary.csv.
  if (!s.formulary_file.empty()) out += fmt::format("formulary = {}\n", toml_string(s.formulary_file.string()));

  out += "\n[workload]\n";
  out += fmt::format("items_weights = {}\n", reals(s.workload.items_weights));
  out += fmt::format("packs_weights = {}\n", reals(s.workload.packs_weights));
  write_fields(out, s.workload, kWorkloadFields);
  if (s.workload.arrivals.empty()) out += "arrivals = []\n";
  for (const ArrivalPhase& p : s.workload.arrivals) {
    out += fmt::format("\n[[workload.arrivals]]\nfrom = {}\nuntil = {}\nper_hour = {}\n", toml_string(format_clock(p.from_s)),
                       toml_string(format_clock(p.until_s)), real(p.per_hour));
  }
  out += "\n[channel]\n";
  write_fields(out, s.channel, kChannelFields);
  out += "\n[robot]\n";
  write_fields(out, s.robot, kRobotFields);
  out += "\n[shelf]\n";
  write_fields(out, s.shelf, kShelfFields);
  out += "\n[staff]\n";
  write_fields(out, s.staff, kStaffFields);
  out += "\n[replenishment]\n";
  write_fields(out, s.replenishment, kReplenishmentFields);
  out += "\n[faults]\n";
  write_fields(out, s.faults, kFaultFields);
  out += fmt::format("link_losses_per_hour = {}\n", real(s.link_losses_per_hour));
  return out;
}

double expected_prescriptions(const Workload& w) {
  double n = 0;
  for (const ArrivalPhase& p : w.arrivals) n += p.per_hour * (p.until_s - p.from_s) / 3600.0;
  return n;
}

}  // namespace rx::simulation
