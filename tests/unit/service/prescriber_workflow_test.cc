// 退回医师 and 双签: a blocked prescription goes back to its prescriber, the
// prescriber's confirmation is recorded, and the pharmacist's override cites it.
#include <gtest/gtest.h>

#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::dosed_item;
using testing_service::item;
using testing_service::json;
using testing_service::kHis;
using testing_service::kPharmacist;
using testing_service::rx_json;
using testing_service::start_instant;

const Prescriber kPrescriber{"D0012", "李医生"};  // rx_json's prescriber

class PrescriberWorkflowTest : public testing_service::PharmacyTest {
 protected:
  // Paracetamol 1000 mg tid for 7 days: blocked for DOSE_MAX.
  PrescriptionId blocked(const std::string& no) {
    PrescriptionId id = create_ok(rx_json(no, json::array({dosed_item("D0022", 1000, "mg", "tid", 7, 3)})));
    EXPECT_EQ(record(id).status, RxStatus::kBlocked);
    return id;
  }
  Result<const PrescriptionRecord*> return_to_prescriber(PrescriptionId id, std::string reason) {
    return await<const PrescriptionRecord*>(
        [&](auto done) { pharmacy_->return_to_prescriber(id, reason, kPharmacist, done); });
  }
  Result<const PrescriptionRecord*> confirm(PrescriptionId id, Prescriber who, std::string reason,
                                            const Actor& actor = kHis) {
    return await<const PrescriptionRecord*>(
        [&](auto done) { pharmacy_->confirm_by_prescriber(id, who, reason, actor, done); });
  }
  json last_payload(PrescriptionId id, std::string_view type) {
    json out;
    for (const auto& e : history(id)) {
      if (e.type == type) out = json::parse(e.payload);
    }
    return out;
  }
};

TEST_F(PrescriberWorkflowTest, AReturnIsRecordedAuditedAndToldToTheHisAsAnOrderHold) {
  start();
  PrescriptionId id = blocked("PW-0001");
  auto returned = return_to_prescriber(id, "二甲双胍日剂量 3 g, 请确认");
  ASSERT_TRUE(returned.ok()) << returned.status().to_string();
  const PrescriptionRecord& r = record(id);
  EXPECT_EQ(r.status, RxStatus::kBlocked) << "it waits for the prescriber";
  ASSERT_TRUE(r.returned_to_prescriber.has_value());
  EXPECT_EQ(r.returned_to_prescriber->reason, "二甲双胍日剂量 3 g, 请确认");
  EXPECT_EQ(r.returned_to_prescriber->by, kPharmacist.label());
  EXPECT_EQ(r.returned_to_prescriber->at, now());
  json event = last_payload(id, "prescription.returned_to_prescriber");
  EXPECT_EQ(event["reason"], "二甲双胍日剂量 3 g, 请确认");
  EXPECT_EQ(event["codes"], json::array({"DOSE_MAX"}));

  std::vector<OutboxRow> rows = stored_outbox();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].prescription, id);
  EXPECT_EQ(rows[0].message_type, "OMP^O09");
  EXPECT_NE(rows[0].message.find("ORC|OH|"), std::string::npos) << rows[0].message;
  EXPECT_NE(rows[0].message.find("RETURNED_TO_PRESCRIBER^二甲双胍日剂量 3 g, 请确认"), std::string::npos)
      << rows[0].message;
}

TEST_F(PrescriberWorkflowTest, AReturnNeedsAReasonAndABlockedPrescriptionAndIsNotRepeated) {
  start();
  PrescriptionId id = blocked("PW-0002");
  auto no_reason = return_to_prescriber(id, " ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_reason.status().field(), "reason");
  EXPECT_FALSE(record(id).returned_to_prescriber.has_value());

  ASSERT_TRUE(return_to_prescriber(id, "please check the dose").ok());
  size_t events = history(id).size();
  ASSERT_TRUE(return_to_prescriber(id, "please check the dose").ok()) << "a repeat is acknowledged";
  EXPECT_EQ(history(id).size(), events);
  EXPECT_EQ(stored_outbox().size(), 1u) << "the HIS is told once";

  PrescriptionId plain = create_ok(rx_json("PW-0003", json::array({item("D0003", 1)})));
  ASSERT_EQ(record(plain).status, RxStatus::kAccepted);
  auto not_blocked = return_to_prescriber(plain, "why not");
  ASSERT_FALSE(not_blocked.ok());
  EXPECT_EQ(not_blocked.status().code(), ErrorCode::kConflict);
  auto unknown = return_to_prescriber(PrescriptionId(999), "who");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
}

TEST_F(PrescriberWorkflowTest, TheConfirmationIsRecordedAndTheOverrideShowsBothSignatures) {
  start();
  PrescriptionId id = blocked("PW-0010");
  ASSERT_TRUE(return_to_prescriber(id, "dose above the maximum").ok());
  auto confirmed = confirm(id, kPrescriber, "患者体重 90 kg, 短期使用, 已知风险");
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().to_string();
  const PrescriptionRecord& r = record(id);
  EXPECT_EQ(r.status, RxStatus::kBlocked) << "the pharmacist still decides";
  ASSERT_TRUE(r.prescriber_confirmation.has_value());
  EXPECT_EQ(r.prescriber_confirmation->prescriber.id, "D0012");
  EXPECT_EQ(r.prescriber_confirmation->prescriber.name, "李医生");
  EXPECT_EQ(r.prescriber_confirmation->recorded_by, kHis.label());
  json confirmation = last_payload(id, "prescription.prescriber_confirmed");
  EXPECT_EQ(confirmation["prescriber"], json::parse(R"({"id":"D0012","name":"李医生"})"));
  EXPECT_EQ(confirmation["codes"], json::array({"DOSE_MAX"}));

  ASSERT_TRUE(override_block(id, "已与医师核实").ok());
  EXPECT_EQ(record(id).status, RxStatus::kAccepted);
  EXPECT_EQ(record(id).reason, "已与医师核实 (双签: 李医生 D0012 confirmed: 患者体重 90 kg, 短期使用, 已知风险)");
  json overridden = last_payload(id, "prescription.overridden");
  EXPECT_EQ(overridden["reason"], "已与医师核实");
  EXPECT_EQ(overridden["prescriber_confirmation"]["prescriber"]["id"], "D0012");
  EXPECT_EQ(overridden["prescriber_confirmation"]["reason"], "患者体重 90 kg, 短期使用, 已知风险");
  EXPECT_EQ(overridden["prescriber_confirmation"]["recorded_by"], kHis.label());

  // The same confirmation again, once accepted, is acknowledged and changes nothing.
  size_t events = history(id).size();
  ASSERT_TRUE(confirm(id, kPrescriber, "患者体重 90 kg, 短期使用, 已知风险").ok());
  EXPECT_EQ(history(id).size(), events);
  auto other = confirm(id, kPrescriber, "another reason");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), ErrorCode::kConflict);
  // So is the same override again, though the stored reason cites the 双签.
  ASSERT_TRUE(override_block(id, "已与医师核实").ok());
  EXPECT_EQ(history(id).size(), events);
  EXPECT_EQ(override_block(id, "另一理由").status().code(), ErrorCode::kConflict);
}

TEST_F(PrescriberWorkflowTest, APharmacistMayRecordAConfirmationTakenByPhone) {
  start();
  PrescriptionId id = blocked("PW-0020");
  auto confirmed = confirm(id, kPrescriber, "电话确认: 剂量无误", kPharmacist);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().to_string();
  EXPECT_EQ(record(id).prescriber_confirmation->recorded_by, kPharmacist.label());
  EXPECT_EQ(last_payload(id, "prescription.prescriber_confirmed")["reason"], "电话确认: 剂量无误");
}

TEST_F(PrescriberWorkflowTest, AConfirmationMustNameThePrescriptionsPrescriberAndAReason) {
  start();
  PrescriptionId id = blocked("PW-0030");
  struct Bad {
    Prescriber who;
    std::string reason;
    std::string field;
  };
  const Bad cases[] = {
      {kPrescriber, "", "reason"},
      {Prescriber{"", "李医生"}, "ok", "prescriber.id"},
      {Prescriber{"D0012", " "}, "ok", "prescriber.name"},
      {Prescriber{"D0099", "赵医生"}, "ok", "prescriber.id"},
  };
  for (const auto& c : cases) {
    auto r = confirm(id, c.who, c.reason);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(r.status().field(), c.field);
  }
  EXPECT_FALSE(record(id).prescriber_confirmation.has_value());

  PrescriptionId plain = create_ok(rx_json("PW-0031", json::array({item("D0003", 1)})));
  auto not_blocked = confirm(plain, kPrescriber, "ok");
  ASSERT_FALSE(not_blocked.ok());
  EXPECT_EQ(not_blocked.status().code(), ErrorCode::kConflict);
}

TEST_F(PrescriberWorkflowTest, AReturnAndAConfirmationSurviveARestart) {
  testing_service::TempDir dir;
  const std::string db = dir.file("rxpress.db");
  start({}, db);
  PrescriptionId id = blocked("PW-0040");
  ASSERT_TRUE(return_to_prescriber(id, "please confirm").ok());
  ASSERT_TRUE(confirm(id, kPrescriber, "confirmed").ok());
  settle();
  const Instant returned_at = record(id).returned_to_prescriber->at;
  stop();
  start({}, db, returned_at + std::chrono::minutes(5));
  const PrescriptionRecord& r = record(id);
  ASSERT_TRUE(r.returned_to_prescriber.has_value());
  EXPECT_EQ(r.returned_to_prescriber->reason, "please confirm");
  EXPECT_EQ(r.returned_to_prescriber->at, returned_at);
  ASSERT_TRUE(r.prescriber_confirmation.has_value());
  EXPECT_EQ(r.prescriber_confirmation->prescriber.name, "李医生");
  EXPECT_EQ(r.prescriber_confirmation->reason, "confirmed");
}

}  // namespace
}  // namespace rx
