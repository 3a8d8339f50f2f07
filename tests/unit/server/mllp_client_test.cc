// MllpClient against a scripted MLLP peer on loopback: one frame out, the
// answer frame back, the connection kept between messages and dropped after
// a failure; refused connections, silent peers and bad frames are errors.
#include "server/mllp_client.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rx {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// A peer that accepts connections and does with each received frame what
// `on_frame` says: answer with a payload, or (nullopt) close the connection.
class Peer {
 public:
  using OnFrame = std::function<std::optional<std::string>(const std::string& payload)>;

  Peer(asio::io_context& io, OnFrame on_frame)
      : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), on_frame_(std::move(on_frame)) {
    accept();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  int connections = 0;
  std::vector<std::string> frames;

  // Answers with these bytes instead of a frame of the answer.
  std::optional<std::string> raw_answer;

 private:
  struct Session {
    explicit Session(tcp::socket s) : socket(std::move(s)) {}
    tcp::socket socket;
    hl7::MllpDeframer deframer;
    std::array<char, 4096> buffer{};
  };

  void accept() {
    acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
      if (ec) return;
      ++connections;
      read(std::make_shared<Session>(std::move(socket)));
      accept();
    });
  }

  void read(std::shared_ptr<Session> s) {
    s->socket.async_read_some(asio::buffer(s->buffer), [this, s](const boost::system::error_code& ec, size_t n) {
      if (ec) return;
      for (auto& frame : s->deframer.feed(std::string_view(s->buffer.data(), n))) {
        ASSERT_TRUE(frame.ok()) << frame.status().to_string();
        frames.push_back(*frame);
        std::optional<std::string> answer = on_frame_(*frame);
        if (!answer) {
          s->socket.close();
          return;
        }
        auto bytes = std::make_shared<std::string>(raw_answer ? *raw_answer : hl7::mllp_frame(*answer));
        asio::async_write(s->socket, asio::buffer(*bytes), [bytes](const boost::system::error_code&, size_t) {});
      }
      read(s);
    });
  }

  tcp::acceptor acceptor_;
  OnFrame on_frame_;
};

class MllpClientTest : public ::testing::Test {
 protected:
  // Sends one message and runs the loop until its reply has come.
  Result<std::string> exchange(MllpClient& client, std::string message) {
    std::optional<Result<std::string>> out;
    client.send(std::move(message), [&out](Result<std::string> r) { out.emplace(std::move(r)); });
    io_.restart();
    for (int i = 0; i < 1000 && !out; ++i) io_.run_for(std::chrono::milliseconds(20));
    if (!out) return Status::internal("the reply never came");
    return std::move(*out);
  }

  MllpClientConfig config(unsigned short port) {
    MllpClientConfig c;
    c.host = "127.0.0.1";
    c.port = port;
    c.connect_timeout = std::chrono::seconds(5);
    c.reply_timeout = std::chrono::seconds(5);
    return c;
  }

  asio::io_context io_;
};

TEST_F(MllpClientTest, SendsAFrameAndGetsTheAnswerOverOneConnection) {
  Peer peer(io_, [](const std::string& payload) { return std::optional<std::string>("ACK for " + payload); });
  MllpClient client(io_, config(peer.port()));
  EXPECT_EQ(client.endpoint(), "mllp://127.0.0.1:" + std::to_string(peer.port()));

  auto first = exchange(client, "MSH|first");
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(*first, "ACK for MSH|first");
  auto second = exchange(client, "MSH|second");
  ASSERT_TRUE(second.ok()) << second.status().to_string();
  EXPECT_EQ(*second, "ACK for MSH|second");
  EXPECT_EQ(peer.frames, (std::vector<std::string>{"MSH|first", "MSH|second"}));
  EXPECT_EQ(peer.connections, 1) << "the connection is kept between messages";
}

TEST_F(MllpClientTest, APeerThatClosesWithoutAnAnswerIsAnErrorAndTheNextSendReconnects) {
  int seen = 0;
  Peer peer(io_, [&seen](const std::string&) -> std::optional<std::string> {
    if (++seen == 1) return std::nullopt;
    return "ACK";
  });
  MllpClient client(io_, config(peer.port()));
  auto dropped = exchange(client, "MSH|one");
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(dropped.status().message().find("closed the connection without an answer"), std::string::npos)
      << dropped.status().to_string();
  auto again = exchange(client, "MSH|one");
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(*again, "ACK");
  EXPECT_EQ(peer.connections, 2);
}

TEST_F(MllpClientTest, NobodyListeningIsAnError) {
  unsigned short port = 0;
  {
    tcp::acceptor probe(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  MllpClient client(io_, config(port));
  auto r = exchange(client, "MSH|x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(r.status().message().find("connecting"), std::string::npos) << r.status().to_string();
  EXPECT_NE(r.status().message().find("mllp://127.0.0.1:"), std::string::npos) << r.status().to_string();
}

TEST_F(MllpClientTest, APeerThatNeverAnswersTimesOut) {
  Peer silent(io_, [](const std::string&) { return std::optional<std::string>("ACK"); });
  silent.raw_answer = std::string();  // keeps the frame and writes nothing back
  MllpClientConfig c = config(silent.port());
  c.reply_timeout = std::chrono::milliseconds(200);
  MllpClient client(io_, c);
  auto r = exchange(client, "MSH|x");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no progress waiting for the answer after 200 ms"), std::string::npos)
      << r.status().to_string();
  EXPECT_EQ(silent.frames, std::vector<std::string>{"MSH|x"});
}

TEST_F(MllpClientTest, AnAnswerThatIsNotAFrameIsAnError) {
  Peer peer(io_, [](const std::string&) { return std::optional<std::string>("ACK"); });
  peer.raw_answer = std::string("\x0b") + "ACK" + "\x1c" + "X";
  MllpClient client(io_, config(peer.port()));
  auto r = exchange(client, "MSH|x");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not a readable MLLP frame"), std::string::npos) << r.status().to_string();
}

TEST_F(MllpClientTest, ASecondSendWhileOneIsOnItsWayIsRefused) {
  Peer peer(io_, [](const std::string&) { return std::optional<std::string>("ACK"); });
  MllpClient client(io_, config(peer.port()));
  std::optional<Result<std::string>> first;
  client.send("MSH|one", [&first](Result<std::string> r) { first.emplace(std::move(r)); });
  auto second = exchange(client, "MSH|two");
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("already on its way"), std::string::npos) << second.status().to_string();
  for (int i = 0; i < 1000 && !first; ++i) io_.run_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(first->ok()) << first->status().to_string();
  EXPECT_EQ(**first, "ACK");
}

}  // namespace
}  // namespace rx
