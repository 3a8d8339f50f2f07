#include "interop/fhir/fhir_resources.h"

#include <fmt/format.h>

#include "interop/fhir/fhir_quantity.h"
#include "interop/fhir/fhir_timing.h"

namespace rx {
namespace {

using nlohmann::json;

constexpr std::string_view kGtinSystem = "https://www.gs1.org/gtin";
constexpr std::string_view kAtcSystem = "http://www.whocc.no/atc";

std::string_view request_status(RxStatus s) {
  switch (s) {
    case RxStatus::kBlocked: return "on-hold";
    case RxStatus::kHandedOver: return "completed";
    case RxStatus::kRejected:
    case RxStatus::kCancelled: return "cancelled";
    default: return "active";
  }
}

std::optional<std::string_view> dispense_status(const FhirRecord& r) {
  switch (r.status) {
    case RxStatus::kDispensing:
    case RxStatus::kReady: return "in-progress";
    case RxStatus::kHandedOver: return "completed";
    case RxStatus::kRejected: return "declined";
    case RxStatus::kBlocked:
      if (!r.hold_reason.empty()) return "on-hold";
      return std::nullopt;
    case RxStatus::kCancelled:
      if (r.dispensing_at) return "cancelled";
      return std::nullopt;
    default: return std::nullopt;
  }
}

json subject(const Prescription& rx) {
  json s = {{"identifier", {{"value", rx.patient.id.value()}}}};
  if (!rx.patient.name.empty()) s["display"] = rx.patient.name;
  return s;
}

json dosage(const Item& item) {
  json d = item.frequency ? dosage_timing(*item.frequency) : json::object();
  if (!item.route.empty()) d["route"] = {{"text", item.route}};
  if (item.dose) d["doseAndRate"] = {{{"doseQuantity", fhir_quantity(*item.dose)}}};
  return d;
}

json days_quantity(int days) {
  return {{"value", days}, {"unit", "days"}, {"system", std::string(kUcumSystem)}, {"code", "d"}};
}

}  // namespace

json medication_concept(const DrugCode& code, const Formulary& formulary) {
  json coding = json::array();
  json local = {{"code", code.value()}};
  const Drug* drug = formulary.find(code);
  if (drug != nullptr && !drug->name_zh.empty()) local["display"] = drug->name_zh;
  coding.push_back(std::move(local));
  if (drug != nullptr && !drug->gtin.empty()) {
    coding.push_back({{"system", std::string(kGtinSystem)}, {"code", drug->gtin}});
  }
  if (drug != nullptr && !drug->atc.empty()) {
    coding.push_back({{"system", std::string(kAtcSystem)}, {"code", drug->atc}});
  }
  json codeable = {{"coding", std::move(coding)}};
  if (drug != nullptr && !drug->name_zh.empty()) codeable["text"] = drug->name_zh;
  return codeable;
}

json medication_request_json(const FhirRecord& record, size_t item_index, const Formulary& formulary,
                             const Zone& zone) {
  const Prescription& rx = *record.rx;
  const Item& item = rx.items.at(item_index);
  json mr = {
      {"resourceType", "MedicationRequest"},
      {"id", fhir_line_id(record.id, item_index)},
      {"status", std::string(request_status(record.status))},
      {"intent", "order"},
      {"groupIdentifier", {{"value", rx.prescription_no}}},
      {"medicationCodeableConcept", medication_concept(item.drug, formulary)},
      {"subject", subject(rx)},
      {"authoredOn", format_local(rx.issued_at, zone)},
  };
  if (!item.placer_order_no.empty()) mr["identifier"] = {{{"value", item.placer_order_no}}};
  if ((record.status == RxStatus::kRejected || record.status == RxStatus::kCancelled) && !record.reason.empty()) {
    mr["statusReason"] = {{"text", record.reason}};
  }
  if (!rx.prescriber.id.empty() || !rx.prescriber.name.empty()) {
    json requester = json::object();
    if (!rx.prescriber.id.empty()) requester["identifier"] = {{"value", rx.prescriber.id}};
    if (!rx.prescriber.name.empty()) requester["display"] = rx.prescriber.name;
    mr["requester"] = std::move(requester);
  }
  json reasons = json::array();
  for (const auto& d : rx.diagnoses) {
    json reason = json::object();
    if (!d.code.empty()) reason["coding"] = {{{"code", d.code}}};
    if (!d.text.empty()) reason["text"] = d.text;
    if (!reason.empty()) reasons.push_back(std::move(reason));
  }
  if (!reasons.empty()) mr["reasonCode"] = std::move(reasons);
  if (json d = dosage(item); !d.empty()) mr["dosageInstruction"] = {std::move(d)};
  json dispense = {{"quantity", fhir_quantity(item.quantity)}};
  if (item.days) dispense["expectedSupplyDuration"] = days_quantity(*item.days);
  mr["dispenseRequest"] = std::move(dispense);
  return mr;
}

std::vector<json> medication_dispenses_json(const FhirRecord& record, const Formulary& formulary, const Zone& zone) {
  std::vector<json> out;
  auto status = dispense_status(record);
  if (!status) return out;
  const Prescription& rx = *record.rx;
  for (size_t i = 0; i < rx.items.size(); ++i) {
    const Item& item = rx.items[i];
    std::string id = fhir_line_id(record.id, i);
    // R4 MedicationDispense has no lot; Medication.batch (0..1) holds one.
    json medication = {
        {"resourceType", "Medication"}, {"id", "med"}, {"code", medication_concept(item.drug, formulary)}};
    const std::vector<FhirLotPacks> none;
    const auto& lots = i < record.verified.size() ? record.verified[i] : none;
    if (lots.size() == 1) {
      medication["batch"] = {{"lotNumber", lots[0].lot.value()}, {"expirationDate", format_date(lots[0].expiry)}};
    }
    json md = {
        {"resourceType", "MedicationDispense"},
        {"id", id},
        {"contained", {std::move(medication)}},
        {"status", std::string(*status)},
        {"medicationReference", {{"reference", "#med"}}},
        {"subject", subject(rx)},
        {"authorizingPrescription", {{{"reference", "MedicationRequest/" + id}}}},
    };
    if ((record.status == RxStatus::kRejected || record.status == RxStatus::kCancelled) && !record.reason.empty()) {
      md["statusReasonCodeableConcept"] = {{"text", record.reason}};
    }
    if (record.status == RxStatus::kBlocked && !record.hold_reason.empty()) {
      md["statusReasonCodeableConcept"] = {{"text", record.hold_reason}};
    }
    int packs = 0;
    for (const auto& l : lots) packs += l.packs;
    if (packs > 0) {
      const Drug* drug = formulary.find(item.drug);
      md["quantity"] = fhir_quantity(Quantity::whole(packs, drug ? drug->pack_unit : Unit::kPack));
    }
    if (lots.size() > 1) {
      std::string text;
      for (const auto& l : lots) {
        text += fmt::format("{}lot {} (expiry {}): {} packs", text.empty() ? "" : "; ", l.lot.value(),
                            format_date(l.expiry), l.packs);
      }
      md["note"] = {{{"text", text}}};
    }
    if (item.days) md["daysSupply"] = days_quantity(*item.days);
    if (record.ready_at && record.status != RxStatus::kCancelled)
      md["whenPrepared"] = format_local(*record.ready_at, zone);
    if (record.handed_over_at) md["whenHandedOver"] = format_local(*record.handed_over_at, zone);
    if (json d = dosage(item); !d.empty()) md["dosageInstruction"] = {std::move(d)};
    out.push_back(std::move(md));
  }
  return out;
}

}  // namespace rx
