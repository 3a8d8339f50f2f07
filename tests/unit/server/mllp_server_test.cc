// MllpServer over loopback, driven on the test's own io_context: frames in
// pieces and in bulk, answers in order, broken frames, the idle timeout and
// the connection cap.
#include "server/mllp_server.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "interop/hl7v2/mllp_framer.h"

namespace rx {
namespace {

using tcp = boost::asio::ip::tcp;
using std::chrono::milliseconds;

// Every wait is bounded; a test that would hang fails instead.
constexpr auto kBound = std::chrono::seconds(10);

std::string framed(const std::string& payload) { return hl7::mllp_frame(payload); }

class MllpServerTest : public ::testing::Test {
 protected:
  // Starts a server whose handlers record what came; by default each message
  // is answered at once with "ACK:<payload>".
  void start(MllpConfig config = {}) {
    config.port = 0;
    MllpHandlers handlers;
    handlers.message = [this](std::string payload, MllpReply reply) {
      messages_.push_back(payload);
      if (hold_replies_) {
        held_[payload] = std::move(reply);
      } else {
        reply("ACK:" + payload);
      }
    };
    handlers.broken_frame = [this](const Status& why, MllpReply reply) {
      broken_.push_back(why.message());
      reply("AR");
    };
    server_ = std::make_unique<MllpServer>(io_, config, handlers);
    Status started = server_->start();
    ASSERT_TRUE(started.ok()) << started.to_string();
    ASSERT_NE(server_->port(), 0);
  }

  // Runs the loop until `done` holds; false if it never did within the bound.
  bool run_until(const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + kBound;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      io_.run_one_for(milliseconds(10));
    }
    return true;
  }

  // A client connection on the same loop.
  struct Peer {
    explicit Peer(boost::asio::io_context& io) : socket(io) {}
    tcp::socket socket;
    std::string inbox;
    bool eof = false;
    bool reading = false;
  };

  std::unique_ptr<Peer> connect() {
    auto peer = std::make_unique<Peer>(io_);
    boost::system::error_code ec;
    peer->socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), server_->port()), ec);
    EXPECT_FALSE(ec) << ec.message();
    return peer;
  }

  // Writes all of `bytes`, running the loop meanwhile so that the server reads.
  void send(Peer& peer, const std::string& bytes) {
    auto data = std::make_shared<std::string>(bytes);
    bool written = false;
    boost::asio::async_write(peer.socket, boost::asio::buffer(*data),
                             [&written, data](const boost::system::error_code& ec, size_t) {
                               EXPECT_FALSE(ec) << ec.message();
                               written = true;
                             });
    ASSERT_TRUE(run_until([&] { return written; })) << "the write did not finish";
  }

  void keep_reading(Peer& peer) {
    if (peer.reading || peer.eof) return;
    peer.reading = true;
    auto buffer = std::make_shared<std::array<char, 4096>>();
    peer.socket.async_read_some(boost::asio::buffer(*buffer),
                                [this, &peer, buffer](const boost::system::error_code& ec, size_t n) {
                                  peer.reading = false;
                                  if (ec) {
                                    peer.eof = true;
                                    return;
                                  }
                                  peer.inbox.append(buffer->data(), n);
                                  keep_reading(peer);
                                });
  }

  // The next `n` answers' payloads, in the order they came.
  std::vector<std::string> answers(Peer& peer, size_t n) {
    keep_reading(peer);
    std::vector<std::string> out;
    hl7::MllpDeframer deframer;
    EXPECT_TRUE(run_until([&] {
      for (auto& f : deframer.feed(peer.inbox)) {
        EXPECT_TRUE(f.ok()) << f.status().to_string();
        if (f.ok()) out.push_back(*f);
      }
      peer.inbox.clear();
      return out.size() >= n || peer.eof;
    })) << "only "
        << out.size() << " of " << n << " answers came";
    return out;
  }

  // True once the server has closed the connection.
  bool closed_by_server(Peer& peer) {
    keep_reading(peer);
    return run_until([&] { return peer.eof; });
  }

  boost::asio::io_context io_;
  std::unique_ptr<MllpServer> server_;
  std::vector<std::string> messages_;
  std::vector<std::string> broken_;
  bool hold_replies_ = false;
  std::map<std::string, MllpReply> held_;
};

TEST_F(MllpServerTest, AnswersEachFrameOfAConnection) {
  start();
  auto peer = connect();
  send(*peer, framed("one") + framed("two") + framed("three"));
  EXPECT_EQ(answers(*peer, 3), (std::vector<std::string>{"ACK:one", "ACK:two", "ACK:three"}));
  EXPECT_EQ(messages_, (std::vector<std::string>{"one", "two", "three"}));
}

TEST_F(MllpServerTest, ReassemblesAFrameSentByteByByte) {
  start();
  auto peer = connect();
  std::string frame = framed("MSH|^~\\&|HIS\rPID|1");
  for (char c : frame) send(*peer, std::string(1, c));
  EXPECT_EQ(answers(*peer, 1), std::vector<std::string>{"ACK:MSH|^~\\&|HIS\rPID|1"});
}

TEST_F(MllpServerTest, AnswersInFrameOrderWhateverOrderTheAnswersAreReady) {
  hold_replies_ = true;
  start();
  auto peer = connect();
  send(*peer, framed("a") + framed("b") + framed("c"));
  ASSERT_TRUE(run_until([&] { return held_.size() == 3; }));
  held_.at("c")("C");
  held_.at("b")("B");
  // Nothing may go out before the answer to the first frame.
  io_.poll();
  keep_reading(*peer);
  io_.poll();
  EXPECT_TRUE(peer->inbox.empty());
  held_.at("a")("A");
  held_.at("a")("A again");  // a second answer to the same frame is ignored
  EXPECT_EQ(answers(*peer, 3), (std::vector<std::string>{"A", "B", "C"}));
}

TEST_F(MllpServerTest, IgnoresBytesOutsideFrames) {
  start();
  auto peer = connect();
  send(*peer, "noise\r\n" + framed("x") + "\x1c\r more noise" + framed("y"));
  EXPECT_EQ(answers(*peer, 2), (std::vector<std::string>{"ACK:x", "ACK:y"}));
  EXPECT_TRUE(broken_.empty());
}

TEST_F(MllpServerTest, RefusesAnOversizedFrameAndReadsTheNextOne) {
  MllpConfig config;
  config.max_frame_bytes = 1000;
  start(config);
  auto peer = connect();
  send(*peer, framed(std::string(5000, 'x')) + framed("after"));
  EXPECT_EQ(answers(*peer, 2), (std::vector<std::string>{"AR", "ACK:after"}));
  ASSERT_EQ(broken_.size(), 1u);
  EXPECT_NE(broken_[0].find("longer than the limit"), std::string::npos) << broken_[0];
  EXPECT_EQ(messages_, std::vector<std::string>{"after"});
}

TEST_F(MllpServerTest, RefusesAFrameCutShortAndReadsTheNextOne) {
  start();
  auto peer = connect();
  send(*peer, std::string("\x0b") + "MSH|cut" + framed("whole"));
  EXPECT_EQ(answers(*peer, 2), (std::vector<std::string>{"AR", "ACK:whole"}));
  ASSERT_EQ(broken_.size(), 1u);
  EXPECT_NE(broken_[0].find("cut short"), std::string::npos) << broken_[0];
}

TEST_F(MllpServerTest, ServesSeveralConnectionsAtOnce) {
  hold_replies_ = true;
  start();
  auto first = connect();
  auto second = connect();
  send(*first, framed("from-1"));
  send(*second, framed("from-2"));
  ASSERT_TRUE(run_until([&] { return held_.size() == 2; }));
  EXPECT_EQ(server_->connections(), 2u);
  // Answers go to the connection the frame came on.
  held_.at("from-2")("to-2");
  held_.at("from-1")("to-1");
  EXPECT_EQ(answers(*second, 1), std::vector<std::string>{"to-2"});
  EXPECT_EQ(answers(*first, 1), std::vector<std::string>{"to-1"});
}

TEST_F(MllpServerTest, ClosesAnIdleConnection) {
  MllpConfig config;
  config.idle_timeout = milliseconds(50);
  start(config);
  auto peer = connect();
  send(*peer, framed("hello"));
  EXPECT_EQ(answers(*peer, 1), std::vector<std::string>{"ACK:hello"});
  EXPECT_TRUE(closed_by_server(*peer));
  EXPECT_EQ(server_->connections(), 0u);
}

TEST_F(MllpServerTest, KeepsAConnectionWaitingForItsAnswerOpen) {
  MllpConfig config;
  config.idle_timeout = milliseconds(30);
  hold_replies_ = true;
  start(config);
  auto peer = connect();
  send(*peer, framed("slow"));
  ASSERT_TRUE(run_until([&] { return held_.size() == 1; }));
  // Several idle periods pass while the answer is owed.
  auto until = std::chrono::steady_clock::now() + milliseconds(150);
  keep_reading(*peer);
  while (std::chrono::steady_clock::now() < until) io_.run_one_for(milliseconds(10));
  EXPECT_FALSE(peer->eof);
  held_.at("slow")("done");
  EXPECT_EQ(answers(*peer, 1), std::vector<std::string>{"done"});
}

TEST_F(MllpServerTest, ClosesConnectionsBeyondTheCap) {
  MllpConfig config;
  config.max_connections = 1;
  start(config);
  auto first = connect();
  send(*first, framed("in"));
  EXPECT_EQ(answers(*first, 1), std::vector<std::string>{"ACK:in"});
  auto second = connect();
  EXPECT_TRUE(closed_by_server(*second));
  // The first keeps working.
  send(*first, framed("still"));
  EXPECT_EQ(answers(*first, 1), std::vector<std::string>{"ACK:still"});
}

TEST_F(MllpServerTest, AnswersWhatIsOwedAfterThePeerStopsSending) {
  start();
  auto peer = connect();
  send(*peer, framed("last"));
  peer->socket.shutdown(tcp::socket::shutdown_send);
  EXPECT_EQ(answers(*peer, 1), std::vector<std::string>{"ACK:last"});
  EXPECT_TRUE(closed_by_server(*peer));
}

TEST_F(MllpServerTest, StopClosesEveryConnection) {
  start();
  auto peer = connect();
  send(*peer, framed("x"));
  EXPECT_EQ(answers(*peer, 1), std::vector<std::string>{"ACK:x"});
  server_->stop();
  EXPECT_TRUE(closed_by_server(*peer));
}

TEST_F(MllpServerTest, RefusesABadConfiguration) {
  MllpHandlers handlers{[](std::string, MllpReply) {}, [](const Status&, MllpReply) {}};
  MllpConfig bad_bind;
  bad_bind.bind = "not-an-address";
  Status s = MllpServer(io_, bad_bind, handlers).start();
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "mllp.bind");
  MllpConfig no_timeout;
  no_timeout.port = 0;
  no_timeout.idle_timeout = milliseconds(0);
  s = MllpServer(io_, no_timeout, handlers).start();
  EXPECT_EQ(s.field(), "mllp.idle_timeout_s");
}

TEST_F(MllpServerTest, ReportsAPortInUse) {
  start();
  MllpConfig same;
  same.port = server_->port();
  MllpHandlers handlers{[](std::string, MllpReply) {}, [](const Status&, MllpReply) {}};
  Status s = MllpServer(io_, same, handlers).start();
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable) << s.to_string();
}

}  // namespace
}  // namespace rx
