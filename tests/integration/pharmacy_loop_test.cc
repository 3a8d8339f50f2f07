// The whole outpatient loop against the real binary: 200 prescriptions from
// intake through payment, check-in, dispensing on the simulated devices and
// hand-over, then a restart on the same data directory.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "integration/demo_formulary.h"
#include "integration/http_client.h"
#include "integration/prescription_writer.h"
#include "integration/rxpress_process.h"
#include "integration/serve_setup.h"

namespace rx::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr int kPrescriptions = 200;
constexpr double kDeviceSpeed = 50;
constexpr auto kHandOverTimeout = 120s;
constexpr auto kPollInterval = 50ms;
constexpr uint32_t kSeed = 20260329;

using StockKey = std::tuple<std::string, std::string, std::string>;  // drug, lot, location

std::string key_text(const StockKey& k) {
  return std::get<0>(k) + " lot " + std::get<1>(k) + " at " + std::get<2>(k);
}

std::map<StockKey, long long> stock_by_key(const json& inventory) {
  std::map<StockKey, long long> out;
  for (const auto& row : inventory.at("stock")) {
    out[{row.at("drug").get<std::string>(), row.at("lot").get<std::string>(), row.at("location").get<std::string>()}] +=
        row.at("quantity").get<long long>();
  }
  return out;
}

// Packs a prescription may be given of each drug: stock that is in date and free.
std::map<std::string, long long> dispensable_packs(const json& inventory) {
  std::map<std::string, long long> out;
  for (const auto& row : inventory.at("stock")) {
    std::string status = row.at("status").get<std::string>();
    if (status == "available" || status == "near_expiry") {
      out[row.at("drug").get<std::string>()] += row.at("quantity").get<long long>();
    }
  }
  return out;
}

// "2026-03-29T09:12:00.250+08:00" as a key that sorts by time (one zone throughout).
std::string time_key(const std::string& at) {
  if (at.size() < 19) return at;
  std::string ms = at.size() > 23 && at[19] == '.' ? at.substr(20, 3) : "000";
  return at.substr(0, 19) + "." + ms;
}

// Every page of GET /api/v1/prescriptions, as one array.
json all_prescriptions(HttpClient& client, const std::string& token) {
  json all = json::array();
  std::string target = "/api/v1/prescriptions?limit=10000";
  for (int page = 0; page < 100; ++page) {
    HttpReply r = client.get(target, token);
    EXPECT_EQ(r.status, 200) << describe(r);
    if (r.status != 200) break;
    for (auto& p : r.json.at("prescriptions")) all.push_back(p);
    if (r.json.at("next").is_null()) break;
    target = "/api/v1/prescriptions?limit=10000&after=" + r.json.at("next").get<std::string>();
  }
  return all;
}

// Checks one handed-over record's history (GET /api/v1/prescriptions/{id}).
void expect_full_history(const json& record) {
  SCOPED_TRACE("prescription " + record.at("prescription_no").get<std::string>());
  const json& history = record.at("history");
  std::map<std::string, std::vector<size_t>> at;  // event type -> positions
  long long last_seq = 0;
  std::string last_time;
  for (size_t i = 0; i < history.size(); ++i) {
    const json& e = history[i];
    std::string type = e.at("type").get<std::string>();
    at[type].push_back(i);
    EXPECT_GT(e.at("seq").get<long long>(), last_seq) << type;
    last_seq = e.at("seq").get<long long>();
    std::string time = time_key(e.at("at").get<std::string>());
    EXPECT_FALSE(time.empty()) << type;
    EXPECT_LE(last_time, time) << type << " is earlier than the event before it";
    last_time = time;
    EXPECT_FALSE(e.at("actor").get<std::string>().empty()) << type;
  }
  const std::vector<std::string> once = {
      "prescription.received", "prescription.accepted", "prescription.paid",     "prescription.checked_in",
      "prescription.dispensing", "prescription.ready",  "prescription.called",   "prescription.at_window",
      "prescription.handed_over"};
  std::set<std::string> known(once.begin(), once.end());
  known.insert("pack.verified");
  for (const auto& [type, positions] : at) EXPECT_TRUE(known.count(type)) << "unexpected event " << type;
  for (const auto& type : once) {
    ASSERT_EQ(at[type].size(), 1u) << type;
  }
  auto pos = [&](const char* type) { return at[type].front(); };
  // The order of the loop; check-in only has to come after payment and before the call.
  const char* chain[] = {"prescription.received", "prescription.accepted", "prescription.paid",
                         "prescription.dispensing", "prescription.ready", "prescription.called",
                         "prescription.at_window", "prescription.handed_over"};
  EXPECT_EQ(pos("prescription.received"), 0u);
  for (size_t i = 1; i < std::size(chain); ++i) EXPECT_LT(pos(chain[i - 1]), pos(chain[i])) << chain[i];
  EXPECT_LT(pos("prescription.paid"), pos("prescription.checked_in"));
  EXPECT_LT(pos("prescription.checked_in"), pos("prescription.called"));
  EXPECT_EQ(at["pack.verified"].size(), record.at("packs").size());
  for (size_t p : at["pack.verified"]) {
    EXPECT_LT(pos("prescription.dispensing"), p);
    EXPECT_LT(p, pos("prescription.ready"));
    EXPECT_EQ(history[p].at("actor").get<std::string>().rfind("device:", 0), 0u);
  }
  EXPECT_EQ(history[pos("prescription.received")].at("actor"), "his:his-test");
  EXPECT_EQ(history[pos("prescription.paid")].at("actor"), "his:his-test");
  EXPECT_EQ(history[pos("prescription.checked_in")].at("actor"), "his:his-test");
  EXPECT_EQ(history[pos("prescription.handed_over")].at("actor"), "pharmacist:pharmacist-test");
}

// The packs of a record are exactly its plan, each item's packs are what was
// prescribed, and every pack passed verification.
void expect_packs_match_plan(const json& record, const json& sent) {
  SCOPED_TRACE("prescription " + record.at("prescription_no").get<std::string>());
  std::map<std::tuple<int, std::string, std::string, std::string>, int> planned, dispensed;
  std::map<int, int> planned_per_item;
  for (const auto& line : record.at("plan")) {
    int item = line.at("item").get<int>();
    planned[{item, line.at("drug").get<std::string>(), line.at("lot").get<std::string>(),
             line.at("location").get<std::string>()}] += line.at("packs").get<int>();
    planned_per_item[item] += line.at("packs").get<int>();
  }
  for (const auto& pack : record.at("packs")) {
    dispensed[{pack.at("item").get<int>(), pack.at("drug").get<std::string>(), pack.at("lot").get<std::string>(),
               pack.at("location").get<std::string>()}] += 1;
    EXPECT_TRUE(pack.at("verified").get<bool>()) << pack.dump();
    EXPECT_EQ(pack.at("verification"), "passed") << pack.dump();
    EXPECT_FALSE(pack.at("code").get<std::string>().empty()) << pack.dump();
  }
  EXPECT_EQ(planned, dispensed);
  const json& items = sent.at("items");
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(planned_per_item[static_cast<int>(i)], items[i].at("quantity").at("value").get<int>()) << "item " << i;
    EXPECT_EQ(record.at("items")[i].at("drug"), items[i].at("drug")) << "item " << i;
  }
}

class PharmacyLoopTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_test_dir();
    // The loop checks exact histories and packs, so the devices do not fail
    // here; faults and what verification does with them are tested in
    // tests/unit/devices and tests/unit/service.
    config_ = write_serve_config(dir_, kDeviceSpeed, DeviceFaults::kNone);
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // Starts `rxpress serve` on the test's config and data directory.
  void start_server(const std::string& log_name) {
    LaunchOptions options;
    options.args = {"serve", "--config", config_.string(), "--data", (dir_ / "data").string()};
    options.stderr_path = dir_ / log_name;
    std::string error;
    server_ = RxpressProcess::start(options, error);
    ASSERT_NE(server_, nullptr) << error;
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  std::filesystem::path dir_, config_;
  std::unique_ptr<RxpressProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(PharmacyLoopTest, TwoHundredPrescriptionsAreHandedOverAndSurviveARestart) {
  ASSERT_NO_FATAL_FAILURE(start_server("rxpress-1.log"));
  HttpClient& http = *client_;

  HttpReply stock_reply = http.get("/api/v1/inventory", kAdminToken);
  ASSERT_EQ(stock_reply.status, 200) << describe(stock_reply);
  const json stock_before = stock_reply.json;
  ASSERT_FALSE(stock_before.at("stock").empty());

  std::string error;
  auto drugs = load_demo_formulary(std::filesystem::path(RXPRESS_SOURCE_DIR) / "data" / "formulary.csv", error);
  ASSERT_FALSE(drugs.empty()) << error;
  PrescriptionWriter writer(std::move(drugs), dispensable_packs(stock_before), kSeed);
  ASSERT_GE(writer.usable_drugs(), 25u);

  // Intake, payment and check-in, one patient after another.
  auto now = std::chrono::system_clock::now();
  std::string issued_at = shanghai_iso8601(std::max(now - 10min, shanghai_midnight(now)));
  std::map<long long, json> sent;  // id -> the prescription as sent
  for (int n = 1; n <= kPrescriptions; ++n) {
    char number[32];
    std::snprintf(number, sizeof number, "IT-LOOP-%06d", n);
    json rx = writer.next(number, issued_at);
    HttpReply created = http.post("/api/v1/prescriptions", rx, kHisToken);
    ASSERT_EQ(created.status, 201) << number << ": " << describe(created) << "\n" << rx.dump();
    ASSERT_EQ(created.json.at("status"), "accepted") << number << " " << created.json.at("findings").dump();
    long long id = created.json.at("id").get<long long>();
    ASSERT_TRUE(sent.emplace(id, rx).second) << "id " << id << " given twice";
    std::string base = "/api/v1/prescriptions/" + std::to_string(id);
    HttpReply paid = http.post(base + "/payment", json::object(), kHisToken);
    ASSERT_EQ(paid.status, 200) << number << ": " << describe(paid);
    HttpReply checked_in = http.post(base + "/checkin", json::object(), kHisToken);
    ASSERT_EQ(checked_in.status, 200) << number << ": " << describe(checked_in);
    EXPECT_TRUE(checked_in.json.at("queue_no").is_number_integer()) << number;
  }

  // The pharmacist hands over whatever has reached a window.
  std::set<long long> handed_over;
  auto deadline = std::chrono::steady_clock::now() + kHandOverTimeout;
  while (handed_over.size() < sent.size() && std::chrono::steady_clock::now() < deadline) {
    HttpReply ready = http.get("/api/v1/prescriptions?status=ready&limit=10000", kPharmacistToken);
    ASSERT_EQ(ready.status, 200) << describe(ready);
    int handed_now = 0;
    for (const auto& r : ready.json.at("prescriptions")) {
      if (!r.at("at_window").get<bool>()) continue;
      long long id = r.at("id").get<long long>();
      json body = json::object();
      if (r.at("high_alert").get<bool>()) body["confirm_high_alert"] = true;
      HttpReply done = http.post("/api/v1/prescriptions/" + std::to_string(id) + "/handover", body, kPharmacistToken);
      ASSERT_EQ(done.status, 200) << "hand-over of " << id << ": " << describe(done);
      ASSERT_EQ(done.json.at("status"), "handed_over");
      handed_over.insert(id);
      ++handed_now;
    }
    if (handed_now == 0) std::this_thread::sleep_for(kPollInterval);
  }
  HttpReply summary = http.get("/api/v1/summary", kAdminToken);
  ASSERT_EQ(handed_over.size(), sent.size())
      << "not all handed over within " << kHandOverTimeout.count() << " s; summary: " << summary.body;

  // Each record: handed over, its whole history, its packs exactly its plan.
  std::set<std::string> codes;
  std::map<StockKey, long long> dispensed;
  long long total_packs = 0;
  for (const auto& [id, rx] : sent) {
    HttpReply r = http.get("/api/v1/prescriptions/" + std::to_string(id), kPharmacistToken);
    ASSERT_EQ(r.status, 200) << describe(r);
    const json& record = r.json;
    EXPECT_EQ(record.at("status"), "handed_over");
    EXPECT_EQ(record.at("prescription_no"), rx.at("prescription_no"));
    EXPECT_FALSE(record.at("handed_over_at").is_null());
    expect_full_history(record);
    expect_packs_match_plan(record, rx);
    for (const auto& pack : record.at("packs")) {
      EXPECT_TRUE(codes.insert(pack.at("code").get<std::string>()).second)
          << "pack code " << pack.at("code") << " dispensed twice";
      dispensed[{pack.at("drug").get<std::string>(), pack.at("lot").get<std::string>(),
                 pack.at("location").get<std::string>()}] += 1;
      ++total_packs;
    }
  }
  EXPECT_GE(total_packs, kPrescriptions);

  // Stock fell by exactly the packs dispensed, lot by lot and location by location.
  HttpReply stock_after_reply = http.get("/api/v1/inventory", kAdminToken);
  ASSERT_EQ(stock_after_reply.status, 200) << describe(stock_after_reply);
  auto before = stock_by_key(stock_before);
  auto after = stock_by_key(stock_after_reply.json);
  for (const auto& [key, quantity] : after) {
    EXPECT_TRUE(before.count(key)) << key_text(key) << " appeared in stock";
  }
  for (const auto& [key, quantity] : before) {
    long long left = after.count(key) ? after.at(key) : 0;
    long long out = dispensed.count(key) ? dispensed.at(key) : 0;
    EXPECT_EQ(quantity - left, out) << key_text(key);
  }
  for (const auto& [key, packs] : dispensed) {
    EXPECT_TRUE(before.count(key)) << key_text(key) << " was dispensed but was never in stock";
  }

  // A restart on the same data directory shows exactly the same state.
  json list_before = all_prescriptions(http, kAdminToken);
  ASSERT_EQ(list_before.size(), sent.size());
  json inventory_before = stock_after_reply.json;
  client_.reset();
  EXPECT_EQ(server_->stop(), 0) << server_->log().substr(0, 4000);
  ASSERT_NO_FATAL_FAILURE(start_server("rxpress-2.log"));
  json list_after = all_prescriptions(*client_, kAdminToken);
  HttpReply inventory_after = client_->get("/api/v1/inventory", kAdminToken);
  ASSERT_EQ(inventory_after.status, 200) << describe(inventory_after);
  // Compared whole; on a difference only the JSON patch between them is shown.
  EXPECT_TRUE(list_before == list_after)
      << "prescriptions differ after the restart: " << json::diff(list_before, list_after).dump().substr(0, 4000);
  EXPECT_TRUE(inventory_before == inventory_after.json)
      << "inventory differs after the restart: "
      << json::diff(inventory_before, inventory_after.json).dump().substr(0, 4000);
}

}  // namespace
}  // namespace rx::test
