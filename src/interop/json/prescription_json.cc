#include "interop/json/prescription_json.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/utf8_length.h"

namespace rx {
namespace {

using nlohmann::json;

// Bounds that keep one hostile document from filling memory or logs. Items
// go up to 100 so that review, not the parser, reports the legal maximum.
constexpr size_t kMaxShortText = 256;  // ids, names, codes
constexpr size_t kMaxLongText = 1000;  // reasons, diagnosis texts
constexpr size_t kMaxUnitText = 32;
constexpr size_t kMaxFindingText = 4000;  // review's messages and cited evidence
constexpr size_t kMaxItems = 100;
constexpr size_t kMaxDiagnoses = 50;
constexpr size_t kMaxAllergies = 50;
constexpr int64_t kMaxExtendedValidityDays = 3;
constexpr int64_t kMaxDays = 3650;
constexpr double kMaxWeightKg = 1000;

std::string path(std::string_view base, std::string_view key) {
  return base.empty() ? std::string(key) : fmt::format("{}.{}", base, key);
}

std::string index_path(std::string_view base, size_t i) { return fmt::format("{}[{}]", base, i); }

Status wrong_type(const std::string& field, std::string_view expected, const json& found) {
  return Status::invalid(fmt::format("expected {}, found {}", expected, found.type_name()), field);
}

Status required(const std::string& field) { return Status::invalid("is required", field); }

// The member `key` of `obj`, or nullptr when it is absent or null.
const json* member(const json& obj, std::string_view key) {
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

Result<std::optional<std::string>> read_string(const json* v, const std::string& field, size_t max_len) {
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) return wrong_type(field, "a string", *v);
  const auto& s = v->get_ref<const std::string&>();
  if (size_t n = utf8_length(s); n > max_len) {
    return Status::invalid(fmt::format("longer than {} characters (found {})", max_len, n), field);
  }
  return std::optional<std::string>(s);
}

Result<std::optional<std::string>> opt_string(const json& obj, std::string_view base, std::string_view key,
                                              size_t max_len = kMaxShortText) {
  return read_string(member(obj, key), path(base, key), max_len);
}

Result<std::string> string_or_empty(const json& obj, std::string_view base, std::string_view key,
                                    size_t max_len = kMaxShortText) {
  auto s = TRY(opt_string(obj, base, key, max_len));
  return s.value_or(std::string());
}

Result<std::string> required_string(const json& obj, std::string_view base, std::string_view key) {
  std::string field = path(base, key);
  auto s = TRY(read_string(member(obj, key), field, kMaxShortText));
  if (!s) return required(field);
  if (s->empty()) return Status::invalid("must not be empty", field);
  return *std::move(s);
}

Result<bool> bool_or(const json& obj, std::string_view base, std::string_view key, bool fallback) {
  const json* v = member(obj, key);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) return wrong_type(path(base, key), "true or false", *v);
  return v->get<bool>();
}

Result<std::optional<int64_t>> opt_integer(const json& obj, std::string_view base, std::string_view key) {
  const json* v = member(obj, key);
  if (v == nullptr) return std::optional<int64_t>();
  std::string field = path(base, key);
  if (v->is_number_unsigned()) {
    if (v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return Status::invalid(fmt::format("{} is out of range", v->dump()), field);
    }
    return std::optional<int64_t>(static_cast<int64_t>(v->get<uint64_t>()));
  }
  if (v->is_number_integer()) return std::optional<int64_t>(v->get<int64_t>());
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (std::floor(d) == d && std::fabs(d) < 9e15) return std::optional<int64_t>(static_cast<int64_t>(d));
    return Status::invalid(fmt::format("expected an integer, found {}", v->dump()), field);
  }
  return wrong_type(field, "an integer", *v);
}

Result<const json*> opt_object(const json& obj, std::string_view base, std::string_view key) {
  const json* v = member(obj, key);
  if (v != nullptr && !v->is_object()) return wrong_type(path(base, key), "an object", *v);
  return v;
}

Result<const json*> opt_array(const json& obj, std::string_view base, std::string_view key, size_t max_size) {
  const json* v = member(obj, key);
  if (v == nullptr) return v;
  std::string field = path(base, key);
  if (!v->is_array()) return wrong_type(field, "an array", *v);
  if (v->size() > max_size) {
    return Status::invalid(fmt::format("at most {} entries are accepted, found {}", max_size, v->size()), field);
  }
  return v;
}

// {value, unit} with value > 0.
Result<Quantity> read_quantity(const json& q, const std::string& field) {
  if (!q.is_object()) return wrong_type(field, "an object {\"value\", \"unit\"}", q);
  std::string value_field = field + ".value";
  const json* value = member(q, "value");
  if (value == nullptr) return required(value_field);
  if (!value->is_number()) return wrong_type(value_field, "a number", *value);
  auto unit_text = TRY(read_string(member(q, "unit"), field + ".unit", kMaxUnitText));
  if (!unit_text) return required(field + ".unit");
  auto unit = parse_unit(*unit_text);
  if (!unit.ok()) return Status::invalid(unit.status().message(), field + ".unit");
  auto amount = Quantity::of(value->get<double>(), *unit);
  if (!amount.ok()) return Status::invalid(amount.status().message(), value_field);
  if (!amount->positive()) {
    return Status::invalid(fmt::format("must be greater than 0, found {}", value->dump()), value_field);
  }
  return *amount;
}

Result<Visit> read_visit(const json& j) {
  Visit visit;
  const json* v = TRY(opt_object(j, "", "visit"));
  if (v == nullptr) return visit;
  if (auto type = TRY(opt_string(*v, "visit", "type"))) {
    auto parsed = parse_visit_type(*type);
    if (!parsed.ok()) return Status::invalid(parsed.status().message(), "visit.type");
    visit.type = *parsed;
  }
  visit.department = TRY(string_or_empty(*v, "visit", "department"));
  visit.pain_patient = TRY(bool_or(*v, "visit", "pain_patient", false));
  return visit;
}

Result<Patient> read_patient(const json& j) {
  const json* p = TRY(opt_object(j, "", "patient"));
  if (p == nullptr) return required("patient.id");
  const std::string base = "patient";
  Patient patient;
  patient.id = PatientId(TRY(required_string(*p, base, "id")));
  patient.name = TRY(string_or_empty(*p, base, "name"));
  patient.sex = TRY(string_or_empty(*p, base, "sex"));
  if (!patient.sex.empty() && patient.sex != "M" && patient.sex != "F" && patient.sex != "O" && patient.sex != "U") {
    return Status::invalid(fmt::format("expected M, F, O or U, found '{}'", patient.sex), "patient.sex");
  }
  if (auto birth = TRY(opt_string(*p, base, "birth_date"))) {
    auto date = parse_date(*birth);
    if (!date.ok()) return Status::invalid(date.status().message(), "patient.birth_date");
    patient.birth_date = *date;
  }
  if (const json* w = member(*p, "weight_kg")) {
    if (!w->is_number()) return wrong_type("patient.weight_kg", "a number", *w);
    double kg = w->get<double>();
    if (!(kg > 0 && kg <= kMaxWeightKg)) {
      return Status::invalid(fmt::format("expected more than 0 and at most {}, found {}", kMaxWeightKg, w->dump()),
                             "patient.weight_kg");
    }
    patient.weight_kg = kg;
  }
  patient.pregnant = TRY(bool_or(*p, base, "pregnant", false));
  if (const json* allergies = TRY(opt_array(*p, base, "allergies", kMaxAllergies))) {
    for (size_t i = 0; i < allergies->size(); ++i) {
      std::string field = index_path("patient.allergies", i);
      auto allergen = TRY(read_string(&(*allergies)[i], field, kMaxShortText));
      if (!allergen || allergen->empty()) return Status::invalid("must be a non-empty string", field);
      patient.allergies.push_back(*std::move(allergen));
    }
  }
  patient.id_number = TRY(opt_string(*p, base, "id_number"));
  if (const json* agent = TRY(opt_object(*p, base, "agent"))) {
    patient.agent_name = TRY(opt_string(*agent, "patient.agent", "name"));
    patient.agent_relationship = TRY(string_or_empty(*agent, "patient.agent", "relationship"));
    patient.agent_id_number = TRY(opt_string(*agent, "patient.agent", "id_number"));
  }
  return patient;
}

Result<Prescriber> read_prescriber(const json& j) {
  Prescriber prescriber;
  const json* p = TRY(opt_object(j, "", "prescriber"));
  if (p == nullptr) return prescriber;
  prescriber.id = TRY(string_or_empty(*p, "prescriber", "id"));
  prescriber.name = TRY(string_or_empty(*p, "prescriber", "name"));
  return prescriber;
}

Result<std::vector<Diagnosis>> read_diagnoses(const json& j) {
  std::vector<Diagnosis> out;
  const json* list = TRY(opt_array(j, "", "diagnoses", kMaxDiagnoses));
  if (list == nullptr) return out;
  for (size_t i = 0; i < list->size(); ++i) {
    std::string base = index_path("diagnoses", i);
    const json& d = (*list)[i];
    if (!d.is_object()) return wrong_type(base, "an object {\"code\", \"text\"}", d);
    Diagnosis diagnosis;
    diagnosis.code = TRY(string_or_empty(d, base, "code"));
    diagnosis.text = TRY(string_or_empty(d, base, "text", kMaxLongText));
    out.push_back(std::move(diagnosis));
  }
  return out;
}

Result<Item> read_item(const json& it, const std::string& base) {
  if (!it.is_object()) return wrong_type(base, "an object", it);
  Item item;
  item.drug = DrugCode(TRY(required_string(it, base, "drug")));
  if (const json* dose = member(it, "dose")) item.dose = TRY(read_quantity(*dose, path(base, "dose")));
  item.route = TRY(string_or_empty(it, base, "route"));
  if (auto freq = TRY(opt_string(it, base, "frequency", kMaxUnitText))) {
    auto parsed = parse_frequency(*freq);
    if (!parsed.ok()) return Status::invalid(parsed.status().message(), path(base, "frequency"));
    item.frequency = *parsed;
  }
  if (auto days = TRY(opt_integer(it, base, "days"))) {
    if (*days < 1 || *days > kMaxDays) {
      return Status::invalid(fmt::format("expected a whole number of days from 1 to {}, found {}", kMaxDays, *days),
                             path(base, "days"));
    }
    item.days = static_cast<int>(*days);
  }
  const json* quantity = member(it, "quantity");
  if (quantity == nullptr) return required(path(base, "quantity"));
  item.quantity = TRY(read_quantity(*quantity, path(base, "quantity")));
  item.supply_reason = TRY(opt_string(it, base, "supply_reason", kMaxLongText));
  item.placer_order_no = TRY(string_or_empty(it, base, "placer_order_no"));
  return item;
}

json quantity_json(const Quantity& q) {
  json value = q.micros() % Quantity::kScale == 0 ? json(q.micros() / Quantity::kScale) : json(q.value());
  return json{{"value", std::move(value)}, {"unit", std::string(unit_symbol(q.unit()))}};
}

template <class T, class F>
json or_null(const std::optional<T>& v, F&& to_json) {
  return v ? to_json(*v) : json(nullptr);
}

Result<Severity> parse_severity(std::string_view s) {
  if (s == "info") return Severity::kInfo;
  if (s == "warn") return Severity::kWarn;
  if (s == "block") return Severity::kBlock;
  return Status::invalid(fmt::format("expected info, warn or block, found '{}'", s), "severity");
}

// null when no agent is on record; otherwise only the agent's fields that are known.
json agent_json(const Patient& p) {
  if (!p.agent_name && !p.agent_id_number && p.agent_relationship.empty()) return nullptr;
  json agent = json::object();
  if (p.agent_name) agent["name"] = *p.agent_name;
  if (!p.agent_relationship.empty()) agent["relationship"] = p.agent_relationship;
  if (p.agent_id_number) agent["id_number"] = *p.agent_id_number;
  return agent;
}

}  // namespace

Result<Prescription> prescription_from_json(const json& j, const Zone& zone, Instant received_at) {
  if (!j.is_object()) {
    return Status::invalid(fmt::format("a prescription must be a JSON object, found {}", j.type_name()));
  }
  Prescription rx;
  rx.prescription_no = TRY(required_string(j, "", "prescription_no"));
  rx.issued_at = received_at;
  if (auto issued = TRY(opt_string(j, "", "issued_at"))) {
    auto t = parse_instant(*issued, zone);
    if (!t.ok()) return Status::invalid(t.status().message(), "issued_at");
    rx.issued_at = *t;
  }
  if (auto days = TRY(opt_integer(j, "", "extended_validity_days"))) {
    if (*days < 0 || *days > kMaxExtendedValidityDays) {
      return Status::invalid(fmt::format("expected 0 to {}, found {}", kMaxExtendedValidityDays, *days),
                             "extended_validity_days");
    }
    rx.extended_validity_days = static_cast<int>(*days);
  }
  rx.visit = TRY(read_visit(j));
  rx.patient = TRY(read_patient(j));
  rx.prescriber = TRY(read_prescriber(j));
  rx.diagnoses = TRY(read_diagnoses(j));
  const json* items = TRY(opt_array(j, "", "items", kMaxItems));
  if (items == nullptr) return required("items");
  if (items->empty()) return Status::invalid("must have at least one item", "items");
  for (size_t i = 0; i < items->size(); ++i) {
    rx.items.push_back(TRY(read_item((*items)[i], index_path("items", i))));
  }
  return rx;
}

json prescription_to_json(const Prescription& rx, const Zone& zone) {
  auto string_json = [](const std::string& s) { return json(s); };
  const Patient& p = rx.patient;
  json patient{
      {"id", p.id.value()},
      {"name", p.name},
      {"sex", p.sex},
      {"birth_date", or_null(p.birth_date, [](Date d) { return json(format_date(d)); })},
      {"weight_kg", or_null(p.weight_kg, [](double kg) { return json(kg); })},
      {"pregnant", p.pregnant},
      {"allergies", p.allergies},
      {"id_number", or_null(p.id_number, string_json)},
      {"agent", agent_json(p)},
  };
  json diagnoses = json::array();
  for (const auto& d : rx.diagnoses) diagnoses.push_back({{"code", d.code}, {"text", d.text}});
  json items = json::array();
  for (const auto& it : rx.items) {
    items.push_back({
        {"drug", it.drug.value()},
        {"dose", or_null(it.dose, quantity_json)},
        {"route", it.route},
        {"frequency", or_null(it.frequency, [](Frequency f) { return json(std::string(frequency_code(f))); })},
        {"days", or_null(it.days, [](int d) { return json(d); })},
        {"quantity", quantity_json(it.quantity)},
        {"supply_reason", or_null(it.supply_reason, string_json)},
        {"placer_order_no", it.placer_order_no},
    });
  }
  return json{
      {"prescription_no", rx.prescription_no},
      {"issued_at", format_local(rx.issued_at, zone)},
      {"extended_validity_days", rx.extended_validity_days},
      {"visit",
       {{"type", std::string(visit_type_name(rx.visit.type))},
        {"department", rx.visit.department},
        {"pain_patient", rx.visit.pain_patient}}},
      {"patient", std::move(patient)},
      {"prescriber", {{"id", rx.prescriber.id}, {"name", rx.prescriber.name}}},
      {"diagnoses", std::move(diagnoses)},
      {"items", std::move(items)},
  };
}

json finding_to_json(const Finding& f) {
  return json{{"code", f.code},
              {"severity", std::string(severity_name(f.severity))},
              {"items", f.items},
              {"message", f.message},
              {"evidence", f.evidence}};
}

Result<Finding> finding_from_json(const json& j) {
  if (!j.is_object()) return Status::invalid(fmt::format("a finding must be a JSON object, found {}", j.type_name()));
  Finding f;
  f.code = TRY(required_string(j, "", "code"));
  auto severity = TRY(required_string(j, "", "severity"));
  f.severity = TRY(parse_severity(severity));
  if (const json* items = TRY(opt_array(j, "", "items", kMaxItems))) {
    for (size_t i = 0; i < items->size(); ++i) {
      const json& index = (*items)[i];
      if (!index.is_number_integer() || index.get<int64_t>() < 0 ||
          index.get<int64_t>() >= static_cast<int64_t>(kMaxItems)) {
        return Status::invalid(
            fmt::format("expected an item index from 0 to {}, found {}", kMaxItems - 1, index.dump()),
            index_path("items", i));
      }
      f.items.push_back(static_cast<int>(index.get<int64_t>()));
    }
  }
  f.message = TRY(string_or_empty(j, "", "message", kMaxFindingText));
  f.evidence = TRY(string_or_empty(j, "", "evidence", kMaxFindingText));
  return f;
}

}  // namespace rx
