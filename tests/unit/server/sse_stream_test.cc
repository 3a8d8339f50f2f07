#include "server/sse_stream.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "unit/server/connection_harness.h"
#include "unit/server/test_client.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;
using testing::ConnectionHarness;
using testing::TestClient;
using testing::wait_until;

TEST(FormatSseEventTest, Framing) {
  EXPECT_EQ(format_sse_event("prescription", {{"id", 7}, {"status", "ready"}}),
            "event: prescription\ndata: {\"id\":7,\"status\":\"ready\"}\n\n");
}

TEST(FormatSseEventTest, DataStaysOnOneLine) {
  std::string event = format_sse_event("summary", {{"note", "line one\nline two\r\n"}});
  EXPECT_EQ(event, "event: summary\ndata: {\"note\":\"line one\\nline two\\r\\n\"}\n\n");
  EXPECT_EQ(std::count(event.begin(), event.end(), '\n'), 3);
}

TEST(FormatSseEventTest, ResponseHeaderOpensAnEventStream) {
  std::string header = sse_response_header();
  EXPECT_EQ(header.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(header.find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_NE(header.find("Cache-Control: no-store"), std::string::npos);
  EXPECT_EQ(header.substr(header.size() - 4), "\r\n\r\n");
}

// Every request to the harness opens an event stream; the test holds the
// streams and counts closes (both on the loop).
class SseStreamTest : public ::testing::Test {
 protected:
  explicit SseStreamTest(SseStream::Limits limits = {})
      : limits_(limits), harness_({}, [this](const std::shared_ptr<HttpConnection>& conn, HttpRequest) {
          auto stream = SseStream::start(conn->take_stream(), limits_);
          stream->send("hello", {{"n", 1}});
          stream->on_close([this] { ++closes_; });
          streams_.push_back(stream);
        }) {}
  ~SseStreamTest() override {
    harness_.loop().call([this] {
      for (auto& s : streams_) s->close();
      streams_.clear();
    });
  }

  std::shared_ptr<SseStream> first_stream() {
    return harness_.loop().call([this] { return streams_.empty() ? nullptr : streams_.front(); });
  }

  SseStream::Limits limits_;
  ConnectionHarness harness_;
  std::vector<std::shared_ptr<SseStream>> streams_;  // on the loop
  int closes_ = 0;                                   // on the loop
};

TEST_F(SseStreamTest, SendsHeaderThenEvents) {
  TestClient client(harness_.port());
  ASSERT_TRUE(client.send_raw("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(client.read_until("event: hello\ndata: {\"n\":1}\n\n"));
  EXPECT_EQ(client.received().rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  auto stream = first_stream();
  ASSERT_NE(stream, nullptr);
  harness_.loop().call([&] { stream->send("prescription", {{"id", 3}}); });
  ASSERT_TRUE(client.read_until("event: prescription\ndata: {\"id\":3}\n\n"));
}

TEST_F(SseStreamTest, ClientCloseRunsTheCloseCallbackOnce) {
  TestClient client(harness_.port());
  ASSERT_TRUE(client.send_raw("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(client.read_until("event: hello"));
  client.close();
  EXPECT_TRUE(wait_until(harness_.loop(), [this] { return closes_ == 1; }));
  auto stream = first_stream();
  harness_.loop().call([&] {
    stream->close();
    stream->send("ignored", {});
  });
  EXPECT_EQ(harness_.loop().call([this] { return closes_; }), 1);
  EXPECT_TRUE(stream->closed());
}

class SlowClientTest : public SseStreamTest {
 protected:
  SlowClientTest() : SseStreamTest(SseStream::Limits{5, 1024 * 1024, std::chrono::seconds(15)}) {}
};

TEST_F(SlowClientTest, QueueOverTheLimitDisconnects) {
  TestClient client(harness_.port());
  ASSERT_TRUE(client.send_raw("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(wait_until(harness_.loop(), [this] { return !streams_.empty(); }));
  auto stream = first_stream();
  // A burst in one turn of the loop: nothing can be written in between.
  harness_.loop().call([&] {
    for (int i = 0; i < 10; ++i) stream->send("prescription", {{"id", i}});
    EXPECT_FALSE(stream->closed()) << "the close must not run inside send()";
    EXPECT_LE(stream->queued_messages(), 5u);
  });
  EXPECT_TRUE(wait_until(harness_.loop(), [this] { return closes_ == 1; }));
  EXPECT_TRUE(client.closed_by_server());
}

class ByteLimitTest : public SseStreamTest {
 protected:
  ByteLimitTest() : SseStreamTest(SseStream::Limits{1000, 4096, std::chrono::seconds(15)}) {}
};

TEST_F(ByteLimitTest, QueuedBytesOverTheLimitDisconnect) {
  TestClient client(harness_.port());
  ASSERT_TRUE(client.send_raw("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(wait_until(harness_.loop(), [this] { return !streams_.empty(); }));
  auto stream = first_stream();
  harness_.loop().call([&] {
    for (int i = 0; i < 3; ++i) stream->send("big", {{"pad", std::string(2000, 'x')}});
  });
  EXPECT_TRUE(wait_until(harness_.loop(), [this] { return closes_ == 1; }));
}

class KeepAliveTest : public SseStreamTest {
 protected:
  KeepAliveTest() : SseStreamTest(SseStream::Limits{1000, 1024 * 1024, std::chrono::milliseconds(20)}) {}
};

TEST_F(KeepAliveTest, IdleStreamsGetCommentLines) {
  TestClient client(harness_.port());
  ASSERT_TRUE(client.send_raw("GET /events HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(client.read_until("event: hello"));
  ASSERT_TRUE(client.read_until("\n\n: keep-alive\n\n"));
}

}  // namespace
}  // namespace rx
