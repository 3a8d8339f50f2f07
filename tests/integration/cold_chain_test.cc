// The cold chain through the real binary: a thermometer file named in the
// configuration feeds the fridge's sensor, an excursion shows with its
// exposed lots, and a pharmacist decides on one, over HTTP.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "integration/serve_setup.h"

namespace rx::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr auto kTimeout = 30s;

class ColdChainTest : public ServeTest {
 protected:
  void prepare(const ServedPharmacy& served) override {
    std::ofstream(served.dir() / "temperatures.txt") << "# written by the fridge's logger\nF1,12.5\n";
    std::ofstream out(served.config(), std::ios::app);
    out << "[cold_chain]\n"
        << "sensor_file = \"" << (served.dir() / "temperatures.txt").string() << "\"\n"
        << "poll_seconds = 1\n"
        << "[cold_chain.sensors]\n"
        << "F1 = \"fridge\"\n";
  }
};

TEST_F(ColdChainTest, TheFileSensorOpensAnExcursionThatAPharmacistDecidesOn) {
  HttpClient& http = *client_;
  json overview;
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  for (;;) {
    HttpReply r = http.get("/api/v1/temperature", kPharmacistToken);
    ASSERT_EQ(r.status, 200) << describe(r);
    overview = r.json;
    if (!overview["open_excursions"].empty()) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no excursion: " << r.body << served_->process()->log();
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(overview["sensors"].size(), 1u);
  EXPECT_EQ(overview["sensors"][0]["sensor"], "F1");
  EXPECT_EQ(overview["sensors"][0]["state"], "high");
  long long id = overview["open_excursions"][0]["id"];

  HttpReply exposure = http.get("/api/v1/temperature/excursions/" + std::to_string(id), kPharmacistToken);
  ASSERT_EQ(exposure.status, 200) << describe(exposure);
  ASSERT_FALSE(exposure.json["exposed"].empty());
  json lot = exposure.json["exposed"][0];
  EXPECT_TRUE(lot["location"].get<std::string>().starts_with("F-"));
  EXPECT_EQ(http.get("/api/v1/temperature/excursions/999", kPharmacistToken).status, 404);

  std::string decisions = "/api/v1/temperature/excursions/" + std::to_string(id) + "/decisions";
  json decision{{"drug", lot["drug"]}, {"lot", lot["lot"]}, {"decision", "quarantine"}, {"reason", "12.5 °C"}};
  EXPECT_EQ(http.post(decisions, decision, kHisToken).status, 403);
  json bad = decision;
  bad["decision"] = "keep";
  HttpReply refused = http.post(decisions, bad, kPharmacistToken);
  EXPECT_EQ(refused.status, 400) << describe(refused);
  EXPECT_EQ(refused.json["error"]["field"], "decision");
  HttpReply decided = http.post(decisions, decision, kPharmacistToken);
  ASSERT_EQ(decided.status, 201) << describe(decided);
  EXPECT_EQ(decided.json["decision"], "quarantine");
  EXPECT_EQ(http.post(decisions, decision, kPharmacistToken).status, 409);

  HttpReply inventory = http.get("/api/v1/inventory?drug=" + lot["drug"].get<std::string>(), kPharmacistToken);
  ASSERT_EQ(inventory.status, 200) << describe(inventory);
  bool quarantined = false;
  for (const auto& row : inventory.json["stock"]) {
    if (row["lot"] == lot["lot"] && row["location"] == lot["location"]) quarantined = row["status"] == "quarantined";
  }
  EXPECT_TRUE(quarantined) << inventory.body;
}

TEST_F(ColdChainTest, ReadingsPostedOverHttpAreCheckedAndBounded) {
  HttpClient& http = *client_;
  HttpReply ok =
      http.post("/api/v1/temperature", {{"sensor", "COOL-1"}, {"zone", "cool"}, {"celsius", 18.5}}, kAdminToken);
  ASSERT_EQ(ok.status, 201) << describe(ok);
  EXPECT_EQ(ok.json["state"], "ok");
  EXPECT_EQ(ok.json["zone"], "cool");
  EXPECT_EQ(http.post("/api/v1/temperature", {{"sensor", "COOL-1"}, {"celsius", 18.5}}, kPharmacistToken).status, 403);
  HttpReply no_zone = http.post("/api/v1/temperature", {{"sensor", "NEW"}, {"celsius", 5}}, kAdminToken);
  EXPECT_EQ(no_zone.status, 400);
  EXPECT_EQ(no_zone.json["error"]["field"], "zone");
  HttpReply words = http.post("/api/v1/temperature", {{"sensor", "COOL-1"}, {"celsius", "warm"}}, kAdminToken);
  EXPECT_EQ(words.json["error"]["field"], "celsius");
  HttpReply big = http.post("/api/v1/temperature", {{"sensor", std::string(2000, 'x')}, {"celsius", 5}}, kAdminToken);
  EXPECT_EQ(big.status, 400) << describe(big);
  EXPECT_EQ(big.json["error"]["field"], "sensor");
  HttpReply overview = http.get("/api/v1/temperature", kAdminToken);
  ASSERT_EQ(overview.status, 200);
  EXPECT_EQ(overview.json["zones"].size(), 2u);
  EXPECT_EQ(overview.json["unmonitored"].size(), 1u) << overview.body;  // 速效救心丸 in the robot
}

}  // namespace
}  // namespace rx::test
