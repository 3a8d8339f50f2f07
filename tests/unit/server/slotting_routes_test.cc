// The slotting routes: re-slotting suggestions and the robot's stock-in, on
// the HttpServer over a real Pharmacy whose robot the test stands in for.
#include <gtest/gtest.h>

#include "interop/gs1/pack_code.h"
#include "server/http_server.h"
#include "unit/server/served_pharmacy.h"
#include "unit/server/test_client.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;
using testing::TestClient;

constexpr const char* kHis = "Bearer his-token";
constexpr const char* kTechnician = "Bearer technician-token";

// Stores every pack at R-3-0200 and accepts every delivery, at once.
class ObligingRobot : public Device {
 public:
  DeviceKind kind() const override { return DeviceKind::kRobot; }
  void set_listener(DeviceListener*) override {}
  void submit(PickJob) override {}
  void reprioritise(uint64_t, int) override {}
  void cancel(uint64_t) override {}
  DeviceStatus status() const override { return DeviceStatus{"R", DeviceKind::kRobot}; }
  void stock_input(uint64_t, std::vector<StockInputPack> packs, StockInputDone done) override {
    std::vector<StockInputOutcome> out;
    for (size_t i = 0; i < packs.size(); ++i) {
      out.push_back(
          StockInputOutcome{i, true, DrugCode(), packs[i].lot, packs[i].expiry, LocationCode("R-3-0200"), ""});
    }
    done(out);
  }
  void announce_delivery(DeliveryNotice, std::function<void(Status)> done) override { done(Status()); }
};

class SlottingRoutesTest : public testing::ServedPharmacyTest {
 protected:
  void SetUp() override {
    start([this](Pharmacy& p) { p.attach(robot_); });
  }

  testing::Response call(http::verb verb, const std::string& target, const char* auth, const std::string& body = "{}") {
    TestClient client(port_);
    auto r = client.request(verb, target, body, {{"Content-Type", "application/json"}, {"Authorization", auth}});
    EXPECT_TRUE(r.has_value());
    return r.value_or(testing::Response{});
  }

  ObligingRobot robot_;
};

TEST_F(SlottingRoutesTest, SuggestionsAreForTechnicians) {
  auto ok = call(http::verb::get, "/api/v1/slotting/suggestions?weeks=2", kTechnician);
  ASSERT_EQ(ok.result(), http::status::ok) << ok.body();
  json doc = json::parse(ok.body());
  EXPECT_EQ(doc["weeks"], 2);
  ASSERT_TRUE(doc["suggestions"].is_array());
  ASSERT_FALSE(doc["suggestions"].empty());  // nothing sold: drugs with several channels should give some up
  const json& first = doc["suggestions"][0];
  for (const char* key : {"drug", "demand", "channels_now", "channels_planned", "nearest_now_m", "nearest_planned_m",
                          "gain", "lose", "move_nearer", "planned"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  EXPECT_EQ(call(http::verb::get, "/api/v1/slotting/suggestions", kHis).result(), http::status::forbidden);
  auto bad = call(http::verb::get, "/api/v1/slotting/suggestions?weeks=x", kTechnician);
  EXPECT_EQ(bad.result(), http::status::bad_request);
  EXPECT_EQ(json::parse(bad.body())["error"]["field"], "weeks");
  auto far = call(http::verb::get, "/api/v1/slotting/suggestions?weeks=53", kTechnician);
  EXPECT_EQ(far.result(), http::status::bad_request);
}

TEST_F(SlottingRoutesTest, RobotStockInRecordsWhereThePacksWent) {
  std::string code = gs1_element_string("02000000000015", std::chrono::year{2028} / 6 / 30, "HTTP-1", "SER-H1");
  json body = {{"packs", json::array({{{"scan", code}}})}};
  auto r = call(http::verb::post, "/api/v1/robot/stock-in", kTechnician, body.dump());
  ASSERT_EQ(r.result(), http::status::created) << r.body();
  json doc = json::parse(r.body());
  ASSERT_EQ(doc["stored"].size(), 1u);
  EXPECT_EQ(doc["stored"][0]["location"], "R-3-0200");
  EXPECT_EQ(doc["stored"][0]["lot"], "HTTP-1");
  EXPECT_TRUE(doc["refused"].empty());

  // The same pack again: refused before the robot, 422 with the stock-in code.
  auto dup = call(http::verb::post, "/api/v1/robot/stock-in", kTechnician, body.dump());
  EXPECT_EQ(dup.result(), http::status::unprocessable_entity) << dup.body();
  EXPECT_EQ(json::parse(dup.body())["error"]["code"], "DUPLICATE_SERIAL");
  auto bad = call(http::verb::post, "/api/v1/robot/stock-in", kTechnician, R"({"packs":[{"scan":"nonsense"}]})");
  EXPECT_EQ(bad.result(), http::status::unprocessable_entity);
  EXPECT_EQ(json::parse(bad.body())["error"]["code"], "BAD_CODE");
  auto none = call(http::verb::post, "/api/v1/robot/stock-in", kTechnician, R"({"packs":[]})");
  EXPECT_EQ(none.result(), http::status::bad_request);
  EXPECT_EQ(json::parse(none.body())["error"]["field"], "packs");
  EXPECT_EQ(call(http::verb::post, "/api/v1/robot/stock-in", kHis, body.dump()).result(), http::status::forbidden);
}

TEST_F(SlottingRoutesTest, ADeliveryIsAnnounced) {
  json body = {{"delivery_number", "DN-1"},
               {"lines", json::array({{{"drug", "D0001"}, {"lot", "L1"}, {"expiry", "2028-06-30"}, {"packs", 5}}})}};
  auto r = call(http::verb::post, "/api/v1/robot/deliveries", kTechnician, body.dump());
  ASSERT_EQ(r.result(), http::status::created) << r.body();
  EXPECT_EQ(json::parse(r.body())["delivery_number"], "DN-1");
  body["lines"][0]["expiry"] = "30/06/2028";
  auto bad = call(http::verb::post, "/api/v1/robot/deliveries", kTechnician, body.dump());
  EXPECT_EQ(bad.result(), http::status::bad_request);
  EXPECT_EQ(json::parse(bad.body())["error"]["field"], "lines[0].expiry");
}

TEST_F(SlottingRoutesTest, ADeliveryLineOfTooManyPacksIsRefusedWithTheNumberSent) {
  for (const char* packs : {"99999999999", "18446744073709551615", "-5", "-99999999999", "100001"}) {
    std::string body = std::string(R"({"delivery_number":"DN-2","lines":[{"drug":"D0001","lot":"L1",)") +
                       R"("expiry":"2028-06-30","packs":)" + packs + "}]}";
    auto r = call(http::verb::post, "/api/v1/robot/deliveries", kTechnician, body);
    ASSERT_EQ(r.result(), http::status::bad_request) << packs << ": " << r.body();
    json error = json::parse(r.body())["error"];
    EXPECT_EQ(error["field"], "lines[0].packs") << packs;
    EXPECT_NE(error["message"].get<std::string>().find(std::string("found ") + packs), std::string::npos)
        << packs << ": " << error["message"];
  }
}

}  // namespace
}  // namespace rx
