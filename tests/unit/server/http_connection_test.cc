#include "server/http_connection.h"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "unit/server/connection_harness.h"
#include "unit/server/test_client.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;
using testing::ConnectionHarness;
using testing::TestClient;

HttpResponse text(std::string body) {
  HttpResponse res{http::status::ok, 11};
  res.body() = std::move(body);
  return res;
}

HttpConnection::Limits small_limits() {
  HttpConnection::Limits limits;
  limits.max_body = 1000;
  limits.max_header = 2048;
  // Uploads may be larger; a smaller figure never lowers max_body.
  limits.body_limit = [](const HttpRequest& req) -> size_t {
    if (req.target() == "/upload") return 4000;
    if (req.target() == "/smaller") return 10;
    return 0;
  };
  return limits;
}

class HttpConnectionTest : public ::testing::Test {
 protected:
  HttpConnectionTest()
      : harness_(small_limits(), [this](const std::shared_ptr<HttpConnection>& conn, HttpRequest req) {
          ++requests_;
          if (req.target() == "/later") {
            // Answered after the loop has run other work.
            auto executor = harness_.loop().io().get_executor();
            boost::asio::post(executor, [conn] { conn->send(text("later")); });
            return;
          }
          conn->send(text(std::string(req.method_string()) + " " + std::string(req.target()) + " " + req.body()));
        }) {}

  ConnectionHarness harness_;
  int requests_ = 0;  // touched on the loop only
};

TEST_F(HttpConnectionTest, KeepAliveServesSeveralRequests) {
  TestClient client(harness_.port());
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 3; ++i) {
    auto res = client.request(http::verb::post, "/echo", "n" + std::to_string(i));
    ASSERT_TRUE(res.has_value());
    EXPECT_EQ(res->body(), "POST /echo n" + std::to_string(i));
    EXPECT_TRUE(res->keep_alive());
  }
}

TEST_F(HttpConnectionTest, PipelinedRequestsAreAnsweredInOrder) {
  TestClient client(harness_.port());
  ASSERT_TRUE(
      client.send_raw("GET /later HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
                      "POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"));
  auto a = client.read();
  auto b = client.read();
  auto c = client.read();
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->body(), "later");
  EXPECT_EQ(b->body(), "GET /first ");
  EXPECT_EQ(c->body(), "POST /second abc");
}

TEST_F(HttpConnectionTest, BodyOverTheLimitIs400AndTheServerGoesOn) {
  TestClient big(harness_.port());
  auto res = big.request(http::verb::post, "/echo", std::string(5000, 'x'));
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->result(), http::status::bad_request);
  json body = json::parse(res->body());
  EXPECT_EQ(body["error"]["code"], "BODY_TOO_LARGE");
  EXPECT_FALSE(res->keep_alive());
  EXPECT_TRUE(big.closed_by_server());

  TestClient next(harness_.port());
  auto ok = next.request(http::verb::get, "/after");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->body(), "GET /after ");
  EXPECT_EQ(harness_.loop().call([this] { return requests_; }), 1);
}

TEST_F(HttpConnectionTest, ChunkedBodyOverTheLimitIs400) {
  TestClient client(harness_.port());
  std::string chunk(600, 'y');
  ASSERT_TRUE(
      client.send_raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "258\r\n" +
                      chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n"));
  auto res = client.read();
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->result(), http::status::bad_request);
  EXPECT_EQ(json::parse(res->body())["error"]["code"], "BODY_TOO_LARGE");
}

TEST_F(HttpConnectionTest, ARequestWithItsOwnLimitMayBeLargerButNotWithoutEnd) {
  TestClient client(harness_.port());
  auto upload = client.request(http::verb::post, "/upload", std::string(4000, 'u'));
  ASSERT_TRUE(upload.has_value());
  EXPECT_EQ(upload->result(), http::status::ok);
  EXPECT_EQ(upload->body().size(), std::string("POST /upload ").size() + 4000);
  // The next request on the same connection is back to the server's limit.
  auto echo = client.request(http::verb::post, "/echo", std::string(2000, 'e'));
  ASSERT_TRUE(echo.has_value());
  EXPECT_EQ(echo->result(), http::status::bad_request);

  TestClient over(harness_.port());
  auto too_big = over.request(http::verb::post, "/upload", std::string(4001, 'u'));
  ASSERT_TRUE(too_big.has_value());
  EXPECT_EQ(too_big->result(), http::status::bad_request);
  EXPECT_NE(too_big->body().find("larger than 4000 bytes"), std::string::npos) << too_big->body();

  TestClient smaller(harness_.port());
  auto kept = smaller.request(http::verb::post, "/smaller", std::string(1000, 's'));
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->result(), http::status::ok);
}

TEST_F(HttpConnectionTest, BodyAtTheLimitIsAccepted) {
  TestClient client(harness_.port());
  auto res = client.request(http::verb::post, "/echo", std::string(1000, 'z'));
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->result(), http::status::ok);
}

TEST_F(HttpConnectionTest, HeaderOverTheLimitIs431) {
  TestClient client(harness_.port());
  auto res = client.request(http::verb::get, "/echo", "", {{"X-Padding", std::string(4000, 'p')}});
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->result(), http::status::request_header_fields_too_large);
  EXPECT_EQ(json::parse(res->body())["error"]["code"], "HEADER_TOO_LARGE");
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpConnectionTest, MalformedRequestIs400ThenClosed) {
  TestClient client(harness_.port());
  ASSERT_TRUE(client.send_raw("THIS IS NOT HTTP\r\n\r\n"));
  auto res = client.read();
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->result(), http::status::bad_request);
  EXPECT_EQ(json::parse(res->body())["error"]["code"], "MALFORMED_REQUEST");
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_EQ(harness_.loop().call([this] { return requests_; }), 0);
}

TEST_F(HttpConnectionTest, ConnectionCloseIsHonoured) {
  TestClient client(harness_.port());
  auto res = client.request(http::verb::get, "/bye", "", {{"Connection", "close"}});
  ASSERT_TRUE(res.has_value());
  EXPECT_FALSE(res->keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(HttpConnectionTest, ExpectContinueGetsAnInterimResponse) {
  TestClient client(harness_.port());
  ASSERT_TRUE(client.send_raw("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"));
  ASSERT_TRUE(client.read_until("HTTP/1.1 100 Continue\r\n\r\n"));
  ASSERT_TRUE(client.send_raw("body"));
  ASSERT_TRUE(client.read_until("POST /echo body"));
}

TEST(HttpConnectionIdleTest, IdleConnectionsAreClosed) {
  HttpConnection::Limits limits;
  limits.idle_timeout = std::chrono::milliseconds(100);
  ConnectionHarness harness(limits,
                            [](const std::shared_ptr<HttpConnection>& conn, HttpRequest) { conn->send(text("ok")); });
  TestClient client(harness.port());
  ASSERT_TRUE(client.connected());
  EXPECT_TRUE(client.closed_by_server());
}

}  // namespace
}  // namespace rx
