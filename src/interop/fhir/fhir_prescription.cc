#include "interop/fhir/fhir_prescription.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <set>

#include "interop/fhir/fhir_quantity.h"
#include "interop/fhir/fhir_references.h"
#include "interop/fhir/fhir_timing.h"
#include "interop/fhir/operation_outcome.h"
#include "interop/json/prescription_json.h"

namespace rx {
namespace {

using nlohmann::json;

constexpr std::string_view kGtinSystem = "https://www.gs1.org/gtin";
constexpr std::string_view kAtcSystem = "http://www.whocc.no/atc";
// The resident identity card number (居民身份证号) in Chinese health records, and HL7 table 0203's
// national person identifier of China as an identifier type.
constexpr std::string_view kResidentIdSystem = "urn:oid:2.16.156.10011.1.3";
constexpr std::string_view kNationalIdType = "NNCHN";
// The agent (代办人) among a Patient's contacts: v3 RoleCode AGNT in contact.relationship.
constexpr std::string_view kAgentRole = "AGNT";
// R4 Patient.contact has no identifier: the agent's ID number is this extension's valueString.
constexpr std::string_view kAgentIdExtension = "urn:rxpress:fhir:agent-id-number";
// Bounds on repeated elements, so that one document cannot fill memory.
constexpr size_t kMaxRepeats = 50;
constexpr std::array<std::string_view, 5> kOrderIntents = {"order", "original-order", "reflex-order", "filler-order",
                                                           "instance-order"};

Status wrong_type(const std::string& path, std::string_view expected, const json& found) {
  return fhir_error(kIssueStructure, fmt::format("expected {}, found {}", expected, found.type_name()), path);
}

Status missing(const std::string& path, std::string message = "is required") {
  return fhir_error(kIssueRequired, std::move(message), path);
}

// The member `key`, or nullptr when it is absent or null.
const json* member(const json& obj, std::string_view key) {
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

Result<const json*> object_at(const json& obj, std::string_view key, const std::string& path) {
  const json* v = member(obj, key);
  if (v != nullptr && !v->is_object()) return wrong_type(path, "an object", *v);
  return v;
}

Result<const json*> array_at(const json& obj, std::string_view key, const std::string& path, size_t max_size) {
  const json* v = member(obj, key);
  if (v == nullptr) return v;
  if (!v->is_array()) return wrong_type(path, "an array", *v);
  if (v->size() > max_size) {
    return fhir_error(kIssueStructure, fmt::format("at most {} entries are accepted, found {}", max_size, v->size()),
                      path);
  }
  return v;
}

Result<std::optional<std::string>> string_at(const json& obj, std::string_view key, const std::string& path) {
  const json* v = member(obj, key);
  if (v == nullptr) return std::optional<std::string>();
  if (!v->is_string()) return wrong_type(path, "a string", *v);
  return std::optional<std::string>(v->get<std::string>());
}

Result<std::string> required_string(const json& obj, std::string_view key, const std::string& path) {
  auto s = TRY(string_at(obj, key, path));
  if (!s || s->empty()) return missing(path);
  return *s;
}

// The first element of an array member, as an object; nullptr when empty.
Result<const json*> first_object(const json& obj, std::string_view key, const std::string& path) {
  const json* list = TRY(array_at(obj, key, path, kMaxRepeats));
  if (list == nullptr || list->empty()) return static_cast<const json*>(nullptr);
  if (!(*list)[0].is_object()) return wrong_type(path + "[0]", "an object", (*list)[0]);
  return &(*list)[0];
}

// The string member `key`, or "" when it is absent or not a string.
std::string text_of(const json& obj, std::string_view key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string coding_label(const json& coding) {
  std::string system = text_of(coding, "system");
  std::string code = text_of(coding, "code");
  return system.empty() ? code : system + "|" + code;
}

// True if any coding of the CodeableConcept has `code`.
bool has_code(const json& codeable, std::string_view code) {
  auto it = codeable.find("coding");
  if (it == codeable.end() || !it->is_array()) return false;
  return std::any_of(it->begin(), it->end(), [&](const json& c) { return c.is_object() && text_of(c, "code") == code; });
}

// A HumanName as one string: its text, else family and given names, Chinese ones family first without a space.
Result<std::string> person_name(const json& name, const std::string& path) {
  std::string text = TRY(string_at(name, "text", path + ".text")).value_or("");
  if (!text.empty()) return text;
  std::string family = TRY(string_at(name, "family", path + ".family")).value_or("");
  std::string given;
  if (const json* list = TRY(array_at(name, "given", path + ".given", kMaxRepeats))) {
    for (size_t i = 0; i < list->size(); ++i) {
      if (!(*list)[i].is_string()) return wrong_type(fmt::format("{}.given[{}]", path, i), "a string", (*list)[i]);
      given += (given.empty() ? "" : " ") + (*list)[i].get<std::string>();
    }
  }
  bool latin = std::all_of(family.begin(), family.end(), [](unsigned char c) { return c < 0x80; });
  if (!latin) return family + given;
  return given.empty() ? family : (family.empty() ? given : given + " " + family);
}

class Reader {
 public:
  explicit Reader(const Formulary& formulary) : formulary_(formulary) {}

  Status read_request(const json& mr, const std::string& path);
  Status read_allergy(const json& ai, const std::string& path);
  Result<FhirPrescription> finish(const Zone& zone, Instant received_at);

  void map(std::string field, std::string path) { out_.field_paths.emplace_back(std::move(field), std::move(path)); }

  FhirReferences refs;

 private:
  Status read_prescription_no(const json& mr, const std::string& path, std::string& placer);
  Status read_subject(const json& mr, const std::string& path);
  Status read_patient(const json& patient, const std::string& path);
  Status read_id_number(const json& patient, const std::string& path, json& out);
  Status read_agent(const json& patient, const std::string& path, json& out);
  Status read_requester(const json& mr, const std::string& path);
  Status read_reasons(const json& mr, const std::string& path);
  Result<const Drug*> read_medication(const json& mr, const std::string& path, const std::string& item);
  Result<json> read_quantity(const json& q, const std::string& path, const std::string& field);
  Status read_dosage(const json& mr, const std::string& path, const std::string& item, json& out);
  Result<std::optional<json>> read_days(const json& duration, const std::string& path);

  const Formulary& formulary_;
  json doc_ = json::object();
  json items_ = json::array();
  json allergies_ = json::array();
  json diagnoses_ = json::array();
  std::set<std::string> diagnosis_codes_;
  std::optional<std::string> patient_path_;  // where the Patient was read from
  std::string patient_id_;
  FhirPrescription out_;
};

Status Reader::read_prescription_no(const json& mr, const std::string& path, std::string& placer) {
  if (const json* id = TRY(first_object(mr, "identifier", path + ".identifier"))) {
    placer = TRY(string_at(*id, "value", path + ".identifier[0].value")).value_or("");
  }
  std::string no;
  std::string no_path;
  if (const json* group = TRY(object_at(mr, "groupIdentifier", path + ".groupIdentifier"))) {
    no_path = path + ".groupIdentifier.value";
    no = TRY(string_at(*group, "value", no_path)).value_or("");
  }
  if (no.empty()) {
    no = placer;
    no_path = path + ".identifier[0].value";
  }
  if (no.empty()) {
    return missing(path + ".groupIdentifier.value",
                   "a prescription number is required: groupIdentifier.value, or else identifier[0].value");
  }
  if (!doc_.contains("prescription_no")) {
    doc_["prescription_no"] = no;
    map("prescription_no", no_path);
  } else if (doc_["prescription_no"] != no) {
    return fhir_error(kIssueBusinessRule,
                      fmt::format("a transaction Bundle holds one prescription: this MedicationRequest belongs to "
                                  "'{}', the first to '{}'",
                                  no, doc_["prescription_no"].get<std::string>()),
                      no_path);
  }
  return Status();
}

Status Reader::read_patient(const json& p, const std::string& path) {
  if (text_of(p, "resourceType") != "Patient") {
    return fhir_error(kIssueStructure, "the subject must be a Patient", path + ".resourceType");
  }
  if (patient_path_) {
    if (*patient_path_ == path) return Status();
    return fhir_error(kIssueBusinessRule,
                      fmt::format("a prescription is for one patient; {} was read first", *patient_path_), path);
  }
  const json* identifier = TRY(first_object(p, "identifier", path + ".identifier"));
  if (identifier == nullptr) return missing(path + ".identifier[0].value", "the patient's identifier is required");
  patient_id_ = TRY(required_string(*identifier, "value", path + ".identifier[0].value"));
  patient_path_ = path;
  json patient = {{"id", patient_id_}};
  map("patient.id", path + ".identifier[0].value");
  if (const json* name = TRY(first_object(p, "name", path + ".name"))) {
    patient["name"] = TRY(person_name(*name, path + ".name[0]"));
    map("patient.name", path + ".name[0]");
  }
  if (auto gender = TRY(string_at(p, "gender", path + ".gender"))) {
    static const std::map<std::string, std::string> kSex = {
        {"male", "M"}, {"female", "F"}, {"other", "O"}, {"unknown", "U"}};
    auto it = kSex.find(*gender);
    if (it == kSex.end()) {
      return fhir_error(kIssueValue, fmt::format("expected male, female, other or unknown, found '{}'", *gender),
                        path + ".gender");
    }
    patient["sex"] = it->second;
  }
  if (auto birth = TRY(string_at(p, "birthDate", path + ".birthDate"))) {
    patient["birth_date"] = *birth;
    map("patient.birth_date", path + ".birthDate");
  }
  TRY(read_id_number(p, path, patient));
  TRY(read_agent(p, path, patient));
  doc_["patient"] = std::move(patient);
  return Status();
}

Status Reader::read_id_number(const json& p, const std::string& path, json& out) {
  const json* ids = TRY(array_at(p, "identifier", path + ".identifier", kMaxRepeats));
  for (size_t i = 0; ids != nullptr && i < ids->size(); ++i) {
    const json& id = (*ids)[i];
    std::string ipath = fmt::format("{}.identifier[{}]", path, i);
    if (!id.is_object()) return wrong_type(ipath, "an object", id);
    const json* type = TRY(object_at(id, "type", ipath + ".type"));
    if (text_of(id, "system") != kResidentIdSystem && !(type && has_code(*type, kNationalIdType))) continue;
    out["id_number"] = TRY(required_string(id, "value", ipath + ".value"));
    map("patient.id_number", ipath + ".value");
    break;
  }
  return Status();
}

Status Reader::read_agent(const json& p, const std::string& path, json& out) {
  const json* contacts = TRY(array_at(p, "contact", path + ".contact", kMaxRepeats));
  for (size_t i = 0; contacts != nullptr && i < contacts->size(); ++i) {
    const json& contact = (*contacts)[i];
    std::string cpath = fmt::format("{}.contact[{}]", path, i);
    if (!contact.is_object()) return wrong_type(cpath, "an object", contact);
    const json* relationships = TRY(array_at(contact, "relationship", cpath + ".relationship", kMaxRepeats));
    if (relationships == nullptr) continue;
    bool agent = false;
    std::string relationship;
    for (const json& r : *relationships) {
      if (!r.is_object()) continue;
      if (has_code(r, kAgentRole)) {
        agent = true;
      } else if (relationship.empty()) {
        relationship = text_of(r, "text");
      }
    }
    if (!agent) continue;
    json a = json::object();
    if (const json* name = TRY(object_at(contact, "name", cpath + ".name"))) {
      a["name"] = TRY(person_name(*name, cpath + ".name"));
      map("patient.agent.name", cpath + ".name");
    }
    if (!relationship.empty()) a["relationship"] = relationship;
    if (const json* extensions = TRY(array_at(contact, "extension", cpath + ".extension", kMaxRepeats))) {
      for (size_t k = 0; k < extensions->size(); ++k) {
        const json& e = (*extensions)[k];
        if (!e.is_object() || text_of(e, "url") != kAgentIdExtension) continue;
        std::string epath = fmt::format("{}.extension[{}].valueString", cpath, k);
        a["id_number"] = TRY(required_string(e, "valueString", epath));
        map("patient.agent.id_number", epath);
      }
    }
    out["agent"] = std::move(a);
    break;
  }
  return Status();
}

Status Reader::read_subject(const json& mr, const std::string& path) {
  std::string spath = path + ".subject";
  const json* subject = TRY(object_at(mr, "subject", spath));
  if (subject == nullptr) return missing(spath, "the subject (the patient) is required");
  if (auto ref = TRY(string_at(*subject, "reference", spath + ".reference"))) {
    auto target = refs.resolve(*ref, path);
    if (!target) {
      return missing(spath + ".reference",
                     fmt::format("'{}' is not in this document; include the Patient (in the Bundle or contained) "
                                 "or name the patient by subject.identifier",
                                 *ref));
    }
    return read_patient(*target->resource, target->path);
  }
  const json* identifier = TRY(object_at(*subject, "identifier", spath + ".identifier"));
  if (identifier == nullptr) return missing(spath, "subject needs a reference or an identifier");
  std::string id = TRY(required_string(*identifier, "value", spath + ".identifier.value"));
  if (patient_path_ && id != patient_id_) {
    return fhir_error(kIssueBusinessRule,
                      fmt::format("a prescription is for one patient; found '{}' and '{}'", patient_id_, id),
                      spath + ".identifier.value");
  }
  if (!patient_path_) {
    patient_path_ = spath;
    patient_id_ = id;
    doc_["patient"] = {{"id", id}};
    map("patient.id", spath + ".identifier.value");
  }
  return Status();
}

Status Reader::read_requester(const json& mr, const std::string& path) {
  if (doc_.contains("prescriber")) return Status();
  std::string rpath = path + ".requester";
  const json* requester = TRY(object_at(mr, "requester", rpath));
  if (requester == nullptr) return Status();
  json prescriber = {{"id", ""}, {"name", TRY(string_at(*requester, "display", rpath + ".display")).value_or("")}};
  if (const json* id = TRY(object_at(*requester, "identifier", rpath + ".identifier"))) {
    prescriber["id"] = TRY(string_at(*id, "value", rpath + ".identifier.value")).value_or("");
  }
  if (auto ref = TRY(string_at(*requester, "reference", rpath + ".reference"))) {
    if (auto target = refs.resolve(*ref, path)) {
      const json& who = *target->resource;
      if (const json* id = TRY(first_object(who, "identifier", target->path + ".identifier"))) {
        prescriber["id"] = TRY(string_at(*id, "value", target->path + ".identifier[0].value")).value_or("");
      }
      if (const json* name = TRY(first_object(who, "name", target->path + ".name"))) {
        if (auto text = TRY(string_at(*name, "text", target->path + ".name[0].text"))) prescriber["name"] = *text;
      }
    } else if (prescriber["id"] == "") {
      // "Practitioner/D0012": the id is the prescriber's, as the HIS knows them.
      prescriber["id"] = ref->substr(ref->rfind('/') + 1);
    }
  }
  doc_["prescriber"] = std::move(prescriber);
  return Status();
}

Status Reader::read_reasons(const json& mr, const std::string& path) {
  const json* reasons = TRY(array_at(mr, "reasonCode", path + ".reasonCode", kMaxRepeats));
  if (reasons == nullptr) return Status();
  for (size_t i = 0; i < reasons->size(); ++i) {
    std::string rpath = fmt::format("{}.reasonCode[{}]", path, i);
    const json& reason = (*reasons)[i];
    if (!reason.is_object()) return wrong_type(rpath, "a CodeableConcept", reason);
    std::string code, text = TRY(string_at(reason, "text", rpath + ".text")).value_or("");
    if (const json* coding = TRY(first_object(reason, "coding", rpath + ".coding"))) {
      code = TRY(string_at(*coding, "code", rpath + ".coding[0].code")).value_or("");
      if (text.empty()) text = TRY(string_at(*coding, "display", rpath + ".coding[0].display")).value_or("");
    }
    if ((code.empty() && text.empty()) || !diagnosis_codes_.insert(code + "|" + text).second) continue;
    diagnoses_.push_back({{"code", code}, {"text", text}});
  }
  return Status();
}

Result<const Drug*> Reader::read_medication(const json& mr, const std::string& path, const std::string& item) {
  if (const json* codeable = member(mr, "medicationCodeableConcept")) {
    map(item + ".drug", path + ".medicationCodeableConcept");
    return drug_from_codeable_concept(*codeable, formulary_, path + ".medicationCodeableConcept");
  }
  std::string rpath = path + ".medicationReference";
  const json* ref = TRY(object_at(mr, "medicationReference", rpath));
  if (ref == nullptr)
    return missing(path + ".medication[x]", "medicationCodeableConcept or medicationReference is required");
  std::string reference = TRY(required_string(*ref, "reference", rpath + ".reference"));
  auto target = refs.resolve(reference, path);
  if (!target) {
    return missing(
        rpath + ".reference",
        fmt::format("'{}' is not in this document; contain the Medication or include it in the Bundle", reference));
  }
  if (text_of(*target->resource, "resourceType") != "Medication") {
    return fhir_error(kIssueStructure, fmt::format("'{}' must name a Medication", reference), rpath + ".reference");
  }
  const json* code = member(*target->resource, "code");
  if (code == nullptr) return missing(target->path + ".code", "the Medication's code is required");
  map(item + ".drug", target->path + ".code");
  return drug_from_codeable_concept(*code, formulary_, target->path + ".code");
}

Result<json> Reader::read_quantity(const json& q, const std::string& path, const std::string& field) {
  if (!q.is_object()) return wrong_type(path, "a Quantity object", q);
  const json* value = member(q, "value");
  if (value == nullptr) return missing(path + ".value");
  if (!value->is_number()) return wrong_type(path + ".value", "a number", *value);
  auto unit = fhir_unit_text(q);
  if (!unit) return missing(path + ".code", "a unit is required (code with system UCUM, or unit)");
  map(field + ".value", path + ".value");
  map(field + ".unit", path + (q.contains("code") ? ".code" : ".unit"));
  return json{{"value", *value}, {"unit", *unit}};
}

Result<std::optional<json>> Reader::read_days(const json& duration, const std::string& path) {
  if (!duration.is_object()) return wrong_type(path, "a Duration object", duration);
  const json* value = member(duration, "value");
  if (value == nullptr) return missing(path + ".value");
  if (!value->is_number()) return wrong_type(path + ".value", "a number", *value);
  std::string unit = text_of(duration, "code");
  if (unit.empty()) unit = text_of(duration, "unit");
  if (unit == "d" || unit == "day" || unit == "days") return std::optional<json>(*value);
  if (unit == "wk" || unit == "week" || unit == "weeks") return std::optional<json>(value->get<double>() * 7);
  return fhir_error(kIssueValue, fmt::format("expected a duration in days (d) or weeks (wk), found '{}'", unit),
                    path + ".code");
}

Status Reader::read_dosage(const json& mr, const std::string& path, const std::string& item, json& out) {
  const json* list = TRY(array_at(mr, "dosageInstruction", path + ".dosageInstruction", kMaxRepeats));
  if (list == nullptr || list->empty()) return Status();
  if (list->size() > 1) {
    return fhir_error(kIssueBusinessRule,
                      fmt::format("one dosageInstruction per MedicationRequest can be reviewed, found {}; send each "
                                  "dosing phase as its own MedicationRequest",
                                  list->size()),
                      path + ".dosageInstruction");
  }
  std::string dpath = path + ".dosageInstruction[0]";
  const json& dosage = (*list)[0];
  if (!dosage.is_object()) return wrong_type(dpath, "a Dosage object", dosage);
  if (const json* rate = TRY(first_object(dosage, "doseAndRate", dpath + ".doseAndRate"))) {
    std::string rpath = dpath + ".doseAndRate[0]";
    if (const json* q = member(*rate, "doseQuantity")) {
      out["dose"] = TRY(read_quantity(*q, rpath + ".doseQuantity", item + ".dose"));
    } else if (member(*rate, "doseRange") != nullptr) {
      return fhir_error(kIssueBusinessRule,
                        "a dose range cannot be checked against the maximum dose; send doseQuantity",
                        rpath + ".doseRange");
    }
  }
  auto frequency = TRY(frequency_from_dosage(dosage, dpath));
  if (frequency) {
    out["frequency"] = std::string(frequency_code(*frequency));
    map(item + ".frequency", dpath + ".timing");
  }
  if (const json* timing = TRY(object_at(dosage, "timing", dpath + ".timing"))) {
    if (const json* repeat = TRY(object_at(*timing, "repeat", dpath + ".timing.repeat"))) {
      if (const json* bounds = member(*repeat, "boundsDuration")) {
        std::string bpath = dpath + ".timing.repeat.boundsDuration";
        if (auto days = TRY(read_days(*bounds, bpath))) {
          out["days"] = *days;
          map(item + ".days", bpath + ".value");
        }
      }
    }
  }
  if (const json* route = TRY(object_at(dosage, "route", dpath + ".route"))) {
    // SNOMED CT 26643006 is "oral route", which the project writes "po".
    std::string text = TRY(string_at(*route, "text", dpath + ".route.text")).value_or("");
    if (const json* coding = TRY(first_object(*route, "coding", dpath + ".route.coding"))) {
      std::string code = TRY(string_at(*coding, "code", dpath + ".route.coding[0].code")).value_or("");
      if (!code.empty()) text = code == "26643006" ? "po" : code;
    }
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    out["route"] = text;
  }
  return Status();
}

Status Reader::read_request(const json& mr, const std::string& path) {
  std::string status = TRY(required_string(mr, "status", path + ".status"));
  if (status != "active") {
    return fhir_error(kIssueBusinessRule,
                      fmt::format("only an active MedicationRequest is dispensed; found '{}'", status),
                      path + ".status");
  }
  std::string intent = TRY(required_string(mr, "intent", path + ".intent"));
  if (std::find(kOrderIntents.begin(), kOrderIntents.end(), intent) == kOrderIntents.end()) {
    return fhir_error(kIssueBusinessRule, fmt::format("only orders are dispensed; found intent '{}'", intent),
                      path + ".intent");
  }
  if (const json* dnp = member(mr, "doNotPerform"); dnp != nullptr && dnp->is_boolean() && dnp->get<bool>()) {
    return fhir_error(kIssueBusinessRule, "a MedicationRequest with doNotPerform true orders nothing to dispense",
                      path + ".doNotPerform");
  }
  std::string placer;
  TRY(read_prescription_no(mr, path, placer));
  TRY(read_subject(mr, path));
  std::string item = fmt::format("items[{}]", items_.size());
  map(item, path);
  const Drug* drug = TRY(read_medication(mr, path, item));
  json out = {{"drug", drug->code.value()}, {"placer_order_no", placer}};
  if (auto authored = TRY(string_at(mr, "authoredOn", path + ".authoredOn")); authored && !doc_.contains("issued_at")) {
    // A dateTime may be a bare date; it counts from the start of that day.
    doc_["issued_at"] = authored->size() == 10 ? *authored + "T00:00:00" : *authored;
    map("issued_at", path + ".authoredOn");
  }
  TRY(read_requester(mr, path));
  TRY(read_reasons(mr, path));
  TRY(read_dosage(mr, path, item, out));
  std::string dpath = path + ".dispenseRequest";
  const json* dispense = TRY(object_at(mr, "dispenseRequest", dpath));
  const json* quantity = dispense ? member(*dispense, "quantity") : nullptr;
  if (quantity == nullptr) return missing(dpath + ".quantity", "the quantity to dispense is required");
  out["quantity"] = TRY(read_quantity(*quantity, dpath + ".quantity", item + ".quantity"));
  if (const json* supply = member(*dispense, "expectedSupplyDuration")) {
    if (auto days = TRY(read_days(*supply, dpath + ".expectedSupplyDuration"))) {
      out["days"] = *days;
      map(item + ".days", dpath + ".expectedSupplyDuration.value");
    }
  }
  items_.push_back(std::move(out));
  out_.item_paths.push_back(path);
  return Status();
}

Status Reader::read_allergy(const json& ai, const std::string& path) {
  for (const char* key : {"clinicalStatus", "verificationStatus"}) {
    const json* status = TRY(object_at(ai, key, fmt::format("{}.{}", path, key)));
    if (status == nullptr) continue;
    if (const json* coding = TRY(first_object(*status, "coding", fmt::format("{}.{}.coding", path, key)))) {
      std::string code = text_of(*coding, "code");
      if (code == "inactive" || code == "resolved" || code == "refuted" || code == "entered-in-error") return Status();
    }
  }
  if (const json* patient = TRY(object_at(ai, "patient", path + ".patient"))) {
    if (auto ref = TRY(string_at(*patient, "reference", path + ".patient.reference"))) {
      auto target = refs.resolve(*ref, path);
      if (target && patient_path_ && target->path != *patient_path_) {
        return fhir_error(kIssueBusinessRule,
                          fmt::format("this allergy is for {}, not for the prescription's patient", *ref),
                          path + ".patient.reference");
      }
    }
  }
  std::string cpath = path + ".code";
  const json* code = TRY(object_at(ai, "code", cpath));
  if (code == nullptr) return missing(cpath, "the allergen (code) is required");
  std::string allergen;
  if (const json* codings = TRY(array_at(*code, "coding", cpath + ".coding", kMaxRepeats))) {
    for (const auto& c : *codings) {
      if (c.is_object() && text_of(c, "system") == kAtcSystem) allergen = text_of(c, "code");
    }
    if (allergen.empty()) allergen = TRY(string_at(*code, "text", cpath + ".text")).value_or("");
    if (allergen.empty() && !codings->empty() && (*codings)[0].is_object()) allergen = text_of((*codings)[0], "code");
  } else {
    allergen = TRY(string_at(*code, "text", cpath + ".text")).value_or("");
  }
  if (allergen.empty()) return missing(cpath, "the allergen needs an ATC coding, a text or a code");
  map(fmt::format("patient.allergies[{}]", allergies_.size()), cpath);
  allergies_.push_back(allergen);
  return Status();
}

Result<FhirPrescription> Reader::finish(const Zone& zone, Instant received_at) {
  if (!allergies_.empty()) doc_["patient"]["allergies"] = allergies_;
  if (!diagnoses_.empty()) doc_["diagnoses"] = diagnoses_;
  doc_["items"] = items_;
  auto rx = prescription_from_json(doc_, zone, received_at);
  if (!rx.ok()) {
    // The document was well-formed FHIR; what the canonical rules refuse is its content.
    return fhir_error(kIssueValue, rx.status().message(), out_.fhir_path(rx.status().field()));
  }
  out_.rx = std::move(rx).value();
  return std::move(out_);
}

Result<FhirPrescription> read_transaction(const json& bundle, const Formulary& formulary, const Zone& zone,
                                          Instant received_at) {
  std::string type = TRY(required_string(bundle, "type", "Bundle.type"));
  if (type != "transaction") {
    return fhir_error(kIssueNotSupported, fmt::format("only a transaction Bundle is accepted here, found '{}'", type),
                      "Bundle.type");
  }
  const json* entries = TRY(array_at(bundle, "entry", "Bundle.entry", kMaxBundleEntries));
  if (entries == nullptr || entries->empty()) return missing("Bundle.entry", "the Bundle has no entries");
  Reader reader(formulary);
  std::vector<std::pair<const json*, std::string>> requests, allergies;
  for (size_t i = 0; i < entries->size(); ++i) {
    std::string epath = fmt::format("Bundle.entry[{}]", i);
    const json& entry = (*entries)[i];
    if (!entry.is_object()) return wrong_type(epath, "an object", entry);
    std::string rpath = epath + ".resource";
    const json* resource = TRY(object_at(entry, "resource", rpath));
    if (resource == nullptr) return missing(rpath);
    if (const json* request = TRY(object_at(entry, "request", epath + ".request"))) {
      auto method = TRY(string_at(*request, "method", epath + ".request.method"));
      if (method && *method != "POST" && *method != "PUT") {
        return fhir_error(kIssueNotSupported, fmt::format("expected POST or PUT, found '{}'", *method),
                          epath + ".request.method");
      }
    }
    std::string full_url = TRY(string_at(entry, "fullUrl", epath + ".fullUrl")).value_or("");
    std::string resource_type = TRY(required_string(*resource, "resourceType", rpath + ".resourceType"));
    reader.refs.add_entry(*resource, full_url, rpath);
    reader.refs.add_contained(*resource, rpath);
    if (resource_type == "MedicationRequest") {
      requests.emplace_back(resource, rpath);
    } else if (resource_type == "AllergyIntolerance") {
      allergies.emplace_back(resource, rpath);
    } else if (resource_type != "Patient" && resource_type != "Medication" && resource_type != "Practitioner") {
      return fhir_error(kIssueNotSupported,
                        fmt::format("expected Patient, AllergyIntolerance, Medication, Practitioner or "
                                    "MedicationRequest, found '{}'",
                                    resource_type),
                        rpath + ".resourceType");
    }
  }
  if (requests.empty()) return missing("Bundle.entry", "the Bundle has no MedicationRequest");
  reader.map("items", "Bundle.entry");
  for (const auto& [mr, path] : requests) TRY(reader.read_request(*mr, path));
  for (const auto& [ai, path] : allergies) TRY(reader.read_allergy(*ai, path));
  return reader.finish(zone, received_at);
}

}  // namespace

std::string FhirPrescription::fhir_path(std::string_view field) const {
  const std::pair<std::string, std::string>* best = nullptr;
  for (const auto& entry : field_paths) {
    const std::string& prefix = entry.first;
    if (!field.starts_with(prefix)) continue;
    if (field.size() != prefix.size() && field[prefix.size()] != '.' && field[prefix.size()] != '[') continue;
    if (best == nullptr || prefix.size() > best->first.size()) best = &entry;
  }
  if (best == nullptr) return std::string(field);
  return best->second + std::string(field.substr(best->first.size()));
}

Result<const Drug*> drug_from_codeable_concept(const json& codeable, const Formulary& formulary,
                                               const std::string& path) {
  if (!codeable.is_object()) return wrong_type(path, "a CodeableConcept object", codeable);
  const json* codings = TRY(array_at(codeable, "coding", path + ".coding", kMaxRepeats));
  std::vector<const Drug*> found;
  std::vector<std::string> tried;
  for (size_t i = 0; codings != nullptr && i < codings->size(); ++i) {
    std::string cpath = fmt::format("{}.coding[{}]", path, i);
    const json& coding = (*codings)[i];
    if (!coding.is_object()) return wrong_type(cpath, "a Coding object", coding);
    std::string system = TRY(string_at(coding, "system", cpath + ".system")).value_or("");
    std::string code = TRY(string_at(coding, "code", cpath + ".code")).value_or("");
    if (code.empty()) continue;
    tried.push_back(coding_label(coding));
    const Drug* drug = nullptr;
    if (system == kGtinSystem) {
      drug = formulary.find_by_gtin(code);
    } else if (system == kAtcSystem) {
      auto matches = formulary.find_by_atc(code);
      if (matches.size() == 1) drug = matches.front();
      if (matches.size() > 1) tried.back() += fmt::format(" (names {} formulary drugs)", matches.size());
    } else {
      drug = formulary.find(DrugCode(code));
    }
    if (drug != nullptr && std::find(found.begin(), found.end(), drug) == found.end()) found.push_back(drug);
  }
  if (found.size() > 1) {
    return fhir_error(kIssueCodeInvalid,
                      fmt::format("the codings name different formulary drugs, {} and {}", found[0]->code.value(),
                                  found[1]->code.value()),
                      path + ".coding");
  }
  if (found.empty()) {
    std::string list;
    for (const auto& t : tried) list += (list.empty() ? "" : ", ") + t;
    return Status::invalid(fmt::format("no coding names a formulary drug (found: {}); expected a formulary code, a "
                                       "GTIN (system {}) or an ATC code (system {}) that names exactly one drug",
                                       list.empty() ? "none" : list, kGtinSystem, kAtcSystem),
                           path + ".coding")
        .with_reason("UNKNOWN_DRUG");
  }
  return found.front();
}

Result<FhirPrescription> prescription_from_fhir(const json& resource, const Formulary& formulary, const Zone& zone,
                                                Instant received_at) {
  if (!resource.is_object()) {
    return fhir_error(kIssueStructure,
                      fmt::format("expected a FHIR resource (a JSON object), found {}", resource.type_name()), "");
  }
  const json* type = member(resource, "resourceType");
  if (type == nullptr || !type->is_string()) return missing("resourceType", "resourceType (a string) is required");
  if (*type == "Bundle") return read_transaction(resource, formulary, zone, received_at);
  if (*type != "MedicationRequest") {
    return fhir_error(
        kIssueNotSupported,
        fmt::format("expected a MedicationRequest or a transaction Bundle, found '{}'", type->get<std::string>()),
        "resourceType");
  }
  Reader reader(formulary);
  reader.refs.add_contained(resource, "MedicationRequest");
  reader.map("items", "MedicationRequest");
  TRY(reader.read_request(resource, "MedicationRequest"));
  return reader.finish(zone, received_at);
}

}  // namespace rx
