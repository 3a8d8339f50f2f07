#include "interop/fhir/fhir_prescription.h"

#include <gtest/gtest.h>

#include "interop/fhir/operation_outcome.h"
#include "unit/interop/fhir_test_data.h"

namespace rx {
namespace {

using nlohmann::json;
using testing_fhir::resource;
using testing_fhir::shipped_formulary;

const Instant kReceived = *parse_instant("2026-03-29T10:00:00+08:00", Zone::shanghai());

Result<FhirPrescription> read(const json& j) {
  return prescription_from_fhir(j, shipped_formulary(), Zone::shanghai(), kReceived);
}

// The error of reading `j`, which must fail.
Status error_of(const json& j) {
  auto r = read(j);
  EXPECT_FALSE(r.ok());
  return r.ok() ? Status() : r.status();
}

TEST(FhirPrescription, TransactionBundleMapsEveryElement) {
  auto r = read(resource("transaction-bundle"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const Prescription& rx = r->rx;
  EXPECT_EQ(rx.prescription_no, "MZ20260329-000123");
  EXPECT_EQ(format_local(rx.issued_at, Zone::shanghai()), "2026-03-29T09:12:00+08:00");
  EXPECT_EQ(rx.patient.id.value(), "P000123");
  EXPECT_EQ(rx.patient.name, "张三");
  EXPECT_EQ(rx.patient.sex, "M");
  ASSERT_TRUE(rx.patient.birth_date);
  EXPECT_EQ(format_date(*rx.patient.birth_date), "1958-04-02");
  // The resolved cephalosporin allergy is left out; an ATC coding wins over the text.
  EXPECT_EQ(rx.patient.allergies, (std::vector<std::string>{"penicillin", "M01AE01"}));
  EXPECT_EQ(rx.prescriber.id, "D0012");
  EXPECT_EQ(rx.prescriber.name, "李医生");
  ASSERT_EQ(rx.diagnoses.size(), 1u);
  EXPECT_EQ(rx.diagnoses[0].code, "I10");
  EXPECT_EQ(rx.diagnoses[0].text, "高血压");
  ASSERT_EQ(rx.items.size(), 2u);

  const Item& amlodipine = rx.items[0];  // by GTIN, through medicationReference to a urn:uuid entry
  EXPECT_EQ(amlodipine.drug.value(), "D0006");
  EXPECT_EQ(amlodipine.dose, Quantity::whole(5, Unit::kMilligram));
  EXPECT_EQ(amlodipine.frequency, Frequency::kQd);
  EXPECT_EQ(amlodipine.route, "po");
  EXPECT_EQ(amlodipine.days, 7);
  EXPECT_EQ(amlodipine.quantity, Quantity::whole(1, Unit::kPack));
  EXPECT_EQ(amlodipine.placer_order_no, "ORD-000123-1");

  const Item& atorvastatin = rx.items[1];  // by an ATC code that names one drug
  EXPECT_EQ(atorvastatin.drug.value(), "D0019");
  EXPECT_EQ(atorvastatin.frequency, Frequency::kQn);
  EXPECT_EQ(atorvastatin.route, "po");
  EXPECT_EQ(atorvastatin.days, 7);  // 1 wk
  EXPECT_EQ(atorvastatin.quantity, Quantity::whole(1, Unit::kPack));
  EXPECT_EQ(r->item_paths, (std::vector<std::string>{"Bundle.entry[6].resource", "Bundle.entry[7].resource"}));
}

TEST(FhirPrescription, SingleRequestWithContainedPatientAndMedication) {
  auto r = read(resource("medication-request"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const Prescription& rx = r->rx;
  EXPECT_EQ(rx.prescription_no, "MZ20260329-000456");
  EXPECT_EQ(rx.patient.id.value(), "P000456");
  EXPECT_EQ(rx.patient.name, "Wei Li");
  EXPECT_EQ(rx.patient.sex, "F");
  // authoredOn is a bare date: the start of that day in the pharmacy's zone.
  EXPECT_EQ(format_local(rx.issued_at, Zone::shanghai()), "2026-03-29T00:00:00+08:00");
  EXPECT_EQ(rx.prescriber.id, "D0034");
  EXPECT_EQ(rx.prescriber.name, "王医生");
  ASSERT_EQ(rx.items.size(), 1u);
  EXPECT_EQ(rx.items[0].drug.value(), "D0003");  // a formulary code in a local system
  EXPECT_EQ(rx.items[0].dose, Quantity::whole(1, Unit::kTablet));
  EXPECT_EQ(rx.items[0].frequency, Frequency::kQd);
  EXPECT_EQ(rx.items[0].quantity, Quantity::whole(1, Unit::kPack));
}

TEST(FhirPrescription, TheIdNumberAndTheAgentComeFromThePatient) {
  json mr = resource("medication-request");
  json& patient = mr["contained"][0];
  patient["identifier"].push_back({{"system", "urn:oid:2.16.156.10011.1.3"}, {"value", "110101197001150027"}});
  patient["contact"] = json::parse(R"([
    {"relationship": [{"text": "紧急联系人"}], "name": {"text": "李四"}},
    {"relationship": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode", "code": "AGNT"}]},
                      {"text": "子女"}],
     "name": {"family": "王", "given": ["小明"]},
     "extension": [{"url": "urn:rxpress:fhir:agent-id-number", "valueString": "110101200501010019"}]}
  ])");
  auto r = read(mr);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const Patient& p = r->rx.patient;
  EXPECT_EQ(p.id.value(), "P000456") << "the first identifier stays the patient's id";
  EXPECT_EQ(p.id_number, "110101197001150027");
  EXPECT_EQ(p.agent_name, "王小明") << "the AGNT contact, not the emergency contact";
  EXPECT_EQ(p.agent_relationship, "子女");
  EXPECT_EQ(p.agent_id_number, "110101200501010019");

  // An identifier typed NNCHN counts too; an agent without the extension has no ID number.
  patient["identifier"][1] = json::parse(
      R"({"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "NNCHN"}]},
          "value": "310101197001150027"})");
  patient["contact"][1].erase("extension");
  r = read(mr);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->rx.patient.id_number, "310101197001150027");
  EXPECT_EQ(r->rx.patient.agent_name, "王小明");
  EXPECT_FALSE(r->rx.patient.agent_id_number.has_value());

  // Without such an identifier or contact there is neither.
  r = read(resource("medication-request"));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->rx.patient.id_number.has_value());
  EXPECT_FALSE(r->rx.patient.agent_name.has_value());
}

TEST(FhirPrescription, WithoutAuthoredOnIssuedAtIsTheTimeOfReceipt) {
  json mr = resource("medication-request");
  mr.erase("authoredOn");
  auto r = read(mr);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->rx.issued_at, kReceived);
}

TEST(FhirPrescription, PrescriptionNumberFallsBackToTheFirstIdentifier) {
  json mr = resource("medication-request");
  mr.erase("groupIdentifier");
  auto r = read(mr);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->rx.prescription_no, "ORD-000456-1");

  mr.erase("identifier");
  Status s = error_of(mr);
  EXPECT_EQ(s.field(), "MedicationRequest.groupIdentifier.value");
  EXPECT_EQ(issue_type(s), "required");
}

TEST(FhirPrescription, SubjectByIdentifierAndDrugByGtin) {
  json mr = resource("medication-request-two-dosages");
  mr["dosageInstruction"].erase(1);
  auto r = read(mr);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->rx.patient.id.value(), "P000789");
  EXPECT_EQ(r->rx.items[0].drug.value(), "D0031");
  EXPECT_EQ(r->rx.items[0].days, 1);  // from timing.repeat.boundsDuration
  EXPECT_EQ(r->rx.items[0].quantity, Quantity::whole(6, Unit::kTablet));
}

TEST(FhirPrescription, TwoDosageInstructionsAreRefused) {
  Status s = error_of(resource("medication-request-two-dosages"));
  EXPECT_EQ(s.field(), "MedicationRequest.dosageInstruction");
  EXPECT_EQ(issue_type(s), "business-rule");
  EXPECT_TRUE(is_unprocessable(s));
}

TEST(FhirPrescription, UnknownDrugIsUnprocessable) {
  json mr = resource("medication-request");
  mr["contained"][1]["code"]["coding"][0]["code"] = "D9999";
  Status s = error_of(mr);
  EXPECT_EQ(s.reason(), "UNKNOWN_DRUG");
  EXPECT_EQ(s.field(), "MedicationRequest.contained[1].code.coding");
  EXPECT_NE(s.message().find("D9999"), std::string::npos) << s.message();
  EXPECT_TRUE(is_unprocessable(s));
}

TEST(FhirPrescription, AtcCodeMustNameExactlyOneDrug) {
  json mr = resource("medication-request");
  mr.erase("medicationReference");
  mr["medicationCodeableConcept"] = {{"coding", {{{"system", "http://www.whocc.no/atc"}, {"code", "B01AC06"}}}}};
  Status s = error_of(mr);
  EXPECT_EQ(s.reason(), "UNKNOWN_DRUG");
  EXPECT_NE(s.message().find("names 2 formulary drugs"), std::string::npos) << s.message();

  mr["medicationCodeableConcept"]["coding"][0]["code"] = "B01AC04";
  auto r = read(mr);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->rx.items[0].drug.value(), "D0003");
}

TEST(FhirPrescription, GtinCountsOnlyUnderTheGs1System) {
  json mr = resource("medication-request");
  mr.erase("medicationReference");
  mr["medicationCodeableConcept"] = {{"coding", {{{"system", "urn:example"}, {"code", "02000000000039"}}}}};
  EXPECT_EQ(error_of(mr).reason(), "UNKNOWN_DRUG");
}

TEST(FhirPrescription, CodingsNamingDifferentDrugsAreRefused) {
  json mr = resource("medication-request");
  mr.erase("medicationReference");
  mr["medicationCodeableConcept"] = {
      {"coding", {{{"code", "D0003"}}, {{"system", "https://www.gs1.org/gtin"}, {"code", "02000000000060"}}}}};
  Status s = error_of(mr);
  EXPECT_EQ(issue_type(s), "code-invalid");
  EXPECT_EQ(s.field(), "MedicationRequest.medicationCodeableConcept.coding");
}

TEST(FhirPrescription, WrongJsonTypeIsAStructureErrorAtItsPath) {
  json mr = resource("medication-request");
  mr["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] = "1";
  Status s = error_of(mr);
  EXPECT_EQ(s.field(), "MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity.value");
  EXPECT_EQ(issue_type(s), "structure");
  EXPECT_FALSE(is_unprocessable(s));

  mr = resource("medication-request");
  mr["dosageInstruction"] = json::object();
  EXPECT_EQ(error_of(mr).field(), "MedicationRequest.dosageInstruction");
}

TEST(FhirPrescription, BadQuantitiesAreUnprocessableAtTheirFhirPath) {
  json mr = resource("medication-request");
  mr["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"]["value"] = 0;
  Status s = error_of(mr);
  EXPECT_EQ(s.field(), "MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity.value");
  EXPECT_TRUE(is_unprocessable(s)) << s.to_string();

  mr = resource("medication-request");
  mr["dispenseRequest"]["quantity"]["unit"] = "furlong";
  s = error_of(mr);
  EXPECT_EQ(s.field(), "MedicationRequest.dispenseRequest.quantity.unit");
  EXPECT_TRUE(is_unprocessable(s));

  mr = resource("medication-request");
  mr["dispenseRequest"]["expectedSupplyDuration"]["value"] = 2.5;
  s = error_of(mr);
  EXPECT_EQ(s.field(), "MedicationRequest.dispenseRequest.expectedSupplyDuration.value");
}

TEST(FhirPrescription, ErrorsInABundleNameTheEntry) {
  json bundle = resource("transaction-bundle");
  bundle["entry"][7]["resource"]["dispenseRequest"]["quantity"]["value"] = -1;
  Status s = error_of(bundle);
  EXPECT_EQ(s.field(), "Bundle.entry[7].resource.dispenseRequest.quantity.value");
}

TEST(FhirPrescription, MissingDispenseQuantityIsRequired) {
  json mr = resource("medication-request");
  mr["dispenseRequest"].erase("quantity");
  Status s = error_of(mr);
  EXPECT_EQ(s.field(), "MedicationRequest.dispenseRequest.quantity");
  EXPECT_EQ(issue_type(s), "required");
}

TEST(FhirPrescription, UnresolvedSubjectIsRequired) {
  json mr = resource("medication-request");
  mr["subject"]["reference"] = "Patient/elsewhere";
  Status s = error_of(mr);
  EXPECT_EQ(s.field(), "MedicationRequest.subject.reference");
  EXPECT_NE(s.message().find("Patient/elsewhere"), std::string::npos);
}

TEST(FhirPrescription, OnlyActiveOrdersAreRead) {
  json mr = resource("medication-request");
  mr["status"] = "completed";
  EXPECT_EQ(error_of(mr).field(), "MedicationRequest.status");
  mr = resource("medication-request");
  mr["intent"] = "proposal";
  EXPECT_EQ(error_of(mr).field(), "MedicationRequest.intent");
}

TEST(FhirPrescription, UnmappableTimingIsAValueError) {
  json mr = resource("medication-request");
  mr["dosageInstruction"][0]["timing"] = {{"repeat", {{"frequency", 5}, {"period", 1}, {"periodUnit", "d"}}}};
  Status s = error_of(mr);
  EXPECT_EQ(s.field(), "MedicationRequest.dosageInstruction[0].timing.repeat");
  EXPECT_EQ(issue_type(s), "value");
}

TEST(FhirPrescription, UnknownResourceTypeIsNotSupported) {
  Status s = error_of({{"resourceType", "Observation"}});
  EXPECT_EQ(s.field(), "resourceType");
  EXPECT_EQ(issue_type(s), "not-supported");
  EXPECT_FALSE(is_unprocessable(s));
  EXPECT_EQ(issue_type(error_of(json::array())), "structure");
  EXPECT_EQ(issue_type(error_of({{"resourceType", 7}})), "required");
}

TEST(FhirPrescription, BundleMustBeATransactionOfKnownResources) {
  json bundle = resource("transaction-bundle");
  bundle["type"] = "batch";
  EXPECT_EQ(error_of(bundle).field(), "Bundle.type");

  bundle = resource("transaction-bundle");
  bundle["entry"][1]["resource"]["resourceType"] = "Observation";
  Status s = error_of(bundle);
  EXPECT_EQ(s.field(), "Bundle.entry[1].resource.resourceType");
  EXPECT_EQ(issue_type(s), "not-supported");

  bundle = resource("transaction-bundle");
  bundle["entry"][6]["request"]["method"] = "DELETE";
  EXPECT_EQ(error_of(bundle).field(), "Bundle.entry[6].request.method");
}

TEST(FhirPrescription, BundleHoldsOnePrescription) {
  json bundle = resource("transaction-bundle");
  bundle["entry"][7]["resource"]["groupIdentifier"]["value"] = "MZ-OTHER";
  Status s = error_of(bundle);
  EXPECT_EQ(s.field(), "Bundle.entry[7].resource.groupIdentifier.value");
  EXPECT_EQ(issue_type(s), "business-rule");
}

TEST(FhirPrescription, BundleWithoutRequestsIsRefused) {
  json bundle = resource("transaction-bundle");
  bundle["entry"].erase(7);
  bundle["entry"].erase(6);
  EXPECT_EQ(error_of(bundle).field(), "Bundle.entry");
}

TEST(FhirPrescription, BundleEntriesAreBounded) {
  json bundle = resource("transaction-bundle");
  while (bundle["entry"].size() <= kMaxBundleEntries) bundle["entry"].push_back(bundle["entry"][1]);
  Status s = error_of(bundle);
  EXPECT_EQ(s.field(), "Bundle.entry");
  EXPECT_EQ(issue_type(s), "structure");
}

// Every element of the test Bundle replaced by every JSON type: the reader
// answers with a Status and never throws.
TEST(FhirPrescription, AnyElementOfAnyTypeNeverThrows) {
  const json bundle = resource("transaction-bundle");
  const json flat = bundle.flatten();
  const json replacements[] = {json(7),       json("x"),  json::array(), json::object(),
                               json(nullptr), json(true), json(-1.5)};
  size_t refused = 0;
  for (const auto& [pointer, value] : flat.items()) {
    for (const json& replacement : replacements) {
      json doc = bundle;
      doc[json::json_pointer(pointer)] = replacement;
      EXPECT_NO_THROW({
        auto r = read(doc);
        if (!r.ok()) {
          ++refused;
          EXPECT_FALSE(r.status().message().empty()) << pointer;
        }
      }) << pointer
         << " = " << replacement.dump();
    }
  }
  EXPECT_GT(refused, flat.size());
}

TEST(FhirPrescription, FhirPathOfACanonicalField) {
  auto r = read(resource("transaction-bundle"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->fhir_path("items[1].drug"), "Bundle.entry[7].resource.medicationCodeableConcept");
  EXPECT_EQ(r->fhir_path("items[0].drug"), "Bundle.entry[4].resource.code");
  EXPECT_EQ(r->fhir_path("items"), "Bundle.entry");
  EXPECT_EQ(r->fhir_path("items[1]"), "Bundle.entry[7].resource");
  EXPECT_EQ(r->fhir_path("items[0].quantity.value"), "Bundle.entry[6].resource.dispenseRequest.quantity.value");
  EXPECT_EQ(r->fhir_path("patient.id"), "Bundle.entry[0].resource.identifier[0].value");
  EXPECT_EQ(r->fhir_path("unmapped"), "unmapped");
}

}  // namespace
}  // namespace rx
