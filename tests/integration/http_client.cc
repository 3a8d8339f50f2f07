#include "integration/http_client.h"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace rx::test {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

// Whole prescription lists are large; the parser's default of 8 MB is not a limit of the API.
constexpr std::uint64_t kMaxResponseBody = 256ull * 1024 * 1024;

}  // namespace

std::string describe(const HttpReply& reply) {
  return "HTTP " + std::to_string(reply.status) + (reply.error.empty() ? "" : " (" + reply.error + ")") + ": " +
         reply.body.substr(0, 600);
}

HttpClient::HttpClient(unsigned short port, std::chrono::milliseconds timeout) : port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() { close(); }

HttpReply HttpClient::get(std::string_view target, std::string_view token) {
  return request(http::verb::get, target, {}, {}, token);
}

HttpReply HttpClient::post(std::string_view target, const nlohmann::json& body, std::string_view token) {
  return request(http::verb::post, target, body.dump(), "application/json", token);
}

HttpReply HttpClient::request(http::verb verb, std::string_view target, std::string body,
                              std::string_view content_type, std::string_view token) {
  bool reused = false;
  HttpReply reply = exchange(verb, target, body, content_type, token, reused);
  // A kept-alive connection the server has since closed fails before any
  // answer; the request is sent again once, on a new connection.
  if (reply.status == 0 && reused) {
    close();
    reply = exchange(verb, target, body, content_type, token, reused);
  }
  return reply;
}

HttpReply HttpClient::exchange(http::verb verb, std::string_view target, const std::string& body,
                               std::string_view content_type, std::string_view token, bool& sent_on_reused) {
  HttpReply reply;
  sent_on_reused = stream_.has_value();
  if (!stream_) {
    if (auto ec = connect()) {
      reply.error = "connect to 127.0.0.1:" + std::to_string(port_) + ": " + ec.message();
      return reply;
    }
  }
  http::request<http::string_body> req{verb, std::string(target), 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  req.keep_alive(true);
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + std::string(token));
  if (!content_type.empty()) req.set(http::field::content_type, std::string(content_type));
  req.body() = body;
  req.prepare_payload();

  boost::system::error_code ec;
  stream_->expires_after(timeout_);
  http::async_write(*stream_, req, [&ec](const boost::system::error_code& e, size_t) { ec = e; });
  run();
  // A server refusing the request may answer before it has read the whole
  // body, so the answer is read even if the write failed.
  boost::system::error_code write_ec = ec;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBody);
  stream_->expires_after(timeout_);
  http::async_read(*stream_, buffer_, parser, [&ec](const boost::system::error_code& e, size_t) { ec = e; });
  run();
  if (ec) {
    reply.error = std::string(write_ec ? "write: " + write_ec.message() + "; " : "") + "read: " + ec.message();
    close();
    return reply;
  }
  http::response<http::string_body> res = parser.release();
  reply.status = static_cast<int>(res.result_int());
  reply.body = std::move(res.body());
  reply.json = nlohmann::json::parse(reply.body, nullptr, false);
  if (!res.keep_alive() || write_ec) close();
  return reply;
}

boost::system::error_code HttpClient::connect() {
  stream_.emplace(io_);
  buffer_.clear();
  boost::system::error_code ec;
  stream_->expires_after(timeout_);
  stream_->async_connect(tcp::endpoint(boost::asio::ip::address_v4::loopback(), port_),
                         [&ec](const boost::system::error_code& e) { ec = e; });
  run();
  if (ec) close();
  return ec;
}

void HttpClient::close() {
  if (!stream_) return;
  boost::system::error_code ignored;
  stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_->close();
  stream_.reset();
  buffer_.clear();
  // Handlers of the closed stream, if any, finish here.
  run();
}

void HttpClient::run() {
  io_.restart();
  io_.run();
}

}  // namespace rx::test
