// HL7 v2 over MLLP against the real `rxpress serve`: orders, resends,
// refusals, bad frames, several connections, payment, patient allergies and
// a cancel after dispensing started. What HL7 stored is read back over HTTP.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "integration/http_client.h"
#include "integration/mllp_test_client.h"
#include "integration/prescription_writer.h"
#include "integration/rxpress_process.h"
#include "integration/serve_setup.h"

namespace rx::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Devices run this many times faster than real time.
constexpr double kDeviceSpeed = 50;
constexpr auto kPollStep = 50ms;
constexpr auto kPollBound = 30s;

// Now in Shanghai as an HL7 DTM: "20261201091200+0800".
std::string dtm_now() {
  std::string iso = shanghai_iso8601(std::chrono::system_clock::now());  // 2026-12-01T09:12:00+08:00
  std::string out;
  for (char c : iso) {
    if (c != '-' && c != ':' && c != 'T') out += c;
  }
  return out;
}

std::string msh(const std::string& type, const std::string& control_id, const std::string& version = "2.5") {
  return "MSH|^~\\&|HIS|HOSP|RXPRESS|PHARM|" + dtm_now() + "||" + type + "|" + control_id + "|P|" + version +
         "|||||CHN|UNICODE UTF-8\r";
}

std::string pid(const std::string& patient) { return "PID|1||" + patient + "^^^HOSP^MR||张^三||19700402|M\r"; }

std::string order_group(const std::string& no, int line, const std::string& drug, const std::string& packs) {
  return "ORC|NW|" + no + "-" + std::to_string(line) + "||" + no + "|||^QD^D7||" + dtm_now() +
         "|||D0012^李^医生\rRXE|^QD^D7|" + drug + "^drug||||||||" + packs + "|盒\r";
}

// An RDE^O11 with one line per drug.
std::string rde(const std::string& control_id, const std::string& no, const std::vector<std::string>& drugs = {"D0003"},
                const std::string& patient = "P-IT-1", const std::string& packs = "1") {
  std::string m = msh("RDE^O11^RDE_O11", control_id) + pid(patient) + "PV1|1|O|心内科\r";
  for (size_t i = 0; i < drugs.size(); ++i) m += order_group(no, static_cast<int>(i) + 1, drugs[i], packs);
  return m;
}

std::string payment(const std::string& control_id, const std::string& no) {
  return msh("DFT^P03^DFT_P03", control_id) + "EVN|P03|" + dtm_now() + "\r" + pid("P-IT-1") + "FT1|1|||" + dtm_now() +
         "||PY" + std::string(17, '|') + no + "\r";
}

std::string cancel(const std::string& control_id, const std::string& no) {
  return msh("RDE^O11^RDE_O11", control_id) + pid("P-IT-1") + "ORC|CA|" + no + "-1||" + no + std::string(12, '|') +
         "^patient left\r";
}

std::string adt(const std::string& control_id, const std::string& patient, const std::string& allergen) {
  return msh("ADT^A08^ADT_A01", control_id) + "EVN|A08|" + dtm_now() + "\r" + pid(patient) + "AL1|1|DA|" + allergen +
         "^allergen\r";
}

class MllpIntakeTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(fresh_test_dir("MllpIntakeTest"));
    LaunchOptions options;
    options.args = {"serve", "--config", write_serve_config(*dir_, kDeviceSpeed).string(), "--data",
                    (*dir_ / "data").string()};
    options.env = {{"RXPRESS_BOOTSTRAP_TOKEN", kBootstrapToken}};
    options.stderr_path = *dir_ / "rxpress.log";
    start_error_ = new std::string;
    server_ = RxpressProcess::start(options, *start_error_).release();
    if (server_ != nullptr) mllp_port_ = mllp_port_in_log(server_->log());
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
    ASSERT_NE(mllp_port_, 0) << "no 'mllp: listening on' line in the log:\n" << server_->log();
    http_ = std::make_unique<HttpClient>(server_->port());
  }

  std::unique_ptr<MllpTestClient> client() { return std::make_unique<MllpTestClient>(mllp_port_); }

  // Sends one message on a new connection and returns the ACK.
  std::string exchange(const std::string& message) {
    auto c = client();
    auto ack = c->exchange(message);
    EXPECT_TRUE(ack.has_value()) << c->error();
    return ack.value_or("");
  }

  // The stored prescriptions with this number (0 or 1).
  std::vector<json> stored(const std::string& no) {
    HttpReply r = http_->get("/api/v1/prescriptions?prescription_no=" + no, kBootstrapToken);
    EXPECT_EQ(r.status, 200) << describe(r);
    std::vector<json> out;
    if (r.status == 200) {
      for (const auto& p : r.json.at("prescriptions")) out.push_back(p);
    }
    return out;
  }

  // The record with its history, or null.
  json record(const std::string& no) {
    auto list = stored(no);
    if (list.size() != 1) return nullptr;
    HttpReply r =
        http_->get("/api/v1/prescriptions/" + std::to_string(list[0].at("id").get<long long>()), kBootstrapToken);
    EXPECT_EQ(r.status, 200) << describe(r);
    return r.status == 200 ? r.json : json();
  }

  // Polls the record until `done` holds; the last record read.
  json wait_for(const std::string& no, const std::function<bool(const json&)>& done) {
    auto deadline = std::chrono::steady_clock::now() + kPollBound;
    json r;
    while (std::chrono::steady_clock::now() < deadline) {
      r = record(no);
      if (!r.is_null() && done(r)) return r;
      std::this_thread::sleep_for(kPollStep);
    }
    ADD_FAILURE() << "prescription " << no << " did not reach the state waited for; last seen: " << r.dump();
    return r;
  }

  // The server still takes a good order afterwards.
  void expect_still_serving(const std::string& tag) {
    std::string ack = exchange(rde("OK-" + tag, "IT-OK-" + tag));
    EXPECT_EQ(hl7_field(ack, "MSA", 1), "AA") << ack;
    EXPECT_EQ(stored("IT-OK-" + tag).size(), 1u);
  }

  static std::filesystem::path* dir_;
  static std::string* start_error_;
  static RxpressProcess* server_;
  static unsigned short mllp_port_;
  std::unique_ptr<HttpClient> http_;
};

std::filesystem::path* MllpIntakeTest::dir_ = nullptr;
std::string* MllpIntakeTest::start_error_ = nullptr;
RxpressProcess* MllpIntakeTest::server_ = nullptr;
unsigned short MllpIntakeTest::mllp_port_ = 0;

TEST_F(MllpIntakeTest, AnOrderIsAcceptedAndVisibleOverHttp) {
  std::string ack = exchange(rde("IT-1", "IT-RX-1", {"D0003", "D0011"}));
  EXPECT_EQ(hl7_field(ack, "MSA", 1), "AA") << ack;
  EXPECT_EQ(hl7_field(ack, "MSA", 2), "IT-1") << ack;
  json r = record("IT-RX-1");
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r.at("status"), "accepted") << r.dump();
  EXPECT_EQ(r.at("items").size(), 2u);
  EXPECT_EQ(r.at("items")[0].at("drug"), "D0003");
}

TEST_F(MllpIntakeTest, AResendGetsTheSameAckAndCreatesOnce) {
  std::string message = rde("IT-2", "IT-RX-2");
  std::string first = exchange(message);
  ASSERT_EQ(hl7_field(first, "MSA", 1), "AA") << first;
  // A fresh ACK would carry its own control id (MSH-10); the original is sent again.
  std::string again = exchange(message);
  EXPECT_EQ(again, first);
  EXPECT_EQ(stored("IT-RX-2").size(), 1u);
}

TEST_F(MllpIntakeTest, AConflictingResendIsRefused) {
  ASSERT_EQ(hl7_field(exchange(rde("IT-3", "IT-RX-3")), "MSA", 1), "AA");
  std::string ack = exchange(rde("IT-3", "IT-RX-3B"));
  EXPECT_EQ(hl7_field(ack, "MSA", 1), "AR") << ack;
  EXPECT_EQ(hl7_field(ack, "MSA", 2), "IT-3") << ack;
  EXPECT_EQ(hl7_field(ack, "ERR", 5), "DUPLICATE_CONTROL_ID") << ack;
  EXPECT_TRUE(stored("IT-RX-3B").empty());
}

struct ErrorCase {
  std::string name;
  std::string message;
  std::string no;
  std::string code;      // ERR-5
  std::string location;  // ERR-2.1 (the segment)
};

TEST_F(MllpIntakeTest, ApplicationErrorsAreAEAndStoreNothing) {
  std::string no_rxe = msh("RDE^O11^RDE_O11", "IT-AE-3") + pid("P-IT-1") +
                       "ORC|NW|IT-RX-AE-3-1||IT-RX-AE-3|||^QD^D7||" + dtm_now() + "\r";
  std::vector<ErrorCase> cases = {
      {"six lines", rde("IT-AE-1", "IT-RX-AE-1", {"D0003", "D0011", "D0020", "D0003", "D0011", "D0020"}), "IT-RX-AE-1",
       "MAX_ITEMS", "ORC"},
      {"unknown drug", rde("IT-AE-2", "IT-RX-AE-2", {"D0003", "D9999"}), "IT-RX-AE-2", "UNKNOWN_DRUG", "RXE"},
      {"missing RXE", no_rxe, "IT-RX-AE-3", "MISSING_SEGMENT", "ORC"},
      {"quantity not a number", rde("IT-AE-4", "IT-RX-AE-4", {"D0003"}, "P-IT-1", "two"), "IT-RX-AE-4", "BAD_NUMBER",
       "RXE"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string ack = exchange(c.message);
    EXPECT_EQ(hl7_field(ack, "MSA", 1), "AE") << ack;
    EXPECT_FALSE(hl7_field(ack, "MSA", 2).empty()) << ack;
    EXPECT_EQ(hl7_field(ack, "ERR", 5), c.code) << ack;
    EXPECT_EQ(hl7_field(ack, "ERR", 2).substr(0, 3), c.location) << ack;
    EXPECT_FALSE(hl7_field(ack, "ERR", 8).empty()) << "ERR-8 says why: " << ack;
    EXPECT_TRUE(stored(c.no).empty());
  }
}

TEST_F(MllpIntakeTest, BadInputIsAnsweredAndTheServerKeepsServing) {
  std::string bad_utf8 = rde("IT-BAD-7", "IT-RX-BAD-7");
  bad_utf8.replace(bad_utf8.find("张"), 3, "\xff\xfe\xfd");
  std::vector<std::pair<std::string, std::string>> cases = {
      {"empty frame", ""},
      {"binary garbage", std::string("\x01\x02\x03\xff\x00\x7f garbage", 14)},
      {"missing MSH", pid("P-IT-1") + "ORC|NW|X||X\r"},
      {"wrong version", msh("RDE^O11^RDE_O11", "IT-BAD-4", "3.0") + pid("P-IT-1")},
      {"invalid UTF-8", bad_utf8},
  };
  for (const auto& [name, message] : cases) {
    SCOPED_TRACE(name);
    std::string ack = exchange(message);
    EXPECT_EQ(hl7_field(ack, "MSA", 1), "AR") << ack;
  }
  EXPECT_TRUE(stored("IT-RX-BAD-7").empty());
  expect_still_serving("bad-input");
}

TEST_F(MllpIntakeTest, AHexEscapeThatIsNotUtf8IsRefusedAndStoresNothing) {
  // The bytes are ASCII; the escape \XFF\ decodes to a byte no UTF-8 text holds.
  std::string order = rde("IT-HEX-1", "IT-RX-HEX");
  order.replace(order.find("张"), 3, "\\XFF\\");
  std::string ack = exchange(order);
  EXPECT_EQ(hl7_field(ack, "MSA", 1), "AR") << ack;
  EXPECT_EQ(hl7_field(ack, "MSA", 2), "IT-HEX-1") << ack;
  EXPECT_EQ(hl7_field(ack, "ERR", 5), "BAD_CHARSET") << ack;
  EXPECT_TRUE(stored("IT-RX-HEX").empty());
  // Nothing half-made answers for it afterwards, by number or by payment.
  std::string paid = exchange(payment("IT-HEX-2", "IT-RX-HEX"));
  EXPECT_EQ(hl7_field(paid, "ERR", 5), "UNKNOWN_PRESCRIPTION") << paid;

  // A patient update with such an allergen stores nothing either, so the
  // patient's later prescriptions are still taken.
  std::string update = adt("IT-HEX-3", "P-IT-HEX", "PEN\\XC3\\");
  std::string refused = exchange(update);
  EXPECT_EQ(hl7_field(refused, "MSA", 1), "AR") << refused;
  EXPECT_EQ(hl7_field(refused, "ERR", 5), "BAD_CHARSET") << refused;
  std::string later = exchange(rde("IT-HEX-4", "IT-RX-HEX-LATER", {"D0003"}, "P-IT-HEX"));
  EXPECT_EQ(hl7_field(later, "MSA", 1), "AA") << later;
  EXPECT_EQ(stored("IT-RX-HEX-LATER").size(), 1u);
  expect_still_serving("hex-escape");
}

TEST_F(MllpIntakeTest, ATruncatedFrameThenAGoodOneOnTheSameConnection) {
  auto c = client();
  ASSERT_TRUE(c->send_raw("\x0bMSH|^~\\&|HIS|HOSP|RXPRESS|PHARM|2026"));
  ASSERT_TRUE(c->send(rde("IT-TRUNC", "IT-RX-TRUNC")));
  auto first = c->receive();
  ASSERT_TRUE(first.has_value()) << c->error();
  EXPECT_EQ(hl7_field(*first, "MSA", 1), "AR") << *first;
  auto second = c->receive();
  ASSERT_TRUE(second.has_value()) << c->error();
  EXPECT_EQ(hl7_field(*second, "MSA", 1), "AA") << *second;
  EXPECT_EQ(hl7_field(*second, "MSA", 2), "IT-TRUNC");
}

TEST_F(MllpIntakeTest, AnOversizedFrameThenAGoodOneOnTheSameConnection) {
  auto c = client();
  std::string huge = rde("IT-HUGE", "IT-RX-HUGE") + "NTE|1||" + std::string(1100 * 1024, 'x') + "\r";
  ASSERT_TRUE(c->send(huge));
  ASSERT_TRUE(c->send(rde("IT-AFTER-HUGE", "IT-RX-AFTER-HUGE")));
  auto first = c->receive();
  ASSERT_TRUE(first.has_value()) << c->error();
  EXPECT_EQ(hl7_field(*first, "MSA", 1), "AR") << *first;
  EXPECT_NE(first->find("limit"), std::string::npos) << *first;
  auto second = c->receive();
  ASSERT_TRUE(second.has_value()) << c->error();
  EXPECT_EQ(hl7_field(*second, "MSA", 1), "AA") << *second;
  EXPECT_TRUE(stored("IT-RX-HUGE").empty());
  EXPECT_EQ(stored("IT-RX-AFTER-HUGE").size(), 1u);
}

TEST_F(MllpIntakeTest, SeveralConnectionsAtOnce) {
  constexpr int kConnections = 6;
  constexpr int kPerConnection = 3;
  std::vector<std::unique_ptr<MllpTestClient>> clients;
  for (int i = 0; i < kConnections; ++i) clients.push_back(client());
  // Every connection has all its messages in flight before any answer is read.
  for (int m = 0; m < kPerConnection; ++m) {
    for (int i = 0; i < kConnections; ++i) {
      std::string id = "IT-CONC-" + std::to_string(i) + "-" + std::to_string(m);
      ASSERT_TRUE(clients[i]->send(rde(id, "IT-RX-" + id.substr(3)))) << clients[i]->error();
    }
  }
  for (int i = 0; i < kConnections; ++i) {
    for (int m = 0; m < kPerConnection; ++m) {
      auto ack = clients[i]->receive();
      ASSERT_TRUE(ack.has_value()) << clients[i]->error();
      EXPECT_EQ(hl7_field(*ack, "MSA", 1), "AA") << *ack;
      // Answers come back in the order the messages went.
      EXPECT_EQ(hl7_field(*ack, "MSA", 2), "IT-CONC-" + std::to_string(i) + "-" + std::to_string(m));
    }
  }
  EXPECT_EQ(stored("IT-RX-CONC-5-2").size(), 1u);
}

TEST_F(MllpIntakeTest, APaymentStartsDispensing) {
  ASSERT_EQ(hl7_field(exchange(rde("IT-PAY-1", "IT-RX-PAY")), "MSA", 1), "AA");
  EXPECT_EQ(record("IT-RX-PAY").at("status"), "accepted");
  std::string ack = exchange(payment("IT-PAY-2", "IT-RX-PAY"));
  EXPECT_EQ(hl7_field(ack, "MSA", 1), "AA") << ack;
  json r = wait_for("IT-RX-PAY", [](const json& j) { return j.at("status") == "ready"; });
  EXPECT_TRUE(r.contains("paid_at")) << r.dump();
  std::string unknown = exchange(payment("IT-PAY-3", "IT-RX-NEVER-SENT"));
  EXPECT_EQ(hl7_field(unknown, "MSA", 1), "AE") << unknown;
  EXPECT_EQ(hl7_field(unknown, "ERR", 5), "UNKNOWN_PRESCRIPTION") << unknown;
}

TEST_F(MllpIntakeTest, AnAllergyFromADTJoinsALaterPrescription) {
  ASSERT_EQ(hl7_field(exchange(adt("IT-ADT-1", "P-IT-ALLERGY", "PENICILLIN")), "MSA", 1), "AA");
  ASSERT_EQ(hl7_field(exchange(rde("IT-ADT-2", "IT-RX-ALLERGY", {"D0003"}, "P-IT-ALLERGY")), "MSA", 1), "AA");
  json r = record("IT-RX-ALLERGY");
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r.at("patient").at("allergies"), json::array({"PENICILLIN"})) << r.dump();
}

TEST_F(MllpIntakeTest, ACancelAfterDispensingStartedReturnsThePacks) {
  ASSERT_EQ(hl7_field(exchange(rde("IT-CA-1", "IT-RX-CA", {"D0003", "D0011"}, "P-IT-1", "2")), "MSA", 1), "AA");
  ASSERT_EQ(hl7_field(exchange(payment("IT-CA-2", "IT-RX-CA")), "MSA", 1), "AA");
  // Wait until packs are out (dispensing, or already ready).
  wait_for("IT-RX-CA", [](const json& j) {
    return (j.at("status") == "dispensing" || j.at("status") == "ready") && !j.at("packs").empty();
  });
  std::string ack = exchange(cancel("IT-CA-3", "IT-RX-CA"));
  EXPECT_EQ(hl7_field(ack, "MSA", 1), "AA") << ack;
  json r = record("IT-RX-CA");
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r.at("status"), "cancelled");
  bool task = false;
  for (const auto& h : r.at("history")) {
    if (h.at("type") == "prescription.return_task") {
      task = true;
      EXPECT_FALSE(h.at("data").at("packs").empty()) << h.dump();
    }
  }
  EXPECT_TRUE(task) << r.at("history").dump();
  std::string unknown = exchange(cancel("IT-CA-4", "IT-RX-NEVER-SENT"));
  EXPECT_EQ(hl7_field(unknown, "MSA", 1), "AE") << unknown;
}

}  // namespace
}  // namespace rx::test
