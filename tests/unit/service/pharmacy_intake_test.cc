// Intake: what Pharmacy::create accepts, blocks, refuses and deduplicates.
#include <gtest/gtest.h>

#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::dosed_item;
using testing_service::item;
using testing_service::json;
using testing_service::kHis;
using testing_service::kZone;
using testing_service::rx_json;

class PharmacyIntakeTest : public testing_service::PharmacyTest {
 protected:
  void SetUp() override {
    PharmacyTest::SetUp();
    start();
  }

  size_t stored_records() { return ph().list(ListQuery{.limit = 10000}).records.size(); }
};

TEST_F(PharmacyIntakeTest, AcceptsAPlainPrescription) {
  auto c = create(rx_json("MZ-0001", json::array({item("D0003", 1)})));
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_TRUE(c->created);
  const PrescriptionRecord& r = *c->record;
  EXPECT_EQ(r.status, RxStatus::kAccepted);
  EXPECT_FALSE(has_block(r.findings));
  EXPECT_EQ(r.received_at, now());
  EXPECT_FALSE(r.paid_at.has_value());
  EXPECT_FALSE(r.high_alert);
  EXPECT_EQ(history_types(r.id), (std::vector<std::string>{"prescription.received", "prescription.accepted"}));
  EXPECT_EQ(ph().find_by_no("MZ-0001"), c->record);
  // Nothing is dispensed before payment under the default configuration.
  settle();
  EXPECT_EQ(r.status, RxStatus::kAccepted);
  EXPECT_TRUE(r.plan.empty());
}

TEST_F(PharmacyIntakeTest, BlocksAnOverdoseWithItsFinding) {
  // Metformin 1000 mg tid is 3000 mg a day, above the 2550 mg maximum.
  auto c = create(rx_json("MZ-0002", json::array({item("D0003", 1), dosed_item("D0022", 1000, "mg", "tid", 7, 3)})));
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  const PrescriptionRecord& r = *c->record;
  EXPECT_EQ(r.status, RxStatus::kBlocked);
  auto it = std::find_if(r.findings.begin(), r.findings.end(), [](const Finding& f) { return f.code == "DOSE_MAX"; });
  ASSERT_NE(it, r.findings.end());
  EXPECT_EQ(it->severity, Severity::kBlock);
  EXPECT_EQ(it->items, std::vector<int>{1});
  EXPECT_EQ(history_types(r.id), (std::vector<std::string>{"prescription.received", "prescription.blocked"}));
  auto blocked = history(r.id).back();
  EXPECT_EQ(json::parse(blocked.payload)["codes"], json::array({"DOSE_MAX"}));
  EXPECT_TRUE(r.high_alert) << "metformin is on the high-alert list";
}

TEST_F(PharmacyIntakeTest, AcceptsTheSameDrugWithinItsMaximum) {
  auto c = create(rx_json("MZ-0003", json::array({dosed_item("D0022", 500, "mg", "tid", 7, 3)})));
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->record->status, RxStatus::kAccepted);
  for (const auto& f : c->record->findings) EXPECT_NE(f.code, "DOSE_MAX") << f.message;
}

TEST_F(PharmacyIntakeTest, RefusesAnUnknownDrugAndStoresNothing) {
  long long seq_before = stored_last_seq();
  auto c = create(rx_json("MZ-0004", json::array({item("D9999", 1), item("D0003", 1)})));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(c.status().reason(), "UNKNOWN_DRUG");
  EXPECT_EQ(c.status().field(), "items[0].drug");
  EXPECT_EQ(stored_records(), 0u);
  EXPECT_EQ(ph().find_by_no("MZ-0004"), nullptr);
  EXPECT_EQ(stored_last_seq(), seq_before);
}

TEST_F(PharmacyIntakeTest, NamesTheUnknownItemByItsIndex) {
  auto c = create(rx_json("MZ-0005", json::array({item("D0003", 1), item("D0011", 1), item("X123", 1)})));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().reason(), "UNKNOWN_DRUG");
  EXPECT_EQ(c.status().field(), "items[2].drug");
}

TEST_F(PharmacyIntakeTest, RefusesMoreThanFiveItems) {
  long long seq_before = stored_last_seq();
  json items = json::array();
  for (const char* d : {"D0003", "D0011", "D0013", "D0006", "D0020", "D0048"}) items.push_back(item(d, 1));
  auto c = create(rx_json("MZ-0006", items));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(c.status().reason(), "MAX_ITEMS");
  EXPECT_EQ(c.status().field(), "items");
  EXPECT_EQ(stored_records(), 0u);
  EXPECT_EQ(stored_last_seq(), seq_before);

  items.erase(items.size() - 1);
  auto five = create(rx_json("MZ-0006", items));
  ASSERT_TRUE(five.ok()) << five.status().to_string();
  EXPECT_EQ(five->record->status, RxStatus::kAccepted);
}

TEST_F(PharmacyIntakeTest, RefusesAQuantityInAForeignUnit) {
  // Clopidogrel comes in boxes (盒) of tablets; mL is neither.
  json items = json::array({item("D0003", 1), item("D0011", 1)});
  items[1]["quantity"] = {{"value", 5}, {"unit", "mL"}};
  long long seq_before = stored_last_seq();
  auto c = create(rx_json("MZ-0007", items));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(c.status().field(), "items[1].quantity.unit");
  EXPECT_NE(c.status().message().find("D0011"), std::string::npos) << c.status().message();
  EXPECT_EQ(stored_records(), 0u);
  EXPECT_EQ(stored_last_seq(), seq_before);
}

TEST_F(PharmacyIntakeTest, CountsTabletsAndBoxesAsPacks) {
  // 10 tablets of clopidogrel (7 a box) are 2 boxes; 2 盒 of losartan are 2 packs.
  json items = json::array({item("D0003", 1), item("D0011", 1)});
  items[0]["quantity"] = {{"value", 10}, {"unit", "片"}};
  items[1]["quantity"] = {{"value", 2}, {"unit", "盒"}};
  PrescriptionId id = create_ok(rx_json("MZ-0008", items));
  ASSERT_TRUE(pay(id).ok());
  settle();
  const PrescriptionRecord& r = record(id);
  EXPECT_EQ(r.status, RxStatus::kReady);
  std::map<int, int> per_item;
  for (const auto& l : r.plan) per_item[l.item] += l.packs;
  EXPECT_EQ(per_item, (std::map<int, int>{{0, 2}, {1, 2}}));
}

TEST_F(PharmacyIntakeTest, NamesTheValueOfAFractionalPackQuantity) {
  json items = json::array({item("D0003", 1)});
  items[0]["quantity"] = {{"value", 1.5}, {"unit", "pack"}};
  auto c = create(rx_json("MZ-0009", items));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(stored_records(), 0u);
  EXPECT_EQ(c.status().field(), "items[0].quantity.value");
}

TEST_F(PharmacyIntakeTest, NormalisesAGtinToTheFormularyCode) {
  // 02000000000039 is the GTIN of D0003 clopidogrel.
  auto c = create(rx_json("MZ-0010", json::array({item("02000000000039", 1)})));
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  ASSERT_EQ(c->record->rx.items.size(), 1u);
  EXPECT_EQ(c->record->rx.items[0].drug.value(), "D0003");
  EXPECT_EQ(c->record->status, RxStatus::kAccepted);
  json shown = ph().record_json(*c->record, false);
  EXPECT_EQ(shown["items"][0]["drug"], "D0003");
  // The stored document says the same.
  auto state = store_->load();
  ASSERT_TRUE(state.ok());
  ASSERT_EQ(state->prescriptions.size(), 1u);
  EXPECT_EQ(json::parse(state->prescriptions[0].document)["items"][0]["drug"], "D0003");
}

TEST_F(PharmacyIntakeTest, TheSamePrescriptionNumberTwiceGivesTheFirstRecord) {
  auto first = create(rx_json("MZ-0011", json::array({item("D0003", 1)})));
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_TRUE(first->created);
  long long seq = stored_last_seq();
  size_t events = history(first->record->id).size();

  // A resend, even with other content, answers with what is stored.
  auto second = create(rx_json("MZ-0011", json::array({item("D0011", 2)})));
  ASSERT_TRUE(second.ok()) << second.status().to_string();
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->record, first->record);
  EXPECT_EQ(second->record->id, first->record->id);
  EXPECT_EQ(second->record->rx.items[0].drug.value(), "D0003");
  EXPECT_EQ(stored_records(), 1u);
  EXPECT_EQ(stored_last_seq(), seq);
  EXPECT_EQ(history(first->record->id).size(), events);
}

TEST_F(PharmacyIntakeTest, ListsByStatusAndPages) {
  PrescriptionId a = create_ok(rx_json("MZ-0020", json::array({item("D0003", 1)}), "P1"));
  PrescriptionId b = create_ok(rx_json("MZ-0021", json::array({dosed_item("D0022", 1000, "mg", "tid", 7, 3)}), "P2"));
  PrescriptionId c = create_ok(rx_json("MZ-0022", json::array({item("D0011", 1)}), "P1"));

  auto accepted = ph().list(ListQuery{.status = RxStatus::kAccepted});
  ASSERT_EQ(accepted.records.size(), 2u);
  EXPECT_EQ(accepted.records[0]->id, a);
  EXPECT_EQ(accepted.records[1]->id, c);
  auto blocked = ph().list(ListQuery{.status = RxStatus::kBlocked});
  ASSERT_EQ(blocked.records.size(), 1u);
  EXPECT_EQ(blocked.records[0]->id, b);
  auto p1 = ph().list(ListQuery{.patient_id = "P1"});
  EXPECT_EQ(p1.records.size(), 2u);

  auto page1 = ph().list(ListQuery{.limit = 2});
  ASSERT_EQ(page1.records.size(), 2u);
  ASSERT_TRUE(page1.next.has_value());
  auto page2 = ph().list(ListQuery{.limit = 2, .after_id = *page1.next});
  ASSERT_EQ(page2.records.size(), 1u);
  EXPECT_EQ(page2.records[0]->id, c);
  EXPECT_FALSE(page2.next.has_value());
}

TEST_F(PharmacyIntakeTest, RefusesAPrescriptionWithoutItems) {
  // Other intakes (HL7, FHIR) hand create() a Prescription directly.
  auto rx = prescription_from_json(rx_json("MZ-0030", json::array({item("D0003", 1)})), testing_service::kZone, now());
  ASSERT_TRUE(rx.ok());
  rx->items.clear();
  auto c = await<Pharmacy::Created>(
      [&](auto done) { ph().create(std::move(rx).value(), testing_service::kHis, done); });
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(c.status().field(), "items");
  EXPECT_EQ(stored_records(), 0u);
}

// A prescription whose text cannot be written (bytes that are not UTF-8,
// which the intakes refuse before this) leaves nothing behind: the same
// number sent again as it should be is received as new.
TEST_F(PharmacyIntakeTest, APrescriptionThatCannotBeWrittenLeavesNothingInMemory) {
  auto rx = prescription_from_json(rx_json("MZ-0009", json::array({item("D0003", 1)})), kZone, sched_->now());
  ASSERT_TRUE(rx.ok()) << rx.status().to_string();
  Prescription bad = *rx;
  bad.patient.allergies.push_back("pen\xFF");
  bad.diagnoses[0].text = "\xFF";
  EXPECT_ANY_THROW(pharmacy_->create(std::move(bad), kHis, [](Result<Pharmacy::Created>) {}));
  EXPECT_EQ(ph().find_by_no("MZ-0009"), nullptr);
  auto c = await<Pharmacy::Created>([&](auto done) { pharmacy_->create(*rx, kHis, done); });
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_TRUE(c->created);
  EXPECT_EQ(stored_records(), 1u);
}

// The same for a patient update: the patient stays as stored.
TEST_F(PharmacyIntakeTest, APatientUpdateThatCannotBeWrittenChangesNothing) {
  Patient patient;
  patient.id = PatientId("P0009");
  patient.allergies = {"penicillins"};
  ASSERT_TRUE(await_status([&](auto done) { pharmacy_->update_patient(patient, kHis, done); }).ok());
  Patient bad = patient;
  bad.name = "\xFF";
  bad.allergies = {"pen\xFF"};
  EXPECT_ANY_THROW(pharmacy_->update_patient(bad, kHis, [](Status) {}));
  ASSERT_NE(ph().find_patient(PatientId("P0009")), nullptr);
  EXPECT_EQ(ph().find_patient(PatientId("P0009"))->allergies, std::vector<std::string>{"penicillins"});
  // A patient not yet known is not made known by an update that fails.
  bad.id = PatientId("P0010");
  EXPECT_ANY_THROW(pharmacy_->update_patient(bad, kHis, [](Status) {}));
  EXPECT_EQ(ph().find_patient(PatientId("P0010")), nullptr);
}

}  // namespace
}  // namespace rx
