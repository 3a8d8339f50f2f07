// `rxpress serve` drives its pick robot over WWKS 2.0: the simulated robot
// runs in process as a WWKS storage system on a loopback port and the WWKS
// driver is the robot device. Prescriptions of drugs only the robot holds are
// handed over, and the robot's own stock, asked over WWKS by a second client,
// falls by exactly the packs handed over: only picks made over the protocol
// touch it.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include "integration/demo_formulary.h"
#include "integration/http_client.h"
#include "integration/prescription_writer.h"
#include "integration/rxpress_process.h"
#include "integration/serve_setup.h"
#include "integration/wwks_text_client.h"

namespace rx::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr int kPrescriptions = 6;
constexpr double kDeviceSpeed = 20;
constexpr auto kHandOverTimeout = 90s;

const std::string kHello =
    "<WWKS Version=\"2.0\" TimeStamp=\"2026-11-29T08:00:00Z\">"
    "<HelloRequest Id=\"h1\"><Subscriber Id=\"200\" Type=\"IMS\" Manufacturer=\"test\" ProductInfo=\"stock check\" "
    "VersionInfo=\"1\"/></HelloRequest></WWKS>";

std::string stock_info_request(int n) {
  return "<WWKS Version=\"2.0\" TimeStamp=\"2026-11-29T08:00:00Z\"><StockInfoRequest Id=\"s" + std::to_string(n) +
         "\" Source=\"200\" Destination=\"999\" IncludePacks=\"False\"/></WWKS>";
}

// Packs per drug in a StockInfoResponse, nonzero only, read by pattern, not by rxpress's codec.
std::map<std::string, long long> articles_of(const std::string& response) {
  std::map<std::string, long long> out;
  static const std::regex article("<Article\\b[^>]*>");
  static const std::regex id("\\bId=\"([^\"]*)\"");
  static const std::regex quantity("\\bQuantity=\"([0-9]+)\"");
  for (auto it = std::sregex_iterator(response.begin(), response.end(), article); it != std::sregex_iterator(); ++it) {
    std::string tag = it->str();
    std::smatch i, q;
    if (std::regex_search(tag, i, id) && std::regex_search(tag, q, quantity) && std::stoll(q[1]) > 0) {
      out[i[1]] += std::stoll(q[1]);
    }
  }
  return out;
}

// Packs per drug at robot places (R-…) on rxpress's own record, nonzero only.
std::map<std::string, long long> robot_stock_on_record(HttpClient& http) {
  HttpReply r = http.get("/api/v1/inventory", kAdminToken);
  EXPECT_EQ(r.status, 200) << describe(r);
  std::map<std::string, long long> out;
  if (r.status != 200) return out;
  for (const auto& row : r.json.at("stock")) {
    if (row.at("location").get<std::string>().rfind("R-", 0) != 0) continue;
    long long q = row.at("quantity").get<long long>();
    if (q > 0) out[row.at("drug").get<std::string>()] += q;
  }
  return out;
}

// The port of the log line "wwks R: simulated robot listening on 127.0.0.1:<port>", or 0.
unsigned short robot_port(const std::string& log) {
  std::smatch m;
  static const std::regex line("wwks R: simulated robot listening on 127\\.0\\.0\\.1:([0-9]+)");
  return std::regex_search(log, m, line) ? static_cast<unsigned short>(std::stoi(m[1])) : 0;
}

TEST(WwksServeTest, RobotPicksGoOverWwksAndTheRobotsStockIsRxpresss) {
  std::filesystem::path dir = fresh_test_dir();
  std::filesystem::path config = write_serve_config(dir, kDeviceSpeed, DeviceFaults::kNone);
  LaunchOptions options;
  options.args = {"serve", "--config", config.string(), "--data", (dir / "data").string()};
  options.stderr_path = dir / "rxpress.log";
  std::string error;
  auto server = RxpressProcess::start(options, error);
  ASSERT_NE(server, nullptr) << error;
  HttpClient http(server->port());

  unsigned short port = robot_port(server->log());
  ASSERT_NE(port, 0) << server->log();
  // The driver says Hello to the simulator and learns its subscriber id.
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (server->log().find("wwks R: linked to rxpress rxpress robot-sim") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_NE(server->log().find("wwks R: linked to rxpress rxpress robot-sim"), std::string::npos) << server->log();

  WwksTextClient robot(port);
  ASSERT_TRUE(robot.connected());
  ASSERT_TRUE(robot.send(kHello));
  ASSERT_FALSE(robot.document("HelloResponse").empty());
  ASSERT_TRUE(robot.send(stock_info_request(1)));
  const auto robot_before = articles_of(robot.document("StockInfoResponse"));
  const auto record_before = robot_stock_on_record(http);
  ASSERT_FALSE(record_before.empty());
  EXPECT_EQ(robot_before, record_before) << "the robot's StockInfo and rxpress's record of the robot's places differ";

  // Prescriptions of drugs that only the robot holds.
  std::map<std::string, long long> only_robot;
  {
    HttpReply inventory = http.get("/api/v1/inventory", kAdminToken);
    ASSERT_EQ(inventory.status, 200) << describe(inventory);
    std::set<std::string> elsewhere;
    for (const auto& row : inventory.json.at("stock")) {
      std::string drug = row.at("drug").get<std::string>();
      std::string status = row.at("status").get<std::string>();
      if (row.at("location").get<std::string>().rfind("R-", 0) != 0) elsewhere.insert(drug);
      if (status == "available" || status == "near_expiry") only_robot[drug] += row.at("quantity").get<long long>();
    }
    for (const auto& drug : elsewhere) only_robot.erase(drug);
  }
  ASSERT_GE(only_robot.size(), 5u);
  auto drugs = load_demo_formulary(std::filesystem::path(RXPRESS_SOURCE_DIR) / "data" / "formulary.csv", error);
  ASSERT_FALSE(drugs.empty()) << error;
  PrescriptionWriter writer(std::move(drugs), only_robot, 20261129);
  auto now = std::chrono::system_clock::now();
  std::string issued_at = shanghai_iso8601(std::max(now - 10min, shanghai_midnight(now)));
  std::set<long long> ids;
  for (int n = 1; n <= kPrescriptions; ++n) {
    json rx = writer.next("IT-WWKS-" + std::to_string(n), issued_at);
    HttpReply created = http.post("/api/v1/prescriptions", rx, kHisToken);
    ASSERT_EQ(created.status, 201) << describe(created);
    ASSERT_EQ(created.json.at("status"), "accepted") << created.json.at("findings").dump();
    long long id = created.json.at("id").get<long long>();
    std::string base = "/api/v1/prescriptions/" + std::to_string(id);
    ASSERT_EQ(http.post(base + "/payment", json::object(), kHisToken).status, 200);
    ASSERT_EQ(http.post(base + "/checkin", json::object(), kHisToken).status, 200);
    ids.insert(id);
  }

  std::set<long long> handed_over;
  deadline = std::chrono::steady_clock::now() + kHandOverTimeout;
  while (handed_over.size() < ids.size() && std::chrono::steady_clock::now() < deadline) {
    HttpReply ready = http.get("/api/v1/prescriptions?status=ready&limit=1000", kPharmacistToken);
    ASSERT_EQ(ready.status, 200) << describe(ready);
    for (const auto& r : ready.json.at("prescriptions")) {
      long long id = r.at("id").get<long long>();
      if (!r.at("at_window").get<bool>() || !ids.count(id)) continue;
      json body = json::object();
      if (r.at("high_alert").get<bool>()) body["confirm_high_alert"] = true;
      HttpReply done = http.post("/api/v1/prescriptions/" + std::to_string(id) + "/handover", body, kPharmacistToken);
      ASSERT_EQ(done.status, 200) << describe(done);
      handed_over.insert(id);
    }
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(handed_over.size(), ids.size()) << "summary: " << http.get("/api/v1/summary", kAdminToken).body;

  // Every pack came from a robot place, with its GS1 code as the robot's scanner read it, and passed verification.
  std::map<std::string, long long> handed_by_drug;
  for (long long id : ids) {
    HttpReply r = http.get("/api/v1/prescriptions/" + std::to_string(id), kPharmacistToken);
    ASSERT_EQ(r.status, 200) << describe(r);
    for (const auto& pack : r.json.at("packs")) {
      EXPECT_EQ(pack.at("location").get<std::string>().rfind("R-", 0), 0u) << pack.dump();
      std::string code = pack.at("code").get<std::string>();
      // As scanned: the DataMatrix symbology identifier, then the GS1 element string.
      if (code.rfind("]d2", 0) == 0) code.erase(0, 3);
      EXPECT_EQ(code.rfind("01" + pack.at("gtin").get<std::string>(), 0), 0u) << "not the pack's GTIN: " << pack.dump();
      EXPECT_NE(code.find("10" + pack.at("lot").get<std::string>()), std::string::npos) << pack.dump();
      EXPECT_EQ(pack.at("verification"), "passed") << pack.dump();
      ++handed_by_drug[pack.at("drug").get<std::string>()];
    }
  }
  ASSERT_FALSE(handed_by_drug.empty());

  // The robot's own stock fell by exactly the packs handed over, and is still rxpress's record.
  ASSERT_TRUE(robot.send(stock_info_request(2)));
  auto robot_after = articles_of(robot.document("StockInfoResponse"));
  for (const auto& [drug, before] : robot_before) {
    long long after = robot_after.count(drug) ? robot_after.at(drug) : 0;
    long long out = handed_by_drug.count(drug) ? handed_by_drug.at(drug) : 0;
    EXPECT_EQ(before - after, out) << drug;
  }
  EXPECT_EQ(robot_after, robot_stock_on_record(http));

  HttpReply summary = http.get("/api/v1/summary", kAdminToken);
  ASSERT_EQ(summary.status, 200);
  for (const auto& device : summary.json.at("devices")) {
    if (device.at("name") == "R") {
      EXPECT_EQ(device.at("state"), "ok") << device.dump();
    }
  }
  EXPECT_EQ(server->stop(), 0);
  if (!::testing::Test::HasFailure()) std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace rx::test
