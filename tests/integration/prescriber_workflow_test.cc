// 退回医师, 双签 and the dose-instruction labels over HTTP, against the real
// rxpress serve: roles, states, idempotency and the record they leave.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "integration/http_client.h"
#include "integration/rxpress_process.h"
#include "integration/serve_setup.h"

namespace rx::test {
namespace {

using nlohmann::json;

// Metformin 1000 mg tid: 3 g a day, over the 2 g maximum, so DOSE_MAX blocks it.
json blocked_prescription(const std::string& no) {
  return {{"prescription_no", no},
          {"visit", {{"type", "outpatient"}, {"department", "内分泌科"}}},
          {"patient", {{"id", "P0000777"}, {"name", "王秀英"}, {"sex", "F"}, {"birth_date", "1960-05-06"}}},
          {"prescriber", {{"id", "D0012"}, {"name", "李医生"}}},
          {"items",
           {{{"drug", "D0022"},
             {"dose", {{"value", 1000}, {"unit", "mg"}}},
             {"route", "po"},
             {"frequency", "tid"},
             {"days", 7},
             {"quantity", {{"value", 3}, {"unit", "盒"}}}}}}};
}

class PrescriberWorkflowHttpTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_test_dir();
    LaunchOptions options;
    options.args = {"serve", "--config", write_serve_config(dir_, 50).string(), "--data", (dir_ / "data").string()};
    options.stderr_path = dir_ / "rxpress.log";
    std::string error;
    server_ = RxpressProcess::start(options, error);
    ASSERT_NE(server_, nullptr) << error;
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  std::string path(const json& record, const std::string& event) {
    return "/api/v1/prescriptions/" + std::to_string(record.at("id").get<long long>()) + "/" + event;
  }
  static int count_events(const json& record, const std::string& type) {
    int n = 0;
    for (const auto& e : record.at("history")) n += e.at("type") == type ? 1 : 0;
    return n;
  }

  std::filesystem::path dir_;
  std::unique_ptr<RxpressProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(PrescriberWorkflowHttpTest, ReturnConfirmAndOverrideShowBothSignatures) {
  HttpReply created = client_->post("/api/v1/prescriptions", blocked_prescription("IT-PW-1"), kHisToken);
  ASSERT_EQ(created.status, 201) << describe(created);
  ASSERT_EQ(created.json.at("status"), "blocked");
  const json reason = {{"reason", "二甲双胍日剂量 3 g 超过最大日剂量, 请确认"}};

  HttpReply his_return = client_->post(path(created.json, "return-to-prescriber"), reason, kHisToken);
  EXPECT_EQ(his_return.status, 403) << "only a pharmacist returns a prescription: " << describe(his_return);
  HttpReply no_reason = client_->post(path(created.json, "return-to-prescriber"), json::object(), kPharmacistToken);
  EXPECT_EQ(no_reason.status, 400) << describe(no_reason);

  HttpReply returned = client_->post(path(created.json, "return-to-prescriber"), reason, kPharmacistToken);
  ASSERT_EQ(returned.status, 200) << describe(returned);
  EXPECT_EQ(returned.json.at("status"), "blocked");
  EXPECT_EQ(returned.json.at("returned_to_prescriber").at("reason"), reason.at("reason"));
  EXPECT_EQ(count_events(returned.json, "prescription.returned_to_prescriber"), 1);
  HttpReply again = client_->post(path(created.json, "return-to-prescriber"), reason, kPharmacistToken);
  ASSERT_EQ(again.status, 200) << describe(again);
  EXPECT_EQ(count_events(again.json, "prescription.returned_to_prescriber"), 1) << "idempotent";

  json confirmation = {{"prescriber", {{"id", "D0012"}, {"name", "李医生"}}},
                       {"reason", "患者已耐受该剂量, 短期使用, 知情同意"}};
  json other_doctor = confirmation;
  other_doctor["prescriber"]["id"] = "D0099";
  HttpReply wrong = client_->post(path(created.json, "prescriber-confirmation"), other_doctor, kHisToken);
  ASSERT_EQ(wrong.status, 400) << describe(wrong);
  EXPECT_EQ(wrong.json.at("error").at("field"), "prescriber.id");
  json nameless = confirmation;
  nameless["prescriber"].erase("name");
  HttpReply no_name = client_->post(path(created.json, "prescriber-confirmation"), nameless, kHisToken);
  ASSERT_EQ(no_name.status, 400) << describe(no_name);
  EXPECT_EQ(no_name.json.at("error").at("field"), "prescriber.name");

  HttpReply confirmed = client_->post(path(created.json, "prescriber-confirmation"), confirmation, kHisToken);
  ASSERT_EQ(confirmed.status, 200) << describe(confirmed);
  EXPECT_EQ(confirmed.json.at("status"), "blocked");
  EXPECT_EQ(confirmed.json.at("prescriber_confirmation").at("prescriber").at("name"), "李医生");
  EXPECT_EQ(confirmed.json.at("prescriber_confirmation").at("recorded_by"), "his:his-test");
  HttpReply repeated = client_->post(path(created.json, "prescriber-confirmation"), confirmation, kHisToken);
  ASSERT_EQ(repeated.status, 200) << describe(repeated);
  EXPECT_EQ(count_events(repeated.json, "prescription.prescriber_confirmed"), 1) << "idempotent";

  HttpReply overridden =
      client_->post(path(created.json, "override"), {{"reason", "已与医师核实"}}, kPharmacistToken);
  ASSERT_EQ(overridden.status, 200) << describe(overridden);
  EXPECT_EQ(overridden.json.at("status"), "accepted");
  const std::string cited = overridden.json.at("reason");
  EXPECT_NE(cited.find("已与医师核实"), std::string::npos) << cited;
  EXPECT_NE(cited.find("双签: 李医生 D0012"), std::string::npos) << cited;
  json override_event;
  for (const auto& e : overridden.json.at("history")) {
    if (e.at("type") == "prescription.overridden") override_event = e;
  }
  ASSERT_TRUE(override_event.is_object());
  EXPECT_EQ(override_event.at("actor"), "pharmacist:pharmacist-test");
  EXPECT_EQ(override_event.at("data").at("prescriber_confirmation").at("prescriber").at("id"), "D0012");

  HttpReply late = client_->post(path(created.json, "return-to-prescriber"), reason, kPharmacistToken);
  EXPECT_EQ(late.status, 409) << "an accepted prescription is not returned: " << describe(late);
  HttpReply late_confirmation = client_->post(path(created.json, "prescriber-confirmation"),
                                              {{"prescriber", confirmation.at("prescriber")}, {"reason", "again"}},
                                              kHisToken);
  EXPECT_EQ(late_confirmation.status, 409) << describe(late_confirmation);
}

TEST_F(PrescriberWorkflowHttpTest, LabelsArePdfForThePharmacistAndNotForTheHis) {
  HttpReply created = client_->post("/api/v1/prescriptions", blocked_prescription("IT-PW-2"), kHisToken);
  ASSERT_EQ(created.status, 201) << describe(created);
  std::string labels = "/api/v1/prescriptions/" + std::to_string(created.json.at("id").get<long long>()) +
                       "/labels.pdf";
  HttpReply pdf = client_->get(labels, kPharmacistToken);
  ASSERT_EQ(pdf.status, 200) << describe(pdf);
  EXPECT_EQ(pdf.body.rfind("%PDF-1.4", 0), 0u);
  EXPECT_NE(pdf.body.find("/Count 1"), std::string::npos);
  EXPECT_EQ(client_->get(labels, kHisToken).status, 403);
  EXPECT_EQ(client_->get("/api/v1/prescriptions/99999/labels.pdf", kPharmacistToken).status, 404);
}

}  // namespace
}  // namespace rx::test
