// GET /api/v1/locations/suspect and POST /api/v1/locations/{location}/clear:
// the HttpServer on a real Pharmacy whose channel machine the test scripts,
// so that a pack of the wrong drug makes its channel suspect.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "interop/csv/formulary_csv.h"
#include "interop/csv/stock_csv.h"
#include "interop/gs1/pack_code.h"
#include "server/http_server.h"
#include "service/asio_scheduler.h"
#include "storage/sqlite/sqlite_store.h"
#include "unit/server/served_pharmacy.h"
#include "unit/server/test_client.h"

namespace rx {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;
using nlohmann::json;
using testing::TestClient;
using testing::read_file;

constexpr const char* kHis = "Bearer his-token";
constexpr const char* kPharmacist = "Bearer pharmacist-token";
constexpr const char* kTechnician = "Bearer technician-token";

// Takes jobs and puts out nothing by itself.
class HeldChannel : public Device {
 public:
  DeviceKind kind() const override { return DeviceKind::kChannel; }
  void set_listener(DeviceListener* listener) override { listener_ = listener; }
  void submit(PickJob job) override { jobs.push_back(std::move(job)); }
  void reprioritise(uint64_t, int) override {}
  void cancel(uint64_t) override {}
  DeviceStatus status() const override { return DeviceStatus{"held channel", DeviceKind::kChannel}; }

  DeviceListener* listener_ = nullptr;
  std::vector<PickJob> jobs;
};

class SuspectLocationRoutesTest : public testing::ServedPharmacyTest {
 protected:
  void SetUp() override { start([this](Pharmacy& p) { p.attach(channel_); }); }

  std::optional<testing::Response> call(http::verb verb, const std::string& target, const char* auth,
                                        const std::string& body = "{}") {
    TestClient client(port_);
    return client.request(verb, target, body, {{"Content-Type", "application/json"}, {"Authorization", auth}});
  }

  // A paid prescription of one D0001 pack; its job waits on the held channel.
  void planned_prescription() {
    json rx = {
        {"prescription_no", "MZ-SUSPECT-1"},
        {"patient", {{"id", "P000123"}, {"name", "张三"}, {"sex", "M"}, {"birth_date", "1958-04-02"}}},
        {"prescriber", {{"id", "D0012"}, {"name", "李医生"}}},
        {"items",
         {{{"drug", "D0001"}, {"frequency", "qd"}, {"days", 7}, {"quantity", {{"value", 1}, {"unit", "pack"}}}}}}};
    auto created = call(http::verb::post, "/api/v1/prescriptions", kHis, rx.dump());
    ASSERT_TRUE(created.has_value());
    ASSERT_LT(created->result_int(), 300) << created->body();
    std::string id = json::parse(created->body())["id"].dump();
    auto paid = call(http::verb::post, "/api/v1/prescriptions/" + id + "/payment", kHis);
    ASSERT_TRUE(paid.has_value());
    ASSERT_EQ(paid->result(), http::status::ok) << paid->body();
  }

  HeldChannel channel_;
};

TEST_F(SuspectLocationRoutesTest, ATechnicianClearsTheChannelAWrongDrugCameFrom) {
  planned_prescription();
  // The device hears of the plan once it is committed, a few loop turns after the payment's answer.
  size_t jobs = 0;
  for (int turn = 0; turn < 100000 && jobs == 0; ++turn) jobs = loop_.call([&] { return channel_.jobs.size(); });
  ASSERT_EQ(jobs, 1u);
  std::string location = loop_.call([&] {
    const PickJob& job = channel_.jobs.front();
    const PickLine& line = job.lines.front();
    // D0002's GTIN out of D0001's channel.
    channel_.listener_->on_pack_out(
        PackOut{job.job_id, line.item, line.location, gs1_element_string("02000000000022", line.expiry, "W1", "W1")});
    return line.location.value();
  });

  auto listed = call(http::verb::get, "/api/v1/locations/suspect", kPharmacist, "");
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->result(), http::status::ok) << listed->body();
  json suspect = json::parse(listed->body())["suspect"];
  ASSERT_EQ(suspect.size(), 1u) << listed->body();
  EXPECT_EQ(suspect[0]["location"], location);
  EXPECT_EQ(suspect[0]["reason"].get<std::string>().rfind("wrong_drug: pack is D0002", 0), 0u);

  const std::string clear = "/api/v1/locations/" + location + "/clear";
  auto refused = call(http::verb::post, clear, kPharmacist);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->result(), http::status::forbidden) << refused->body();

  auto cleared = call(http::verb::post, clear, kTechnician);
  ASSERT_TRUE(cleared.has_value());
  ASSERT_EQ(cleared->result(), http::status::ok) << cleared->body();
  EXPECT_TRUE(json::parse(cleared->body())["suspect"].empty());

  auto again = call(http::verb::post, clear, kTechnician);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->result(), http::status::not_found) << again->body();
  EXPECT_NE(again->body().find("is not suspect"), std::string::npos) << again->body();
}

}  // namespace
}  // namespace rx
