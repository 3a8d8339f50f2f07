#include "interop/fhir/fhir_timing.h"

#include <fmt/format.h>

#include "interop/fhir/operation_outcome.h"

namespace rx {
namespace {

using nlohmann::json;

struct Repeat {
  Frequency frequency;
  int per_period;  // doses per period
  int period;
  const char* unit;  // UCUM: h, d, wk
};

// Timing.repeat shapes that mean exactly one frequency code.
constexpr Repeat kRepeats[] = {
    {Frequency::kQd, 1, 1, "d"},    {Frequency::kBid, 2, 1, "d"}, {Frequency::kTid, 3, 1, "d"},
    {Frequency::kQid, 4, 1, "d"},   {Frequency::kQ6h, 1, 6, "h"}, {Frequency::kQ8h, 1, 8, "h"},
    {Frequency::kQ12h, 1, 12, "h"}, {Frequency::kQd, 1, 24, "h"}, {Frequency::kQw, 1, 1, "wk"},
    {Frequency::kQw, 1, 7, "d"},
};

std::optional<int> whole(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number()) return std::nullopt;
  double v = it->get<double>();
  if (v != static_cast<double>(static_cast<int>(v))) return std::nullopt;
  return static_cast<int>(v);
}

std::optional<Frequency> from_code(const json& timing) {
  auto code = timing.find("code");
  if (code == timing.end() || !code->is_object()) return std::nullopt;
  if (auto codings = code->find("coding"); codings != code->end() && codings->is_array()) {
    for (const auto& c : *codings) {
      if (!c.is_object() || !c.contains("code") || !c["code"].is_string()) continue;
      if (auto f = parse_frequency(c["code"].get<std::string>()); f.ok()) return *f;
    }
  }
  if (auto text = code->find("text"); text != code->end() && text->is_string()) {
    if (auto f = parse_frequency(text->get<std::string>()); f.ok()) return *f;
  }
  return std::nullopt;
}

bool has_when(const json& repeat, std::string_view when) {
  auto it = repeat.find("when");
  if (it == repeat.end() || !it->is_array()) return false;
  for (const auto& w : *it) {
    if (w.is_string() && w.get<std::string>() == when) return true;
  }
  return false;
}

std::optional<Frequency> from_repeat(const json& repeat) {
  if (whole(repeat, "count") == 1 && !repeat.contains("frequency")) return Frequency::kSt;
  auto frequency = whole(repeat, "frequency");
  auto period = whole(repeat, "period");
  auto unit = repeat.find("periodUnit");
  if (!frequency || !period || unit == repeat.end() || !unit->is_string()) return std::nullopt;
  if (*frequency == 1 && *period == 1 && *unit == "d" && has_when(repeat, "HS")) return Frequency::kQn;
  for (const Repeat& r : kRepeats) {
    if (r.per_period == *frequency && r.period == *period && *unit == r.unit) return r.frequency;
  }
  return std::nullopt;
}

}  // namespace

Result<std::optional<Frequency>> frequency_from_dosage(const json& dosage, const std::string& path) {
  auto timing = dosage.find("timing");
  if (timing != dosage.end() && !timing->is_null()) {
    std::string timing_path = path + ".timing";
    if (!timing->is_object()) return fhir_error(kIssueStructure, "expected a Timing object", timing_path);
    if (auto f = from_code(*timing)) return std::optional<Frequency>(*f);
    auto repeat = timing->find("repeat");
    if (repeat != timing->end() && repeat->is_object()) {
      if (auto f = from_repeat(*repeat)) return std::optional<Frequency>(*f);
      return fhir_error(kIssueValue,
                        fmt::format("timing {} maps to no frequency code; expected 1-4 a day, every 6, 8, 12 or 24 "
                                    "hours, once a week, once at HS, or count 1",
                                    repeat->dump()),
                        timing_path + ".repeat");
    }
    if (timing->contains("code")) {
      return fhir_error(kIssueValue,
                        "timing.code names no frequency; expected qd, bid, tid, qid, qn, q6h, q8h, q12h, qw, prn or st",
                        timing_path + ".code");
    }
  }
  auto prn = dosage.find("asNeededBoolean");
  if (prn != dosage.end() && prn->is_boolean() && prn->get<bool>()) return std::optional<Frequency>(Frequency::kPrn);
  return std::optional<Frequency>();
}

json dosage_timing(Frequency f) {
  json code = {{"text", std::string(frequency_code(f))}};
  switch (f) {
    case Frequency::kPrn: return {{"asNeededBoolean", true}};
    case Frequency::kSt: return {{"timing", {{"code", code}, {"repeat", {{"count", 1}}}}}};
    case Frequency::kQn:
      return {{"timing",
               {{"code", code}, {"repeat", {{"frequency", 1}, {"period", 1}, {"periodUnit", "d"}, {"when", {"HS"}}}}}}};
    default: break;
  }
  for (const Repeat& r : kRepeats) {
    if (r.frequency == f) {
      return {
          {"timing",
           {{"code", code}, {"repeat", {{"frequency", r.per_period}, {"period", r.period}, {"periodUnit", r.unit}}}}}};
    }
  }
  return {{"timing", {{"code", code}}}};
}

}  // namespace rx
