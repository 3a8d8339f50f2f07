// The RDS^O13 of a hand-over reaches the HIS over MLLP from the real binary:
// a tiny HIS in the test drops its first connection without answering, and
// still accepts every message exactly once, the same message on the retry,
// and nothing accepted is sent again after a restart.
#include <gtest/gtest.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "integration/http_client.h"
#include "integration/prescription_writer.h"
#include "integration/rxpress_process.h"
#include "integration/serve_setup.h"

namespace rx::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;

constexpr double kDeviceSpeed = 50;
constexpr auto kTimeout = 60s;
constexpr auto kPollInterval = 50ms;

// Field `n` (MSH-n) of a message's MSH segment.
std::string msh_field(const std::string& message, int n) {
  std::string msh = message.substr(0, message.find('\r'));
  size_t at = 0;
  for (int field = 1; field < n; ++field) {
    at = msh.find('|', at);
    if (at == std::string::npos) return {};
    ++at;
  }
  return msh.substr(at, msh.find('|', at) - at);
}

// An HIS on a loopback MLLP port, run on its own thread. It closes its first
// connection as soon as a message has come in, without answering; after that
// it answers each message AA.
class TinyHis {
 public:
  struct Received {
    int connection;  // 1, 2, … in the order they were accepted
    std::string message;
    bool answered;
  };

  TinyHis() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TinyHis() {
    io_.stop();
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  std::vector<Received> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }
  // Waits until `done` holds for what has come in; false after `timeout`.
  bool wait_until(const std::function<bool(const std::vector<Received>&)>& done, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return done(received_); });
  }

 private:
  struct Session {
    Session(tcp::socket s, int n) : socket(std::move(s)), number(n) {}
    tcp::socket socket;
    int number;
    std::string pending;
    std::array<char, 16 * 1024> buffer{};
  };

  void accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
      if (ec) return;
      read(std::make_shared<Session>(std::move(socket), ++connections_));
      accept();
    });
  }

  void read(std::shared_ptr<Session> s) {
    s->socket.async_read_some(asio::buffer(s->buffer), [this, s](const boost::system::error_code& ec, size_t n) {
      if (ec) return;
      s->pending.append(s->buffer.data(), n);
      // MLLP: 0x0B message 0x1C 0x0D.
      for (size_t end; (end = s->pending.find("\x1c\x0d")) != std::string::npos;) {
        size_t start = s->pending.find('\x0b');
        std::string message = s->pending.substr(start + 1, end - start - 1);
        s->pending.erase(0, end + 2);
        bool answer = s->number > 1;
        {
          std::lock_guard lock(mutex_);
          received_.push_back(Received{s->number, message, answer});
        }
        changed_.notify_all();
        if (!answer) {
          s->socket.close();
          return;
        }
        std::string control_id = msh_field(message, 10);
        auto frame = std::make_shared<std::string>("\x0bMSH|^~\\&|HIS|HOSPITAL|RXPRESS|PHARMACY|20261201090000||ACK^O13^ACK|A" +
                                                   control_id + "|P|2.5\rMSA|AA|" + control_id + "\r\x1c\x0d");
        asio::async_write(s->socket, asio::buffer(*frame), [frame](const boost::system::error_code&, size_t) {});
      }
      read(s);
    });
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  int connections_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Received> received_;
};

class HisOutboxTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_test_dir();
    config_ = write_serve_config(dir_, kDeviceSpeed);
    std::ofstream out(config_, std::ios::app);
    out << "[his]\n"
        << "mllp_host = \"127.0.0.1\"\n"
        << "mllp_port = " << his_.port() << "\n"
        << "retry_first_ms = 200\n"
        << "retry_max_ms = 1000\n";
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  void start_server(const std::string& log_name) {
    LaunchOptions options;
    options.args = {"serve", "--config", config_.string(), "--data", (dir_ / "data").string()};
    options.stderr_path = dir_ / log_name;
    std::string error;
    server_ = RxpressProcess::start(options, error);
    ASSERT_NE(server_, nullptr) << error;
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  // Takes one prescription from intake to hand-over through the HTTP API.
  void hand_over_one(const std::string& no) {
    HttpClient& http = *client_;
    auto now = std::chrono::system_clock::now();
    json rx = {{"prescription_no", no},
               {"issued_at", shanghai_iso8601(std::max(now - 10min, shanghai_midnight(now)))},
               {"patient", {{"id", "P-" + no}, {"name", "张三"}, {"sex", "M"}, {"birth_date", "1970-04-02"}}},
               {"items", json::array({{{"drug", "D0003"},
                                       {"frequency", "qd"},
                                       {"days", 7},
                                       {"quantity", {{"value", 1}, {"unit", "pack"}}}}})}};
    HttpReply created = http.post("/api/v1/prescriptions", rx, kHisToken);
    ASSERT_EQ(created.status, 201) << describe(created);
    ASSERT_EQ(created.json.at("status"), "accepted") << created.json.at("findings").dump();
    std::string base = "/api/v1/prescriptions/" + std::to_string(created.json.at("id").get<long long>());
    ASSERT_EQ(http.post(base + "/payment", json::object(), kHisToken).status, 200);
    ASSERT_EQ(http.post(base + "/checkin", json::object(), kHisToken).status, 200);
    auto deadline = std::chrono::steady_clock::now() + kTimeout;
    for (;;) {
      HttpReply r = http.get(base, kPharmacistToken);
      ASSERT_EQ(r.status, 200) << describe(r);
      if (r.json.at("status") == "ready" && r.json.at("at_window").get<bool>()) break;
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "never ready at a window: " << r.body.substr(0, 2000);
      std::this_thread::sleep_for(kPollInterval);
    }
    HttpReply done = http.post(base + "/handover", json::object(), kPharmacistToken);
    ASSERT_EQ(done.status, 200) << describe(done);
  }

  // Polls until rxpress says no message for the HIS is pending.
  void wait_for_empty_outbox() {
    auto deadline = std::chrono::steady_clock::now() + kTimeout;
    for (;;) {
      HttpReply metrics = client_->get("/metrics");
      ASSERT_EQ(metrics.status, 200) << describe(metrics);
      if (metrics.body.find("\nrxpress_his_outbox_pending 0") != std::string::npos) return;
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the outbox never emptied:\n" << metrics.body;
      std::this_thread::sleep_for(kPollInterval);
    }
  }

  TinyHis his_;
  std::filesystem::path dir_, config_;
  std::unique_ptr<RxpressProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(HisOutboxTest, TheHisGetsEachRdsO13OnceAcceptedEvenWhenItDropsTheFirstConnection) {
  ASSERT_NO_FATAL_FAILURE(start_server("rxpress-1.log"));
  ASSERT_NO_FATAL_FAILURE(hand_over_one("IT-HIS-0001"));
  ASSERT_TRUE(his_.wait_until([](const auto& r) { return r.size() >= 2; }, kTimeout))
      << "the HIS got " << his_.received().size() << " messages\n"
      << server_->log().substr(0, 4000);
  ASSERT_NO_FATAL_FAILURE(wait_for_empty_outbox());

  HttpReply summary = client_->get("/api/v1/summary", kAdminToken);
  ASSERT_EQ(summary.status, 200) << describe(summary);
  EXPECT_EQ(summary.json.at("his").at("pending"), 0);
  EXPECT_EQ(summary.json.at("his").at("state"), "idle");
  EXPECT_EQ(summary.json.at("his").at("endpoint"), "mllp://127.0.0.1:" + std::to_string(his_.port()));

  std::vector<TinyHis::Received> got = his_.received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].connection, 1);
  EXPECT_FALSE(got[0].answered);
  EXPECT_EQ(got[1].connection, 2) << "rxpress connects again after the drop";
  EXPECT_TRUE(got[1].answered);
  EXPECT_EQ(got[1].message, got[0].message) << "the retry is the same message";
  EXPECT_EQ(msh_field(got[1].message, 9).substr(0, 7), "RDS^O13");
  EXPECT_EQ(msh_field(got[1].message, 10), "RX1");
  EXPECT_NE(got[1].message.find("IT-HIS-0001"), std::string::npos) << got[1].message;

  // After a restart the accepted RX1 is not sent again: the next message the HIS gets is RX2.
  client_.reset();
  EXPECT_EQ(server_->stop(), 0);
  ASSERT_NO_FATAL_FAILURE(start_server("rxpress-2.log"));
  ASSERT_NO_FATAL_FAILURE(hand_over_one("IT-HIS-0002"));
  ASSERT_TRUE(his_.wait_until([](const auto& r) { return r.size() >= 3; }, kTimeout))
      << server_->log().substr(0, 4000);
  ASSERT_NO_FATAL_FAILURE(wait_for_empty_outbox());
  got = his_.received();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(msh_field(got[2].message, 10), "RX2");
  EXPECT_TRUE(got[2].answered);
  EXPECT_NE(got[2].message.find("IT-HIS-0002"), std::string::npos) << got[2].message;
}

}  // namespace
}  // namespace rx::test
