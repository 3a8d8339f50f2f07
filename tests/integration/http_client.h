// HttpClient: a small blocking HTTP/1.1 client for the integration tests. It
// keeps one connection to 127.0.0.1:<port> alive, bounds every exchange by a
// timeout, and never throws.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

namespace rx::test {

struct HttpReply {
  int status = 0;       // 0: no answer; `error` says why
  std::string error;    // the transport error, if any
  std::string body;
  nlohmann::json json;  // the body parsed, or a discarded value when it is not JSON
};

// "HTTP <status> (<transport error>): <start of the body>", for assertion messages.
std::string describe(const HttpReply& reply);

class HttpClient {
 public:
  explicit HttpClient(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(15));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // GET `target`, with "Authorization: Bearer <token>" unless the token is empty.
  HttpReply get(std::string_view target, std::string_view token = {});
  // POST `body` as application/json.
  HttpReply post(std::string_view target, const nlohmann::json& body, std::string_view token = {});
  // Any request with a raw body; an empty content type sends no Content-Type.
  HttpReply request(boost::beast::http::verb verb, std::string_view target, std::string body,
                    std::string_view content_type, std::string_view token);

 private:
  HttpReply exchange(boost::beast::http::verb verb, std::string_view target, const std::string& body,
                     std::string_view content_type, std::string_view token, bool& sent_on_reused);
  boost::system::error_code connect();
  void close();
  // Runs the queued operation to completion; the stream's timer bounds it.
  void run();

  unsigned short port_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context io_;
  std::optional<boost::beast::tcp_stream> stream_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace rx::test
