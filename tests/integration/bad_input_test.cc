// Bad requests against one running server: each is refused with an error
// that names what was wrong, none stores anything, and the server keeps serving.
#include <gtest/gtest.h>

#include <boost/beast/http/verb.hpp>
#include <memory>
#include <string>
#include <vector>

#include "integration/http_client.h"
#include "integration/rxpress_process.h"
#include "integration/serve_setup.h"

namespace rx::test {
namespace {

using nlohmann::json;
namespace http = boost::beast::http;

json valid_prescription(const std::string& prescription_no) {
  return {{"prescription_no", prescription_no},
          {"visit", {{"type", "outpatient"}, {"department", "心内科"}}},
          {"patient", {{"id", "P0000001"}, {"name", "张三"}, {"sex", "M"}, {"birth_date", "1970-04-02"}}},
          {"prescriber", {{"id", "D0012"}, {"name", "李医生"}}},
          {"items",
           {{{"drug", "D0020"},
             {"dose", {{"value", 10}, {"unit", "mg"}}},
             {"route", "po"},
             {"frequency", "qd"},
             {"days", 7},
             {"quantity", {{"value", 1}, {"unit", "盒"}}}}}}};
}

// Checks the {"error":{"code","message","field"}} shape of an /api answer.
void expect_error(const HttpReply& r, int status, const std::string& code, const std::string& field) {
  ASSERT_EQ(r.status, status) << describe(r);
  ASSERT_TRUE(r.json.is_object()) << describe(r);
  ASSERT_TRUE(r.json.contains("error")) << describe(r);
  const json& error = r.json.at("error");
  ASSERT_TRUE(error.at("code").is_string()) << describe(r);
  if (!code.empty()) {
    EXPECT_EQ(error.at("code"), code) << describe(r);
  }
  ASSERT_TRUE(error.at("message").is_string()) << describe(r);
  EXPECT_FALSE(error.at("message").get<std::string>().empty()) << describe(r);
  if (field.empty()) {
    EXPECT_FALSE(error.contains("field")) << describe(r);
  } else {
    ASSERT_TRUE(error.contains("field")) << describe(r);
    EXPECT_EQ(error.at("field"), field) << describe(r);
  }
}

class BadInputTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(fresh_test_dir("BadInputTest"));
    LaunchOptions options;
    options.args = {"serve", "--config", write_serve_config(*dir_, 50).string(), "--data", (*dir_ / "data").string()};
    options.env = {{"RXPRESS_BOOTSTRAP_TOKEN", kBootstrapToken}};
    options.stderr_path = *dir_ / "rxpress.log";
    start_error_ = new std::string;
    server_ = RxpressProcess::start(options, *start_error_).release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete start_error_;
    start_error_ = nullptr;
    if (!testing::UnitTest::GetInstance()->Failed()) std::filesystem::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr) << *start_error_;
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  // Every stored prescription whose number starts with `prefix`, read as admin
  // with the bootstrap token.
  std::vector<json> stored_with_prefix(const std::string& prefix) {
    HttpReply r = client_->get("/api/v1/prescriptions?limit=10000", kBootstrapToken);
    EXPECT_EQ(r.status, 200) << describe(r);
    std::vector<json> out;
    if (r.status != 200) return out;
    for (const auto& p : r.json.at("prescriptions")) {
      if (p.at("prescription_no").get<std::string>().rfind(prefix, 0) == 0) out.push_back(p);
    }
    return out;
  }

  static std::filesystem::path* dir_;
  static std::string* start_error_;
  static RxpressProcess* server_;
  std::unique_ptr<HttpClient> client_;
};

std::filesystem::path* BadInputTest::dir_ = nullptr;
std::string* BadInputTest::start_error_ = nullptr;
RxpressProcess* BadInputTest::server_ = nullptr;

struct BadCase {
  std::string name;
  std::string body;
  std::string code;   // empty: any code
  std::string field;  // empty: no field
};

std::vector<BadCase> bad_cases() {
  std::vector<BadCase> cases;
  cases.push_back({"malformed JSON", R"({"prescription_no": "IT-BAD-1", "items": [{"drug": "D0020",)",
                   "MALFORMED_JSON", ""});
  json nul_id = valid_prescription("IT-BAD-NUL");
  nul_id["patient"]["id"] = std::string("P0\0" "01", 5);
  cases.push_back({"a NUL in the patient id", nul_id.dump(), "MALFORMED_JSON", ""});
  json missing_no = valid_prescription("IT-BAD-2");
  missing_no.erase("prescription_no");
  cases.push_back({"missing prescription_no", missing_no.dump(), "INVALID_ARGUMENT", "prescription_no"});
  json unknown_drug = valid_prescription("IT-BAD-3");
  unknown_drug["items"][0]["drug"] = "D9999";
  cases.push_back({"unknown drug", unknown_drug.dump(), "UNKNOWN_DRUG", "items[0].drug"});
  json zero = valid_prescription("IT-BAD-4");
  zero["items"][0]["quantity"]["value"] = 0;
  cases.push_back({"zero quantity", zero.dump(), "INVALID_ARGUMENT", "items[0].quantity.value"});
  json negative = valid_prescription("IT-BAD-5");
  negative["items"][0]["quantity"]["value"] = -2;
  cases.push_back({"negative quantity", negative.dump(), "INVALID_ARGUMENT", "items[0].quantity.value"});
  json unknown_unit = valid_prescription("IT-BAD-6");
  unknown_unit["items"][0]["quantity"]["unit"] = "furlong";
  cases.push_back({"unknown unit", unknown_unit.dump(), "INVALID_ARGUMENT", "items[0].quantity.unit"});
  json wrong_unit = valid_prescription("IT-BAD-7");
  wrong_unit["items"][0]["quantity"] = {{"value", 10}, {"unit", "mg"}};
  cases.push_back({"a unit that is not the drug's", wrong_unit.dump(), "INVALID_ARGUMENT", "items[0].quantity.unit"});
  json six = valid_prescription("IT-BAD-8");
  for (const char* drug : {"D0007", "D0008", "D0013", "D0021", "D0030"}) {
    six["items"].push_back({{"drug", drug}, {"days", 3}, {"quantity", {{"value", 1}, {"unit", "pack"}}}});
  }
  cases.push_back({"6 items", six.dump(), "MAX_ITEMS", "items"});
  json huge = valid_prescription("IT-BAD-9");
  huge["diagnoses"] = json::array({{{"code", "I10"}, {"text", std::string(1024 * 1024 + 100, 'x')}}});
  cases.push_back({"a body over 1 MiB", huge.dump(), "BODY_TOO_LARGE", ""});
  return cases;
}

TEST_F(BadInputTest, EachBadBodyIsRefusedWithItsFieldAndNothingIsStored) {
  for (const BadCase& c : bad_cases()) {
    SCOPED_TRACE(c.name);
    HttpReply r = client_->request(http::verb::post, "/api/v1/prescriptions", c.body, "application/json", kHisToken);
    expect_error(r, 400, c.code, c.field);
  }
  HttpReply health = client_->get("/healthz");
  EXPECT_EQ(health.status, 200) << describe(health);

  HttpReply created = client_->post("/api/v1/prescriptions", valid_prescription("IT-BAD-OK"), kHisToken);
  ASSERT_EQ(created.status, 201) << describe(created);
  EXPECT_EQ(created.json.at("status"), "accepted") << created.json.at("findings").dump();

  auto stored = stored_with_prefix("IT-BAD-");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].at("prescription_no"), "IT-BAD-OK");
  EXPECT_EQ(stored[0].at("id"), created.json.at("id"));
}

TEST_F(BadInputTest, NoTokenIs401AndARoleWithoutThePermissionIs403) {
  HttpReply no_token_read = client_->get("/api/v1/prescriptions");
  expect_error(no_token_read, 401, "UNAUTHENTICATED", "");
  HttpReply no_token_create = client_->post("/api/v1/prescriptions", valid_prescription("IT-AUTH-1"));
  expect_error(no_token_create, 401, "UNAUTHENTICATED", "");
  HttpReply wrong_token = client_->get("/api/v1/prescriptions", "not-a-token-of-this-pharmacy");
  expect_error(wrong_token, 401, "UNAUTHENTICATED", "");

  HttpReply created = client_->post("/api/v1/prescriptions", valid_prescription("IT-AUTH-2"), kHisToken);
  ASSERT_EQ(created.status, 201) << describe(created);
  std::string override_path = "/api/v1/prescriptions/" + std::to_string(created.json.at("id").get<long long>()) +
                              "/override";
  json reason = {{"reason", "已与开方医师确认"}};
  HttpReply his_override = client_->post(override_path, reason, kHisToken);
  expect_error(his_override, 403, "PERMISSION_DENIED", "");
  // The pharmacist may override; this prescription is not blocked, so the state refuses it instead.
  HttpReply pharmacist_override = client_->post(override_path, reason, kPharmacistToken);
  EXPECT_EQ(pharmacist_override.status, 409) << describe(pharmacist_override);

  auto stored = stored_with_prefix("IT-AUTH-");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].at("prescription_no"), "IT-AUTH-2");
  EXPECT_EQ(stored[0].at("status"), "accepted");
}

TEST_F(BadInputTest, TheSamePrescriptionNoAgainAnswers200WithTheSameRecord) {
  json rx = valid_prescription("IT-DUP-1");
  HttpReply first = client_->post("/api/v1/prescriptions", rx, kHisToken);
  ASSERT_EQ(first.status, 201) << describe(first);
  HttpReply second = client_->post("/api/v1/prescriptions", rx, kHisToken);
  ASSERT_EQ(second.status, 200) << describe(second);
  EXPECT_EQ(second.json.at("id"), first.json.at("id"));
  EXPECT_EQ(second.json, first.json);
  EXPECT_EQ(stored_with_prefix("IT-DUP-").size(), 1u);
}

}  // namespace
}  // namespace rx::test
