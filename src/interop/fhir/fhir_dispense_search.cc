#include "interop/fhir/fhir_dispense_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "interop/fhir/fhir_record.h"
#include "interop/fhir/operation_outcome.h"

namespace rx {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 9> kStatuses = {"preparation", "in-progress", "cancelled",
                                                       "on-hold",     "completed",   "entered-in-error",
                                                       "stopped",     "declined",    "unknown"};
constexpr std::array<std::string_view, 6> kPrefixes = {"eq", "ne", "lt", "le", "gt", "ge"};

Result<DateSearch> parse_date_search(std::string_view text, const Zone& zone) {
  DateSearch d{"eq", {}, {}};
  if (text.size() > 2 && std::find(kPrefixes.begin(), kPrefixes.end(), text.substr(0, 2)) != kPrefixes.end()) {
    d.prefix = std::string(text.substr(0, 2));
    text.remove_prefix(2);
  }
  auto bad = [&](const std::string& why) {
    return Status::invalid(fmt::format("expected [eq|ne|lt|le|gt|ge] and a date (YYYY-MM-DD) or a date-time, found "
                                       "'{}': {}",
                                       text, why),
                           "whenhandedover");
  };
  if (text.size() == 10) {
    auto date = parse_date(text);
    if (!date.ok()) return bad(date.status().message());
    d.from = zone.end_of_day(add_days(*date, -1));
    d.to = zone.end_of_day(*date);
    return d;
  }
  auto t = parse_instant(text, zone);
  if (!t.ok()) return bad(t.status().message());
  d.from = *t;
  d.to = *t + std::chrono::seconds(1);
  return d;
}

bool date_matches(const DateSearch& d, Instant t) {
  if (d.prefix == "eq") return d.from <= t && t < d.to;
  if (d.prefix == "ne") return !(d.from <= t && t < d.to);
  if (d.prefix == "lt") return t < d.from;
  if (d.prefix == "le") return t < d.to;
  if (d.prefix == "gt") return t >= d.to;
  return t >= d.from;  // ge
}

}  // namespace

Result<DispenseSearch> parse_dispense_search(const std::vector<std::pair<std::string, std::string>>& query,
                                             const Zone& zone) {
  DispenseSearch s;
  for (const auto& [name, value] : query) {
    if (name == "prescription") {
      std::string_view id = value;
      if (id.starts_with("MedicationRequest/")) id.remove_prefix(std::string_view("MedicationRequest/").size());
      auto line = parse_fhir_line_id(id);
      if (!line) {
        return Status::invalid(fmt::format("expected a MedicationRequest id ('<prescription id>-<line>', as in "
                                           "MedicationRequest/12-1), found '{}'",
                                           value),
                               "prescription");
      }
      s.prescription = line->first;
      s.item = line->second;
    } else if (name == "patient") {
      auto bar = value.find('|');
      std::string id = bar == std::string::npos ? value : value.substr(bar + 1);
      if (id.empty()) return Status::invalid("expected a patient id, or identifier system|value", "patient");
      s.patient_id = id;
    } else if (name == "status") {
      size_t start = 0;
      while (start <= value.size()) {
        size_t comma = std::min(value.find(',', start), value.size());
        std::string status = value.substr(start, comma - start);
        if (std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end()) {
          return Status::invalid(fmt::format("unknown MedicationDispense status '{}'; expected in-progress, completed, "
                                             "declined, cancelled or another R4 dispense status",
                                             status),
                                 "status");
        }
        s.statuses.push_back(status);
        start = comma + 1;
      }
    } else if (name == "whenhandedover") {
      s.handed_over.push_back(TRY(parse_date_search(value, zone)));
    } else {
      return Status::invalid(fmt::format("unknown search parameter '{}'; MedicationDispense is searched by "
                                         "prescription, patient, status and whenhandedover",
                                         name),
                             name)
          .with_reason(std::string(kIssueNotSupported));
    }
  }
  return s;
}

bool dispense_matches(const DispenseSearch& search, const json& md, const Zone& zone) {
  if (search.item) {
    auto line = parse_fhir_line_id(md.value("id", ""));
    if (!line || line->first != *search.prescription || line->second != *search.item) return false;
  }
  if (search.patient_id) {
    const json* id = nullptr;
    if (auto s = md.find("subject"); s != md.end()) {
      if (auto i = s->find("identifier"); i != s->end() && i->is_object()) {
        if (auto v = i->find("value"); v != i->end()) id = &*v;
      }
    }
    if (id == nullptr || *id != *search.patient_id) return false;
  }
  if (!search.statuses.empty() &&
      std::find(search.statuses.begin(), search.statuses.end(), md.value("status", "")) == search.statuses.end()) {
    return false;
  }
  if (!search.handed_over.empty()) {
    auto when = md.find("whenHandedOver");
    if (when == md.end() || !when->is_string()) return false;
    auto t = parse_instant(when->get<std::string>(), zone);
    if (!t.ok()) return false;
    for (const auto& d : search.handed_over) {
      if (!date_matches(d, *t)) return false;
    }
  }
  return true;
}

}  // namespace rx
