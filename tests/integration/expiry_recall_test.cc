// The expiry list and a recall over HTTP, against the real binary with the
// shipped stock: what the routes answer, who may recall, and what a refused
// request leaves unchanged.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "integration/prescription_writer.h"
#include "integration/serve_setup.h"

namespace rx::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr auto kTimeout = 60s;
constexpr auto kPollInterval = 50ms;

class ExpiryRecallTest : public SharedServeTest {
 protected:
  // Takes one prescription of `drug` from intake to hand-over; its record.
  json hand_over_one(const std::string& no, const std::string& drug) {
    HttpClient& http = *client_;
    auto now = std::chrono::system_clock::now();
    json rx = {{"prescription_no", no},
               {"issued_at", shanghai_iso8601(std::max(now - 10min, shanghai_midnight(now)))},
               {"patient", {{"id", "P-" + no}, {"name", "张三"}, {"sex", "M"}, {"birth_date", "1970-04-02"}}},
               {"items", json::array({{{"drug", drug},
                                       {"frequency", "qd"},
                                       {"days", 7},
                                       {"quantity", {{"value", 1}, {"unit", "pack"}}}}})}};
    HttpReply created = http.post("/api/v1/prescriptions", rx, kHisToken);
    EXPECT_EQ(created.status, 201) << describe(created);
    if (created.status != 201) return json();
    std::string base = "/api/v1/prescriptions/" + std::to_string(created.json.at("id").get<long long>());
    EXPECT_EQ(http.post(base + "/payment", json::object(), kHisToken).status, 200);
    EXPECT_EQ(http.post(base + "/checkin", json::object(), kHisToken).status, 200);
    auto deadline = std::chrono::steady_clock::now() + kTimeout;
    for (;;) {
      HttpReply r = http.get(base, kPharmacistToken);
      if (r.status != 200) {
        ADD_FAILURE() << describe(r);
        return json();
      }
      if (r.json.at("status") == "ready" && r.json.at("at_window").get<bool>()) break;
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "never ready at a window: " << r.body.substr(0, 2000);
        return json();
      }
      std::this_thread::sleep_for(kPollInterval);
    }
    HttpReply done = http.post(base + "/handover", json::object(), kPharmacistToken);
    EXPECT_EQ(done.status, 200) << describe(done);
    return done.json;
  }
};

TEST_F(ExpiryRecallTest, TheExpiryListShowsTheExpiredLotInTheInventoryRowShape) {
  HttpReply r = client_->get("/api/v1/expiry?within_days=0", kPharmacistToken);
  ASSERT_EQ(r.status, 200) << describe(r);
  ASSERT_TRUE(r.json.at("lots").is_array());
  bool found = false;
  for (const json& lot : r.json.at("lots")) {
    for (const char* key : {"drug", "lot", "expiry", "location", "quantity", "status"}) {
      EXPECT_TRUE(lot.contains(key)) << key << " in " << lot.dump();
    }
    if (lot.at("lot") == "DM2311061") {
      found = true;
      EXPECT_EQ(lot.at("status"), "expired") << lot.dump();
    }
  }
  EXPECT_TRUE(found) << "D0032's lot expired before the demo's day: " << r.body.substr(0, 2000);
  HttpReply wider = client_->get("/api/v1/expiry", kPharmacistToken);
  ASSERT_EQ(wider.status, 200) << describe(wider);
  EXPECT_GT(wider.json.at("lots").size(), r.json.at("lots").size()) << "90 days by default";

  expect_refusal(client_->get("/api/v1/expiry?within_days=soon", kPharmacistToken), 400, "", "within_days");
  expect_refusal(client_->get("/api/v1/expiry?within_days=3651", kPharmacistToken), 400, "", "within_days");
  EXPECT_EQ(client_->get("/api/v1/expiry").status, 401);
}

TEST_F(ExpiryRecallTest, ARecallBlocksTheLotAndReportsThePatientWhoReceivedIt) {
  json record = hand_over_one("IT-RECALL-1", "D0003");
  ASSERT_TRUE(record.is_object()) << record.dump();
  ASSERT_FALSE(record.at("packs").empty()) << record.dump();
  std::string lot = record.at("packs")[0].at("lot");
  json body = {{"lot", lot}, {"drug", "D0003"}, {"reason", "supplier notice 17"}};

  EXPECT_EQ(client_->post("/api/v1/recall", body, kHisToken).status, 403) << "the HIS may not recall";
  HttpReply before = client_->get("/api/v1/recall?lot=" + lot, kPharmacistToken);
  ASSERT_EQ(before.status, 200) << describe(before);
  EXPECT_FALSE(before.json.at("blocked").get<bool>());

  HttpReply recalled = client_->post("/api/v1/recall", body, kPharmacistToken);
  ASSERT_EQ(recalled.status, 200) << describe(recalled);
  EXPECT_EQ(recalled.json.at("lot"), lot);
  EXPECT_TRUE(recalled.json.at("blocked").get<bool>());
  ASSERT_EQ(recalled.json.at("dispensed").size(), 1u) << recalled.body;
  const json& who = recalled.json.at("dispensed")[0];
  EXPECT_EQ(who.at("prescription_no"), "IT-RECALL-1");
  EXPECT_EQ(who.at("patient_id"), "P-IT-RECALL-1");
  EXPECT_EQ(who.at("prescription_id"), record.at("id"));
  EXPECT_EQ(who.at("handed_over_at"), record.at("handed_over_at"));
  EXPECT_EQ(who.at("window"), record.at("window"));
  EXPECT_EQ(who.at("packs"), 1);
  EXPECT_TRUE(who.at("handed_over").get<bool>());
  ASSERT_FALSE(recalled.json.at("tasks").empty());
  for (const json& task : recalled.json.at("tasks")) {
    EXPECT_EQ(task.at("kind"), "remove");
    EXPECT_EQ(task.at("reason"), "recall");
  }

  HttpReply again = client_->post("/api/v1/recall", body, kPharmacistToken);
  ASSERT_EQ(again.status, 200) << describe(again);
  EXPECT_EQ(again.json.at("tasks").size(), recalled.json.at("tasks").size()) << "no second task";
  EXPECT_EQ(again.json.at("recalls").size(), 1u);

  HttpReply stock = client_->get("/api/v1/inventory?drug=D0003", kPharmacistToken);
  ASSERT_EQ(stock.status, 200) << describe(stock);
  for (const json& row : stock.json.at("stock")) {
    if (row.at("lot") == lot) {
      EXPECT_EQ(row.at("status"), "blocked") << row.dump();
    }
  }
}

TEST_F(ExpiryRecallTest, RefusedRecallsNameTheFieldAndChangeNothing) {
  expect_refusal(client_->post("/api/v1/recall", json{{"lot", "NO-SUCH-LOT"}, {"reason", "x"}}, kPharmacistToken), 404);
  expect_refusal(client_->post("/api/v1/recall", json{{"lot", "DM2506002"}}, kPharmacistToken), 400, "", "reason");
  expect_refusal(
      client_->post("/api/v1/recall", json{{"lot", std::string(21, 'L')}, {"reason", "x"}}, kPharmacistToken), 400,
      "", "lot");
  expect_refusal(client_->post("/api/v1/recall", json{{"lot", 12}, {"reason", "x"}}, kPharmacistToken), 400, "", "lot");
  expect_refusal(client_->post("/api/v1/recall", json::array(), kPharmacistToken), 400);
  expect_refusal(client_->post("/api/v1/recall", json{{"lot", "DM2506002"}, {"reason", std::string(501, 'r')}},
                               kPharmacistToken),
                 400, "", "reason");
  expect_refusal(client_->get("/api/v1/recall", kPharmacistToken), 400, "", "lot");
  HttpReply lot = client_->get("/api/v1/recall?lot=DM2506002", kPharmacistToken);
  ASSERT_EQ(lot.status, 200) << describe(lot);
  EXPECT_FALSE(lot.json.at("blocked").get<bool>()) << "nothing was recalled";
  EXPECT_TRUE(lot.json.at("recalls").empty());
}

TEST_F(ExpiryRecallTest, ARecallReasonIsCountedInCharactersAndMustNotBeBlank) {
  const std::string lot = "DM2407003";  // D0002's, in the shipped stock
  expect_refusal(client_->post("/api/v1/recall", json{{"lot", lot}, {"reason", " \t "}}, kPharmacistToken), 400, "",
                 "reason");
  std::string too_long;
  for (int i = 0; i < 501; ++i) too_long += "召";
  HttpReply refused = client_->post("/api/v1/recall", json{{"lot", lot}, {"reason", too_long}}, kPharmacistToken);
  expect_refusal(refused, 400, "", "reason");
  EXPECT_NE(refused.json["error"]["message"].get<std::string>().find("found 501"), std::string::npos)
      << describe(refused);
  HttpReply untouched = client_->get("/api/v1/recall?lot=" + lot, kPharmacistToken);
  ASSERT_EQ(untouched.status, 200) << describe(untouched);
  EXPECT_TRUE(untouched.json.at("recalls").empty()) << "a refused recall changes nothing";

  std::string reason;
  for (int i = 0; i < 250; ++i) reason += "召回";  // 500 characters, 1500 bytes
  HttpReply recalled = client_->post("/api/v1/recall", json{{"lot", lot}, {"reason", reason}}, kPharmacistToken);
  ASSERT_EQ(recalled.status, 200) << describe(recalled);
  ASSERT_EQ(recalled.json.at("recalls").size(), 1u) << recalled.body;
  EXPECT_EQ(recalled.json.at("recalls")[0].at("reason"), reason);
}

}  // namespace
}  // namespace rx::test
