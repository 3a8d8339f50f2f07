#include "interop/json/prescription_text.h"

#include <nlohmann/json.hpp>

namespace rx {
namespace {

// A double as nlohmann writes it: its shortest form that reads back the same.
void number(JsonText& w, double v) { w.raw(nlohmann::json(v).dump()); }

void quantity(JsonText& w, const Quantity& q) {
  w.begin_object();
  w.key("unit");
  w.string(unit_symbol(q.unit()));
  w.key("value");
  if (q.micros() % Quantity::kScale == 0) {
    w.integer(q.micros() / Quantity::kScale);
  } else {
    number(w, q.value());
  }
  w.end_object();
}

// null when no agent is on record; otherwise only the agent's fields that are known.
void agent(JsonText& w, const Patient& p) {
  if (!p.agent_name && !p.agent_id_number && p.agent_relationship.empty()) {
    w.null();
    return;
  }
  w.begin_object();
  if (p.agent_id_number) {
    w.key("id_number");
    w.string(*p.agent_id_number);
  }
  if (p.agent_name) {
    w.key("name");
    w.string(*p.agent_name);
  }
  if (!p.agent_relationship.empty()) {
    w.key("relationship");
    w.string(p.agent_relationship);
  }
  w.end_object();
}

void patient(JsonText& w, const Patient& p) {
  w.begin_object();
  w.key("agent");
  agent(w, p);
  w.key("allergies");
  w.begin_array();
  for (const auto& a : p.allergies) w.string(a);
  w.end_array();
  w.key("birth_date");
  w.value_or_null(p.birth_date, [&](const Date& d) { w.string(format_date(d)); });
  w.key("id");
  w.string(p.id.value());
  w.key("id_number");
  w.value_or_null(p.id_number, [&](const std::string& s) { w.string(s); });
  w.key("name");
  w.string(p.name);
  w.key("pregnant");
  w.boolean(p.pregnant);
  w.key("sex");
  w.string(p.sex);
  w.key("weight_kg");
  w.value_or_null(p.weight_kg, [&](double kg) { number(w, kg); });
  w.end_object();
}

void item(JsonText& w, const Item& it) {
  w.begin_object();
  w.key("days");
  w.int_or_null(it.days);
  w.key("dose");
  w.value_or_null(it.dose, [&](const Quantity& q) { quantity(w, q); });
  w.key("drug");
  w.string(it.drug.value());
  w.key("frequency");
  w.value_or_null(it.frequency, [&](const auto& f) { w.string(frequency_code(f)); });
  w.key("placer_order_no");
  w.string(it.placer_order_no);
  w.key("quantity");
  quantity(w, it.quantity);
  w.key("route");
  w.string(it.route);
  w.key("supply_reason");
  w.value_or_null(it.supply_reason, [&](const std::string& s) { w.string(s); });
  w.end_object();
}

const PrescriptionTextField kFields[] = {
    {"diagnoses",
     [](JsonText& w, const Prescription& rx, const Zone&) {
       w.begin_array();
       for (const auto& d : rx.diagnoses) {
         w.begin_object();
         w.key("code");
         w.string(d.code);
         w.key("text");
         w.string(d.text);
         w.end_object();
       }
       w.end_array();
     }},
    {"extended_validity_days",
     [](JsonText& w, const Prescription& rx, const Zone&) { w.integer(rx.extended_validity_days); }},
    {"issued_at", [](JsonText& w, const Prescription& rx, const Zone& z) { w.string(format_local(rx.issued_at, z)); }},
    {"items",
     [](JsonText& w, const Prescription& rx, const Zone&) {
       w.begin_array();
       for (const auto& it : rx.items) item(w, it);
       w.end_array();
     }},
    {"patient", [](JsonText& w, const Prescription& rx, const Zone&) { patient(w, rx.patient); }},
    {"prescriber",
     [](JsonText& w, const Prescription& rx, const Zone&) {
       w.begin_object();
       w.key("id");
       w.string(rx.prescriber.id);
       w.key("name");
       w.string(rx.prescriber.name);
       w.end_object();
     }},
    {"prescription_no", [](JsonText& w, const Prescription& rx, const Zone&) { w.string(rx.prescription_no); }},
    {"visit",
     [](JsonText& w, const Prescription& rx, const Zone&) {
       w.begin_object();
       w.key("department");
       w.string(rx.visit.department);
       w.key("pain_patient");
       w.boolean(rx.visit.pain_patient);
       w.key("type");
       w.string(visit_type_name(rx.visit.type));
       w.end_object();
     }},
};

}  // namespace

std::span<const PrescriptionTextField> prescription_text_fields() { return kFields; }

std::string prescription_text(const Prescription& rx, const Zone& zone) {
  std::string out;
  out.reserve(1024);
  JsonText w(out);
  w.begin_object();
  for (const PrescriptionTextField& field : kFields) {
    w.key(field.key);
    field.write(w, rx, zone);
  }
  w.end_object();
  return out;
}

}  // namespace rx
