// Patients as the HIS last sent them (HL7 ADT): their allergies join every
// later prescription, and a change reviews the open ones again.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "interop/json/prescription_json.h"
#include "service/pharmacy_impl.h"

namespace rx {
namespace {

const Actor kSystem{"system", "rxpress"};
constexpr std::string_view kPatientKey = "patient:";

nlohmann::json patient_json(const Patient& p) {
  nlohmann::json j = {{"id", p.id.value()}, {"name", p.name}, {"sex", p.sex}, {"allergies", p.allergies}};
  if (p.birth_date) j["birth_date"] = format_date(*p.birth_date);
  return j;
}

Result<Patient> patient_from_json(const nlohmann::json& j) {
  try {
    Patient p;
    p.id = PatientId(j.at("id").get<std::string>());
    p.name = j.value("name", "");
    p.sex = j.value("sex", "");
    p.allergies = j.value("allergies", std::vector<std::string>{});
    if (j.contains("birth_date")) p.birth_date = TRY(parse_date(j.at("birth_date").get<std::string>()));
    return p;
  } catch (const nlohmann::json::exception& e) {
    return Status::internal(fmt::format("a stored patient cannot be read: {}", e.what()));
  }
}

// `into` with every allergy of `more` it lacks appended; true if any was.
bool add_allergies(std::vector<std::string>& into, const std::vector<std::string>& more) {
  bool added = false;
  for (const auto& a : more) {
    if (std::find(into.begin(), into.end(), a) == into.end()) {
      into.push_back(a);
      added = true;
    }
  }
  return added;
}

}  // namespace

void Pharmacy::update_patient(Patient patient, const Actor& actor, std::function<void(Status)> done) {
  auto& im = *impl_;
  if (patient.id.value().empty()) {
    scheduler_.post([done] { done(Status::invalid("a patient update needs the patient's id", "patient.id")); });
    return;
  }
  auto found = im.patients_.find(patient.id.value());
  bool known = found != im.patients_.end() && !found->second.id.value().empty();
  nlohmann::json now_json = patient_json(patient);
  if (known && patient_json(found->second) == now_json) {
    // The same update again changes nothing.
    im.after_commit([done] { done(Status()); }, [done](const Status& s) { done(s); });
    return;
  }
  // Written before anything is kept, so that a text that cannot be written
  // leaves the patient as stored.
  std::string text = now_json.dump();
  bool allergies_changed = !known || found->second.allergies != patient.allergies;
  auto& stored = im.patients_[patient.id.value()];
  stored = std::move(patient);
  im.set_meta(std::string(kPatientKey) + stored.id.value(), std::move(text));
  // The trail keeps ids and allergies only; the name stays in the patient row.
  im.emit("patient.updated", actor, std::nullopt, {{"patient_id", stored.id.value()}, {"allergies", stored.allergies}});
  if (allergies_changed && !stored.allergies.empty()) im.review_again(stored.id, actor);
  im.after_commit([done] { done(Status()); }, [done](const Status& s) { done(s); });
}

const Patient* Pharmacy::find_patient(const PatientId& id) const {
  auto it = impl_->patients_.find(id.value());
  return it == impl_->patients_.end() ? nullptr : &it->second;
}

void Pharmacy::Impl::merge_stored_allergies(Prescription& rx) const {
  auto it = patients_.find(rx.patient.id.value());
  if (it != patients_.end()) add_allergies(rx.patient.allergies, it->second.allergies);
}

void Pharmacy::Impl::review_again(const PatientId& patient, const Actor& actor) {
  for (auto& [id, r] : records_) {
    if (r->rx.patient.id != patient) continue;
    if (r->status != RxStatus::kReceived && r->status != RxStatus::kBlocked && r->status != RxStatus::kAccepted) {
      continue;
    }
    if (!add_allergies(r->rx.patient.allergies, patients_.at(patient.value()).allergies)) continue;
    rx_parts_.erase(id);
    // Judged as of receipt, so that only the new allergies can change the outcome.
    std::vector<Finding> findings = owner_.review(r->rx, r->received_at);
    std::vector<std::string> before = blocking_codes(r->findings);
    std::vector<std::string> after = blocking_codes(findings);
    r->findings = std::move(findings);
    touch(*r);
    nlohmann::json findings_json = nlohmann::json::array();
    for (const auto& f : r->findings) findings_json.push_back(finding_to_json(f));
    emit("prescription.reviewed", actor, r->id,
         {{"reason", "the patient's allergies changed"},
          {"allergies", r->rx.patient.allergies},
          {"findings", findings_json}});
    bool new_block = std::any_of(after.begin(), after.end(), [&](const std::string& code) {
      return std::find(before.begin(), before.end(), code) == before.end();
    });
    // A block a pharmacist overrode stays overridden; a new one blocks again.
    if (new_block && r->status != RxStatus::kBlocked) {
      awaiting_dispatch_.erase(id);
      set_status(*r, RxStatus::kBlocked);
      emit("prescription.blocked", kSystem, r->id, {{"codes", after}});
      spdlog::info("prescription {} blocked again after its patient's allergies changed", id);
    }
  }
}

Status Pharmacy::Impl::load_patient(const MetaRow& row) {
  nlohmann::json doc = nlohmann::json::parse(row.value, nullptr, false);
  if (doc.is_discarded()) return Status::internal(fmt::format("stored {} is not JSON", row.key));
  Patient p = TRY(patient_from_json(doc));
  patients_[p.id.value()] = std::move(p);
  return Status();
}

}  // namespace rx
