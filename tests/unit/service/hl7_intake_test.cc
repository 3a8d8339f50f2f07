// Hl7Intake: messages applied through the Pharmacy in virtual time on SQLite,
// each answered with its ACK only after the commit; resends answered from the
// stored receipt, even after a restart.
#include "service/hl7_intake.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::TempDir;

std::string msh(const std::string& type, const std::string& control_id) {
  return "MSH|^~\\&|HIS|HOSP|RXPRESS|PHARM|20261201090000+0800||" + type + "|" + control_id +
         "|P|2.5|||||CHN|UNICODE UTF-8\r";
}

std::string pid(const std::string& patient = "P0001") {
  return "PID|1||" + patient + "^^^HOSP^MR||张^三||19700402|M\r";
}

// One order group: `packs` packs of `drug`, once a day for 7 days.
std::string order_group(const std::string& no, int line, const std::string& drug, const std::string& packs = "1") {
  return "ORC|NW|" + no + "-" + std::to_string(line) + "||" + no + "|||^QD^D7||20261201085500+0800|||D0012^李^医生\r" +
         "RXE|^QD^D7|" + drug + "^drug||||||||" + packs + "|盒\r";
}

std::string rde(const std::string& control_id, const std::string& no, const std::string& drug = "D0003",
                const std::string& patient = "P0001", const std::string& packs = "1") {
  return msh("RDE^O11^RDE_O11", control_id) + pid(patient) + "PV1|1|O|心内科\r" + order_group(no, 1, drug, packs);
}

std::string cancel_order(const std::string& control_id, const std::string& no) {
  // ORC-16.2: the reason as text.
  return msh("RDE^O11^RDE_O11", control_id) + pid() + "ORC|CA|" + no + "-1||" + no + std::string(12, '|') +
         "^patient left\r";
}

std::string payment(const std::string& control_id, const std::string& no) {
  // FT1-4 when it was paid, FT1-6 the type, FT1-23 the prescription number.
  return msh("DFT^P03^DFT_P03", control_id) + "EVN|P03|20261201091000+0800\r" + pid() +
         "FT1|1|||20261201091000+0800||PY" + std::string(17, '|') + no + "\r";
}

std::string adt(const std::string& control_id, const std::string& patient, const std::vector<std::string>& allergies) {
  std::string m = msh("ADT^A08^ADT_A01", control_id) + "EVN|A08|20261201090000+0800\r" + pid(patient);
  for (size_t i = 0; i < allergies.size(); ++i) {
    m += "AL1|" + std::to_string(i + 1) + "|DA|" + allergies[i] + "^allergen\r";
  }
  return m;
}

// MSA-1 and MSA-2 of an ACK, as "AA|MSG-1".
std::string msa(const std::string& ack) {
  size_t at = ack.find("\rMSA|");
  if (at == std::string::npos) return "no MSA in " + ack;
  size_t end = ack.find('\r', at + 1);
  std::string seg = ack.substr(at + 5, end == std::string::npos ? std::string::npos : end - at - 5);
  size_t second = seg.find('|', seg.find('|') + 1);
  return seg.substr(0, second);
}

class Hl7IntakeTest : public testing_service::PharmacyTest {
 protected:
  void SetUp() override {
    PharmacyTest::SetUp();
    if (HasFatalFailure()) return;
    open_at(db_path());
  }

  std::string db_path() { return dir_.file("rxpress.db"); }

  void open_at(const std::string& db, PharmacyConfig config = {}) {
    intake_.reset();
    stop();
    start(config, db);
    intake_ = std::make_unique<Hl7Intake>(ph());
  }

  // Hands the message over and steps the loop until its ACK comes.
  std::string send(const std::string& message) {
    auto got = std::make_shared<std::optional<std::string>>();
    intake_->handle(message, [got](std::string ack) {
      EXPECT_FALSE(got->has_value()) << "a second ACK for one message";
      *got = std::move(ack);
    });
    for (size_t n = 0; !got->has_value() && n < testing_service::kMaxTasks && sched().step(); ++n) {
    }
    if (!got->has_value()) {
      ADD_FAILURE() << "no ACK came";
      return {};
    }
    return **got;
  }

  std::optional<std::string> stored_meta(const std::string& key) {
    auto state = store_->load();
    EXPECT_TRUE(state.ok()) << state.status().to_string();
    if (!state.ok()) return std::nullopt;
    for (const auto& m : state->meta) {
      if (m.key == key) return m.value;
    }
    return std::nullopt;
  }

  size_t stored_prescriptions() {
    auto state = store_->load();
    EXPECT_TRUE(state.ok()) << state.status().to_string();
    return state.ok() ? state->prescriptions.size() : 0;
  }

  TempDir dir_;
  std::unique_ptr<Hl7Intake> intake_;
};

TEST_F(Hl7IntakeTest, AcceptsANewOrderAndAnswersOnlyOnceItIsStored) {
  bool answered = false;
  bool stored_when_answered = false;
  std::string ack;
  intake_->handle(rde("MSG-1", "MZ-1"), [&](std::string a) {
    answered = true;
    ack = std::move(a);
    // The prescription and the receipt are in the database before the ACK goes.
    stored_when_answered = stored_prescriptions() == 1 && stored_meta("hl7:MSG-1").has_value();
  });
  EXPECT_FALSE(answered) << "an ACK before the commit";
  EXPECT_EQ(stored_prescriptions(), 0u);
  for (size_t n = 0; !answered && n < 1000 && sched().step(); ++n) {
  }
  ASSERT_TRUE(answered);
  EXPECT_TRUE(stored_when_answered);
  EXPECT_EQ(msa(ack), "AA|MSG-1");
  EXPECT_EQ(ack.find("ERR|"), std::string::npos) << ack;
  const PrescriptionRecord* r = ph().find_by_no("MZ-1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, RxStatus::kAccepted);
  EXPECT_EQ(r->rx.items.at(0).drug.value(), "D0003");
  EXPECT_EQ(history(r->id).at(0).actor, "his:HIS");
  auto receipt = ph().intake_receipt("MSG-1");
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ(receipt->reply, ack);
}

TEST_F(Hl7IntakeTest, AResendGetsTheOriginalAckAndCreatesNothing) {
  std::string first = send(rde("MSG-2", "MZ-2"));
  ASSERT_EQ(msa(first), "AA|MSG-2");
  long long seq = stored_last_seq();
  run_for(Duration{60'000});  // the resend comes later: a fresh ACK would carry another time
  std::string again = send(rde("MSG-2", "MZ-2"));
  EXPECT_EQ(again, first);
  EXPECT_EQ(stored_last_seq(), seq);
  EXPECT_EQ(stored_prescriptions(), 1u);
}

TEST_F(Hl7IntakeTest, AResendWithOtherLineEndingsIsTheSameMessage) {
  std::string message = rde("MSG-2B", "MZ-2B");
  std::string first = send(message);
  std::string crlf;
  for (char c : message) crlf += c == '\r' ? std::string("\r\n") : std::string(1, c);
  EXPECT_EQ(send(crlf), first);
}

TEST_F(Hl7IntakeTest, RefusesAReusedControlIdWithOtherContent) {
  ASSERT_EQ(msa(send(rde("MSG-3", "MZ-3"))), "AA|MSG-3");
  std::string ack = send(rde("MSG-3", "MZ-3-OTHER"));
  EXPECT_EQ(msa(ack), "AR|MSG-3");
  EXPECT_NE(ack.find("DUPLICATE_CONTROL_ID"), std::string::npos) << ack;
  EXPECT_NE(ack.find("ERR|"), std::string::npos) << ack;
  EXPECT_EQ(ph().find_by_no("MZ-3-OTHER"), nullptr);
}

TEST_F(Hl7IntakeTest, AResendAfterARestartGetsTheOriginalAck) {
  std::string first = send(rde("MSG-4", "MZ-4"));
  ASSERT_EQ(msa(first), "AA|MSG-4");
  open_at(db_path());
  run_for(Duration{3'600'000});
  EXPECT_EQ(send(rde("MSG-4", "MZ-4")), first);
  EXPECT_EQ(stored_prescriptions(), 1u);
  EXPECT_EQ(msa(send(rde("MSG-4", "MZ-4-CHANGED"))), "AR|MSG-4");
}

TEST_F(Hl7IntakeTest, TwoIdenticalMessagesAtOnceCreateOnce) {
  std::vector<std::string> acks;
  intake_->handle(rde("MSG-5", "MZ-5"), [&](std::string a) { acks.push_back(std::move(a)); });
  intake_->handle(rde("MSG-5", "MZ-5"), [&](std::string a) { acks.push_back(std::move(a)); });
  EXPECT_TRUE(acks.empty());
  settle();
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks[0], acks[1]);
  EXPECT_EQ(msa(acks[0]), "AA|MSG-5");
  const PrescriptionRecord* r = ph().find_by_no("MZ-5");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(count_events(r->id, "prescription.received"), 1);
}

TEST_F(Hl7IntakeTest, AKnownPrescriptionNumberUnderANewControlIdIsAcceptedOnce) {
  ASSERT_EQ(msa(send(rde("MSG-6", "MZ-6"))), "AA|MSG-6");
  EXPECT_EQ(msa(send(rde("MSG-6-RETRY", "MZ-6"))), "AA|MSG-6-RETRY");
  EXPECT_EQ(stored_prescriptions(), 1u);
  EXPECT_TRUE(ph().intake_receipt("MSG-6-RETRY").has_value());
}

TEST_F(Hl7IntakeTest, ABlockingFindingStillGetsAA) {
  // Metformin 3000 mg a day is above its maximum: stored, blocked, and AA.
  std::string m = msh("RDE^O11^RDE_O11", "MSG-7") + pid() +
                  "ORC|NW|MZ-7-1||MZ-7|||^TID^D7||20261201085500+0800\r"
                  "RXE|^TID^D7|D0022^metformin|1000||mg|||||3|盒\r";
  EXPECT_EQ(msa(send(m)), "AA|MSG-7");
  const PrescriptionRecord* r = ph().find_by_no("MZ-7");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, RxStatus::kBlocked);
}

TEST_F(Hl7IntakeTest, RefusesAnUnknownDrugWithAEAndStoresNothing) {
  long long seq = stored_last_seq();
  std::string ack = send(rde("MSG-8", "MZ-8", "D9999"));
  EXPECT_EQ(msa(ack), "AE|MSG-8");
  EXPECT_NE(ack.find("UNKNOWN_DRUG"), std::string::npos) << ack;
  EXPECT_NE(ack.find("RXE"), std::string::npos) << ack;
  EXPECT_EQ(stored_last_seq(), seq);
  EXPECT_FALSE(ph().intake_receipt("MSG-8").has_value());
  // Fixed and sent again under the same control id, it is accepted.
  EXPECT_EQ(msa(send(rde("MSG-8", "MZ-8"))), "AA|MSG-8");
}

TEST_F(Hl7IntakeTest, RefusesWhatCannotBeReadWithAR) {
  std::string ack;
  intake_->handle("this is not HL7", [&](std::string a) { ack = std::move(a); });
  EXPECT_EQ(msa(ack), "AR|") << "answered at once, with an empty MSA-2";
  ack.clear();
  intake_->handle(msh("ZZZ^Z01", "MSG-9") + pid(), [&](std::string a) { ack = std::move(a); });
  EXPECT_EQ(msa(ack), "AR|MSG-9");
  EXPECT_NE(ack.find("UNSUPPORTED_TYPE"), std::string::npos) << ack;
  EXPECT_EQ(stored_prescriptions(), 0u);
}

TEST_F(Hl7IntakeTest, AnswersABrokenFrameWithAR) {
  std::string ack;
  intake_->refuse_frame(Status::invalid("MLLP frame longer than the limit"),
                        [&](std::string a) { ack = std::move(a); });
  EXPECT_EQ(msa(ack), "AR|");
  EXPECT_NE(ack.find("longer than the limit"), std::string::npos) << ack;
}

TEST_F(Hl7IntakeTest, APaymentStartsDispensing) {
  ASSERT_EQ(msa(send(rde("MSG-10", "MZ-10"))), "AA|MSG-10");
  std::string ack = send(payment("MSG-11", "MZ-10"));
  EXPECT_EQ(msa(ack), "AA|MSG-11");
  const PrescriptionRecord* r = ph().find_by_no("MZ-10");
  ASSERT_NE(r, nullptr);
  ASSERT_TRUE(r->paid_at.has_value());
  EXPECT_EQ(*r->paid_at, testing_service::at_local("2026-12-01T09:10:00+08:00"));
  settle();
  EXPECT_EQ(r->status, RxStatus::kReady);
  // A second payment notice is acknowledged and changes nothing.
  long long seq = stored_last_seq();
  EXPECT_EQ(msa(send(payment("MSG-12", "MZ-10"))), "AA|MSG-12");
  EXPECT_EQ(count_events(r->id, "prescription.paid"), 1);
  EXPECT_EQ(stored_last_seq(), seq);
}

TEST_F(Hl7IntakeTest, APaymentForAnUnknownPrescriptionIsAE) {
  std::string ack = send(payment("MSG-13", "MZ-NOPE"));
  EXPECT_EQ(msa(ack), "AE|MSG-13");
  EXPECT_NE(ack.find("UNKNOWN_PRESCRIPTION"), std::string::npos) << ack;
  EXPECT_NE(ack.find("FT1^1^23"), std::string::npos) << ack;
  EXPECT_NE(ack.find("MZ-NOPE"), std::string::npos) << ack;
}

TEST_F(Hl7IntakeTest, OnReceiptPaymentCountsAnOrderAsPaid) {
  PharmacyConfig config;
  config.payment = PaymentMode::kOnReceipt;
  open_at(dir_.file("on-receipt.db"), config);
  ASSERT_EQ(msa(send(rde("MSG-14", "MZ-14"))), "AA|MSG-14");
  const PrescriptionRecord* r = ph().find_by_no("MZ-14");
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->paid_at.has_value());
  settle();
  EXPECT_EQ(r->status, RxStatus::kReady);
}

TEST_F(Hl7IntakeTest, ACancelBeforeDispensingCancels) {
  ASSERT_EQ(msa(send(rde("MSG-15", "MZ-15"))), "AA|MSG-15");
  EXPECT_EQ(msa(send(cancel_order("MSG-16", "MZ-15"))), "AA|MSG-16");
  const PrescriptionRecord* r = ph().find_by_no("MZ-15");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, RxStatus::kCancelled);
  EXPECT_EQ(r->reason, "patient left");
  EXPECT_EQ(count_events(r->id, "prescription.return_task"), 0);
}

TEST_F(Hl7IntakeTest, ACancelForAnUnknownPrescriptionIsAE) {
  std::string ack = send(cancel_order("MSG-17", "MZ-NONE"));
  EXPECT_EQ(msa(ack), "AE|MSG-17");
  EXPECT_NE(ack.find("UNKNOWN_PRESCRIPTION"), std::string::npos) << ack;
}

TEST_F(Hl7IntakeTest, ACancelAfterPacksCameOutReturnsThemThroughATask) {
  ASSERT_EQ(msa(send(rde("MSG-18", "MZ-18", "D0003", "P0001", "3"))), "AA|MSG-18");
  ASSERT_EQ(msa(send(payment("MSG-19", "MZ-18"))), "AA|MSG-19");
  const PrescriptionRecord* r = ph().find_by_no("MZ-18");
  ASSERT_NE(r, nullptr);
  for (size_t n = 0; r->packs.empty() && n < testing_service::kMaxTasks && sched().step(); ++n) {
  }
  ASSERT_FALSE(r->packs.empty()) << "no pack came out";
  ASSERT_EQ(r->status, RxStatus::kDispensing);
  EXPECT_EQ(msa(send(cancel_order("MSG-20", "MZ-18"))), "AA|MSG-20");
  EXPECT_EQ(r->status, RxStatus::kCancelled);
  settle();
  auto events = history(r->id);
  auto task =
      std::find_if(events.begin(), events.end(), [](const Event& e) { return e.type == "prescription.return_task"; });
  ASSERT_NE(task, events.end());
  auto payload = nlohmann::json::parse(task->payload);
  EXPECT_GE(payload["packs"].size(), 1u);
  EXPECT_EQ(payload["packs"][0]["drug"], "D0003");
  EXPECT_FALSE(payload["packs"][0]["code"].get<std::string>().empty());
  // Shown in the record's history, as the API gives it.
  auto shown = ph().record_json(*r, true);
  bool listed = false;
  for (const auto& h : shown["history"]) listed = listed || h.dump().find("return_task") != std::string::npos;
  EXPECT_TRUE(listed) << shown["history"].dump();
}

TEST_F(Hl7IntakeTest, APatientUpdateStoresAllergiesForLaterPrescriptions) {
  EXPECT_EQ(msa(send(adt("MSG-21", "P0077", {"PENICILLIN", "SULFA"}))), "AA|MSG-21");
  const Patient* p = ph().find_patient(PatientId("P0077"));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->allergies, (std::vector<std::string>{"PENICILLIN", "SULFA"}));
  EXPECT_EQ(p->name, "张三");
  ASSERT_EQ(msa(send(rde("MSG-22", "MZ-22", "D0003", "P0077"))), "AA|MSG-22");
  const PrescriptionRecord* r = ph().find_by_no("MZ-22");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->rx.patient.allergies, (std::vector<std::string>{"PENICILLIN", "SULFA"}));
  // Durable: after a restart the patient is still known.
  open_at(db_path());
  p = ph().find_patient(PatientId("P0077"));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->allergies, (std::vector<std::string>{"PENICILLIN", "SULFA"}));
}

TEST_F(Hl7IntakeTest, AnAllergyChangeReviewsOpenPrescriptionsAgain) {
  ASSERT_EQ(msa(send(rde("MSG-23", "MZ-23", "D0003", "P0088"))), "AA|MSG-23");
  ASSERT_EQ(msa(send(rde("MSG-24", "MZ-24", "D0011", "P0099"))), "AA|MSG-24");
  EXPECT_EQ(msa(send(adt("MSG-25", "P0088", {"ASPIRIN"}))), "AA|MSG-25");
  const PrescriptionRecord* mine = ph().find_by_no("MZ-23");
  const PrescriptionRecord* other = ph().find_by_no("MZ-24");
  ASSERT_NE(mine, nullptr);
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(mine->rx.patient.allergies, std::vector<std::string>{"ASPIRIN"});
  EXPECT_EQ(count_events(mine->id, "prescription.reviewed"), 1);
  EXPECT_EQ(count_events(other->id, "prescription.reviewed"), 0);
  EXPECT_TRUE(other->rx.patient.allergies.empty());
  // The same update again changes nothing.
  long long seq = stored_last_seq();
  EXPECT_EQ(msa(send(adt("MSG-26", "P0088", {"ASPIRIN"}))), "AA|MSG-26");
  EXPECT_EQ(count_events(mine->id, "prescription.reviewed"), 1);
  EXPECT_EQ(stored_last_seq(), seq);
}

TEST_F(Hl7IntakeTest, ADispensingPrescriptionIsNotReviewedAgain) {
  ASSERT_EQ(msa(send(rde("MSG-27", "MZ-27", "D0003", "P0101"))), "AA|MSG-27");
  ASSERT_EQ(msa(send(payment("MSG-28", "MZ-27"))), "AA|MSG-28");
  settle();
  const PrescriptionRecord* r = ph().find_by_no("MZ-27");
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->status, RxStatus::kReady);
  EXPECT_EQ(msa(send(adt("MSG-29", "P0101", {"ASPIRIN"}))), "AA|MSG-29");
  EXPECT_EQ(count_events(r->id, "prescription.reviewed"), 0);
  EXPECT_TRUE(r->rx.patient.allergies.empty());
}

}  // namespace
}  // namespace rx
