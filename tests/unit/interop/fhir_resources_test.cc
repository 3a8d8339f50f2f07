#include "interop/fhir/fhir_resources.h"

#include <gtest/gtest.h>

#include "interop/fhir/fhir_prescription.h"
#include "unit/interop/fhir_test_data.h"

namespace rx {
namespace {

using nlohmann::json;
using testing_fhir::resource;
using testing_fhir::shipped_formulary;

const Zone kZone = Zone::shanghai();

Instant at(const char* text) { return *parse_instant(text, kZone); }

class FhirResources : public ::testing::Test {
 protected:
  void SetUp() override {
    auto read =
        prescription_from_fhir(resource("transaction-bundle"), shipped_formulary(), kZone, at("2026-03-29T10:00:00"));
    ASSERT_TRUE(read.ok()) << read.status().to_string();
    rx_ = std::move(read)->rx;
    record_.id = PrescriptionId(12);
    record_.rx = &rx_;
    record_.verified.resize(rx_.items.size());
  }

  std::vector<json> dispenses() { return medication_dispenses_json(record_, shipped_formulary(), kZone); }

  Prescription rx_;
  FhirRecord record_;
};

TEST_F(FhirResources, MedicationRequestOfALine) {
  record_.status = RxStatus::kAccepted;
  json mr = medication_request_json(record_, 0, shipped_formulary(), kZone);
  EXPECT_EQ(mr["resourceType"], "MedicationRequest");
  EXPECT_EQ(mr["id"], "12-1");
  EXPECT_EQ(mr["status"], "active");
  EXPECT_EQ(mr["intent"], "order");
  EXPECT_EQ(mr["groupIdentifier"]["value"], "MZ20260329-000123");
  EXPECT_EQ(mr["identifier"][0]["value"], "ORD-000123-1");
  EXPECT_EQ(mr["subject"]["identifier"]["value"], "P000123");
  EXPECT_EQ(mr["authoredOn"], "2026-03-29T09:12:00+08:00");
  EXPECT_EQ(mr["requester"]["identifier"]["value"], "D0012");
  EXPECT_EQ(mr["reasonCode"][0]["coding"][0]["code"], "I10");
  const json& coding = mr["medicationCodeableConcept"]["coding"];
  EXPECT_EQ(coding[0]["code"], "D0006");
  EXPECT_EQ(coding[1], json({{"system", "https://www.gs1.org/gtin"}, {"code", "02000000000060"}}));
  EXPECT_EQ(coding[2], json({{"system", "http://www.whocc.no/atc"}, {"code", "C08CA01"}}));
  const json& dosage = mr["dosageInstruction"][0];
  EXPECT_EQ(dosage["timing"]["repeat"], json({{"frequency", 1}, {"period", 1}, {"periodUnit", "d"}}));
  EXPECT_EQ(dosage["doseAndRate"][0]["doseQuantity"]["code"], "mg");
  EXPECT_EQ(dosage["route"]["text"], "po");
  EXPECT_EQ(mr["dispenseRequest"]["quantity"]["code"], "{pack}");
  EXPECT_EQ(mr["dispenseRequest"]["expectedSupplyDuration"]["value"], 7);
}

TEST_F(FhirResources, WrittenRequestReadsBackToTheSameLine) {
  json mr = medication_request_json(record_, 1, shipped_formulary(), kZone);
  mr["subject"] = {{"identifier", {{"value", "P000123"}}}};
  auto back = prescription_from_fhir(mr, shipped_formulary(), kZone, at("2026-03-29T10:00:00"));
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  const Item& item = back->rx.items[0];
  EXPECT_EQ(item.drug, rx_.items[1].drug);
  EXPECT_EQ(item.dose, rx_.items[1].dose);
  EXPECT_EQ(item.frequency, rx_.items[1].frequency);
  EXPECT_EQ(item.days, rx_.items[1].days);
  EXPECT_EQ(item.quantity, rx_.items[1].quantity);
  EXPECT_EQ(back->rx.issued_at, rx_.issued_at);
}

TEST_F(FhirResources, RequestStatusFollowsThePrescription) {
  auto status_of = [&](RxStatus s) {
    record_.status = s;
    return medication_request_json(record_, 0, shipped_formulary(), kZone)["status"];
  };
  EXPECT_EQ(status_of(RxStatus::kBlocked), "on-hold");
  EXPECT_EQ(status_of(RxStatus::kReady), "active");
  EXPECT_EQ(status_of(RxStatus::kHandedOver), "completed");
  record_.reason = "duplicate order";
  EXPECT_EQ(status_of(RxStatus::kRejected), "cancelled");
  EXPECT_EQ(medication_request_json(record_, 0, shipped_formulary(), kZone)["statusReason"]["text"], "duplicate order");
}

TEST_F(FhirResources, NoDispenseBeforeDispensingBegins) {
  for (RxStatus s : {RxStatus::kReceived, RxStatus::kBlocked, RxStatus::kAccepted, RxStatus::kCancelled}) {
    record_.status = s;
    EXPECT_TRUE(dispenses().empty()) << rx_status_name(s);
  }
}

TEST_F(FhirResources, HandedOverLinesAreCompletedWithTheirLot) {
  record_.status = RxStatus::kHandedOver;
  record_.dispensing_at = at("2026-03-29T10:00:00");
  record_.ready_at = at("2026-03-29T10:00:15");
  record_.handed_over_at = at("2026-03-29T10:05:00");
  record_.verified[0] = {{LotNo("L1"), *parse_date("2027-06-30"), 1}};
  record_.verified[1] = {{LotNo("L2"), *parse_date("2027-01-31"), 1}, {LotNo("L3"), *parse_date("2028-01-31"), 2}};
  auto mds = dispenses();
  ASSERT_EQ(mds.size(), 2u);
  const json& first = mds[0];
  EXPECT_EQ(first["resourceType"], "MedicationDispense");
  EXPECT_EQ(first["id"], "12-1");
  EXPECT_EQ(first["status"], "completed");
  EXPECT_EQ(first["authorizingPrescription"][0]["reference"], "MedicationRequest/12-1");
  EXPECT_EQ(first["subject"]["identifier"]["value"], "P000123");
  EXPECT_EQ(first["medicationReference"]["reference"], "#med");
  EXPECT_EQ(first["contained"][0]["code"]["coding"][0]["code"], "D0006");
  EXPECT_EQ(first["contained"][0]["batch"], json({{"lotNumber", "L1"}, {"expirationDate", "2027-06-30"}}));
  EXPECT_EQ(first["quantity"]["value"], 1);
  EXPECT_EQ(first["whenPrepared"], "2026-03-29T10:00:15+08:00");
  EXPECT_EQ(first["whenHandedOver"], "2026-03-29T10:05:00+08:00");
  EXPECT_EQ(first["daysSupply"]["value"], 7);
  EXPECT_FALSE(first.contains("note"));
  // Two lots: Medication.batch holds one, so both are told in a note.
  const json& second = mds[1];
  EXPECT_FALSE(second["contained"][0].contains("batch"));
  EXPECT_EQ(second["quantity"]["value"], 3);
  EXPECT_EQ(second["note"][0]["text"], "lot L2 (expiry 2027-01-31): 1 packs; lot L3 (expiry 2028-01-31): 2 packs");
}

TEST_F(FhirResources, DispensingIsInProgress) {
  record_.status = RxStatus::kDispensing;
  record_.dispensing_at = at("2026-03-29T10:00:00");
  auto mds = dispenses();
  ASSERT_EQ(mds.size(), 2u);
  EXPECT_EQ(mds[0]["status"], "in-progress");
  EXPECT_FALSE(mds[0].contains("quantity"));
  EXPECT_FALSE(mds[0].contains("whenHandedOver"));
}

TEST_F(FhirResources, RejectionIsDeclinedWithItsReason) {
  record_.status = RxStatus::kRejected;
  record_.reason = "剂量过大";
  auto mds = dispenses();
  ASSERT_EQ(mds.size(), 2u);
  EXPECT_EQ(mds[1]["status"], "declined");
  EXPECT_EQ(mds[1]["statusReasonCodeableConcept"]["text"], "剂量过大");
}

TEST_F(FhirResources, AReturnToThePrescriberIsOnHoldWithItsReason) {
  record_.status = RxStatus::kBlocked;
  EXPECT_TRUE(dispenses().empty()) << "a blocked prescription not returned has no dispense";
  record_.hold_reason = "请医师确认剂量";
  auto mds = dispenses();
  ASSERT_EQ(mds.size(), 2u);
  EXPECT_EQ(mds[0]["status"], "on-hold");
  EXPECT_EQ(mds[0]["statusReasonCodeableConcept"]["text"], "请医师确认剂量");
}

TEST_F(FhirResources, CancelledAfterDispensingBegan) {
  record_.status = RxStatus::kCancelled;
  record_.dispensing_at = at("2026-03-29T10:00:00");
  record_.reason = "patient left";
  auto mds = dispenses();
  ASSERT_EQ(mds.size(), 2u);
  EXPECT_EQ(mds[0]["status"], "cancelled");
  EXPECT_EQ(mds[0]["statusReasonCodeableConcept"]["text"], "patient left");
}

}  // namespace
}  // namespace rx
