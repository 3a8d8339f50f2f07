// POST /api/v1/verification/images end to end: the HttpServer on a real
// Pharmacy (in-memory SQLite, the demo formulary and stock), a prescription
// paid and planned, and a tote photo drawn with libzint of the planned pack.
#include "server/verification_routes.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "interop/csv/formulary_csv.h"
#include "interop/csv/stock_csv.h"
#include "server/http_server.h"
#include "service/asio_scheduler.h"
#include "storage/sqlite/sqlite_store.h"
#include "unit/server/served_pharmacy.h"
#include "unit/server/test_client.h"
#include "unit/verification/image_tote_photo.h"
#include "verification/png_image.h"

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
constexpr const char* kPath = "/api/v1/verification/images";

// Takes jobs and keeps them: prescriptions get their plan, nothing is picked.
class IdleDevice : public Device {
 public:
  explicit IdleDevice(DeviceKind kind) : kind_(kind) {}
  DeviceKind kind() const override { return kind_; }
  void set_listener(DeviceListener*) override {}
  void submit(PickJob) override {}
  void reprioritise(uint64_t, int) override {}
  void cancel(uint64_t) override {}
  DeviceStatus status() const override { return {}; }

 private:
  DeviceKind kind_;
};

class VerificationRoutesTest : public testing::ServedPharmacyTest {
 protected:
  void SetUp() override {
    start([this](Pharmacy& p) {
      for (auto& device : devices_) p.attach(device);
    });
  }

  std::optional<testing::Response> call(const std::string& target, const char* auth, const std::string& body,
                                        const std::string& content_type) {
    TestClient client(port_);
    std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", content_type}};
    if (auth) headers.emplace_back("Authorization", auth);
    return client.request(http::verb::post, target, body, headers);
  }

  json post_json(const std::string& target, const json& body) {
    TestClient client(port_);
    auto res = client.request(http::verb::post, target, body.dump(), {{"Authorization", kHis}});
    EXPECT_TRUE(res.has_value());
    if (!res) return {};
    EXPECT_LT(res->result_int(), 300) << res->body();
    return json::parse(res->body());
  }

  // A paid prescription of one pack of D0001; answers its record once it has its plan.
  json planned_prescription() {
    json rx = {{"prescription_no", "MZ-PHOTO-1"},
               {"patient", {{"id", "P000123"}, {"name", "张三"}, {"sex", "M"}, {"birth_date", "1958-04-02"}}},
               {"prescriber", {{"id", "D0012"}, {"name", "李医生"}}},
               {"items",
                {{{"drug", "D0001"},
                  {"dose", {{"value", 100}, {"unit", "mg"}}},
                  {"route", "po"},
                  {"frequency", "qd"},
                  {"days", 7},
                  {"quantity", {{"value", 1}, {"unit", "pack"}}}}}}};
    json created = post_json("/api/v1/prescriptions", rx);
    std::string path = "/api/v1/prescriptions/" + created["id"].dump();
    post_json(path + "/payment", json::object());
    // Planning follows the payment's commit on the loop.
    PrescriptionId id(created["id"].get<long long>());
    EXPECT_TRUE(testing::wait_until(loop_, [&] { return !pharmacy_->find(id)->plan.empty(); }));
    TestClient client(port_);
    auto res = client.request(http::verb::get, path, "", {{"Authorization", kHis}});
    EXPECT_TRUE(res.has_value());
    return res ? json::parse(res->body()) : json{};
  }

  // A small tote photo with one GS1 DataMatrix of `lot` and `expiry`, as PNG.
  std::string photo(const std::string& lot, const std::string& expiry) {
    auto date = parse_date(expiry);
    EXPECT_TRUE(date.ok());
    auto image = test::render_photo(
        {test::gs1_pack("02000000000015", *date, lot, "770001", {.centre_x = 320, .centre_y = 240})}, 5, 640, 480);
    EXPECT_TRUE(image.ok());
    auto png = write_png_grey(*image);
    EXPECT_TRUE(png.ok());
    return *png;
  }

  IdleDevice devices_[3] = {IdleDevice(DeviceKind::kChannel), IdleDevice(DeviceKind::kRobot),
                            IdleDevice(DeviceKind::kShelf)};
};

TEST_F(VerificationRoutesTest, APngOfThePlannedPackPassesAgainstThePlan) {
  json record = planned_prescription();
  ASSERT_FALSE(record["plan"].empty()) << record.dump();
  std::string id = record["id"].dump();
  std::string png = photo(record["plan"][0]["lot"], record["plan"][0]["expiry"]);
  auto res = call(std::string(kPath) + "?prescription_id=" + id, kPharmacist, png, "image/png");
  ASSERT_TRUE(res.has_value());
  ASSERT_EQ(res->result(), http::status::ok) << res->body();
  json body = json::parse(res->body());
  EXPECT_EQ(body["prescription_id"], id);
  EXPECT_EQ(body["passed"], true) << body.dump();
  EXPECT_EQ(body["counts"]["matched"], 1);
  EXPECT_EQ(body["codes"][0]["drug"], "D0001");
  EXPECT_EQ(body["codes"][0]["serial"], "770001");
}

TEST_F(VerificationRoutesTest, AnotherLotFailsAndTheLineIsMissing) {
  json record = planned_prescription();
  std::string id = record["id"].dump();
  auto res = call(std::string(kPath) + "?prescription_id=" + id, kPharmacist, photo("OTHERLOT", "2029-01-31"),
                  "image/png");
  ASSERT_TRUE(res.has_value());
  ASSERT_EQ(res->result(), http::status::ok) << res->body();
  json body = json::parse(res->body());
  EXPECT_EQ(body["passed"], false);
  EXPECT_EQ(body["codes"][0]["status"], "extra");
  EXPECT_EQ(body["missing"][0]["drug"], "D0001");
}

TEST_F(VerificationRoutesTest, AMultipartFormCarriesTheImageAndTheId) {
  json record = planned_prescription();
  std::string id = record["id"].dump();
  std::string png = photo(record["plan"][0]["lot"], record["plan"][0]["expiry"]);
  std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"prescription_id\"\r\n\r\n" + id +
                     "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"tote.png\"\r\n"
                     "Content-Type: image/png\r\n\r\n" + png + "\r\n--XyZ--\r\n";
  auto res = call(kPath, kPharmacist, body, "multipart/form-data; boundary=XyZ");
  ASSERT_TRUE(res.has_value());
  ASSERT_EQ(res->result(), http::status::ok) << res->body();
  EXPECT_EQ(json::parse(res->body())["passed"], true);
}

TEST_F(VerificationRoutesTest, WithoutAPrescriptionThePacksAreOnlyRead) {
  auto res = call(kPath, kPharmacist, photo("DM2506002", "2028-06-30"), "image/png");
  ASSERT_TRUE(res.has_value());
  ASSERT_EQ(res->result(), http::status::ok) << res->body();
  json body = json::parse(res->body());
  EXPECT_TRUE(body["passed"].is_null());
  EXPECT_EQ(body["codes"][0]["status"], "unplanned");
  EXPECT_EQ(body["codes"][0]["lot"], "DM2506002");
}

TEST_F(VerificationRoutesTest, BadRequestsSayWhatIsWrong) {
  auto not_png = call(kPath, kPharmacist, "GIF89a", "image/png");
  ASSERT_TRUE(not_png.has_value());
  EXPECT_EQ(not_png->result(), http::status::bad_request);
  EXPECT_EQ(json::parse(not_png->body())["error"]["field"], "image");

  auto json_body = call(kPath, kPharmacist, "{}", "application/json");
  ASSERT_TRUE(json_body.has_value());
  EXPECT_EQ(json_body->result(), http::status::unsupported_media_type);

  auto unknown = call(std::string(kPath) + "?prescription_id=999999", kPharmacist, photo("L", "2029-01-31"),
                      "image/png");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->result(), http::status::not_found);
  EXPECT_EQ(json::parse(unknown->body())["error"]["field"], "prescription_id");

  auto no_image = call(kPath, kPharmacist, "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--",
                       "multipart/form-data; boundary=b");
  ASSERT_TRUE(no_image.has_value());
  EXPECT_EQ(no_image->result(), http::status::bad_request);
  EXPECT_EQ(json::parse(no_image->body())["error"]["field"], "image");
}

// A cancelled prescription keeps its plan for the record, but its packs go back
// to stock: a tote photo of them must not pass as ready for the patient.
TEST_F(VerificationRoutesTest, ACancelledPrescriptionsToteIsNotChecked) {
  json record = planned_prescription();
  std::string id = record["id"].dump();
  std::string png = photo(record["plan"][0]["lot"], record["plan"][0]["expiry"]);
  post_json("/api/v1/prescriptions/" + id + "/cancel", {{"reason", "patient left"}});
  auto res = call(std::string(kPath) + "?prescription_id=" + id, kPharmacist, png, "image/png");
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->result(), http::status::conflict) << res->body();
  json error = json::parse(res->body())["error"];
  EXPECT_EQ(error["field"], "prescription_id");
  EXPECT_NE(error["message"].get<std::string>().find("cancelled"), std::string::npos) << error.dump();
}

TEST_F(VerificationRoutesTest, OnlyRolesThatVerifyMayPost) {
  std::string png = photo("DM2506002", "2028-06-30");
  auto none = call(kPath, nullptr, png, "image/png");
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->result(), http::status::unauthorized);
  for (const char* role : {kHis, kTechnician}) {
    auto res = call(kPath, role, png, "image/png");
    ASSERT_TRUE(res.has_value());
    EXPECT_EQ(res->result(), http::status::forbidden) << role;
  }
}

}  // namespace
}  // namespace rx
