#include "server/http_connection.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include <spdlog/spdlog.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "server/api_response.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

// A client sending a body past the limit is drained for at most this long
// and this much before the connection is cut.
constexpr auto kDrainTime = std::chrono::seconds(5);
constexpr size_t kMaxDrain = 64 * 1024 * 1024;

std::string peer_address(const tcp::socket& socket) {
  boost::system::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

bool is_disconnect(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == boost::asio::error::eof ||
         ec == boost::asio::error::connection_reset || ec == boost::asio::error::operation_aborted ||
         ec == boost::beast::error::timeout || ec == http::error::partial_message;
}

}  // namespace

HttpConnection::HttpConnection(tcp::socket socket, Limits limits, Dispatch dispatch)
    : stream_(std::move(socket)), limits_(limits), dispatch_(std::move(dispatch)) {
  remote_address_ = peer_address(stream_.socket());
}

void HttpConnection::start() { read_header(); }

void HttpConnection::read_header() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header));
  body_limit_ = limits_.max_body;
  // The parser would refuse a Content-Length over its limit while still
  // reading the header, before the route's own limit is known: on_header
  // checks the length, and sets the limit for a chunked body.
  // (Not boost::none: Beast 1.74 compares a length with an empty limit as larger.)
  parser_->body_limit(limits_.body_limit ? std::numeric_limits<std::uint64_t>::max() : body_limit_);
  stream_.expires_after(limits_.idle_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](const boost::system::error_code& ec, size_t) { self->on_header(ec); });
}

void HttpConnection::on_header(const boost::system::error_code& ec) {
  if (closed_) return;
  if (ec) return on_request(ec);
  const HttpRequest& req = parser_->get();
  if (limits_.body_limit) {
    body_limit_ = std::max(body_limit_, limits_.body_limit(req));
    if (parser_->content_length() && *parser_->content_length() > body_limit_) {
      version_ = req.version();
      return refuse_large_body();
    }
    parser_->body_limit(body_limit_);
  }
  auto expect = req.find(http::field::expect);
  if (expect != req.end() && boost::beast::iequals(expect->value(), "100-continue") && !parser_->is_done()) {
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(limits_.idle_timeout);
    boost::asio::async_write(stream_, boost::asio::buffer(kContinue),
                             [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                               if (self->closed_) return;
                               if (ec) return self->close();
                               self->read_body();
                             });
    return;
  }
  read_body();
}

void HttpConnection::read_body() {
  stream_.expires_after(limits_.idle_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](const boost::system::error_code& ec, size_t) { self->on_request(ec); });
}

void HttpConnection::on_request(const boost::system::error_code& ec) {
  if (closed_) return;
  if (parser_->is_header_done()) version_ = parser_->get().version();
  if (ec == http::error::body_limit) return refuse_large_body();
  if (ec == http::error::header_limit) {
    return refuse(error_response(http::status::request_header_fields_too_large, "HEADER_TOO_LARGE",
                                 fmt::format("the request header is larger than {} bytes", limits_.max_header)));
  }
  if (ec && is_disconnect(ec)) return close();
  if (ec) {
    spdlog::debug("http: unreadable request: {}", ec.message());
    return refuse(error_response(Status::invalid(fmt::format("the request is not valid HTTP/1.1: {}", ec.message()))
                                     .with_reason("MALFORMED_REQUEST")));
  }
  HttpRequest req = parser_->release();
  keep_alive_ = req.keep_alive();
  stream_.expires_never();
  dispatch_(shared_from_this(), std::move(req));
}

void HttpConnection::send(HttpResponse res) {
  if (closed_ || taken_) return;
  write(std::move(res), keep_alive_, false);
}

void HttpConnection::refuse(HttpResponse res) { write(std::move(res), false, true); }

void HttpConnection::refuse_large_body() {
  spdlog::info("http: refused a body over {} bytes from a client", body_limit_);
  refuse(error_response(
      Status::invalid(fmt::format("the body is larger than {} bytes", body_limit_)).with_reason("BODY_TOO_LARGE")));
}

void HttpConnection::write(HttpResponse res, bool keep_alive, bool drain) {
  res.version(version_);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  auto message = std::make_shared<HttpResponse>(std::move(res));
  stream_.expires_after(limits_.idle_timeout);
  http::async_write(
      stream_, *message,
      [self = shared_from_this(), message, keep_alive, drain](const boost::system::error_code& ec, size_t) {
        if (self->closed_) return;
        if (ec) return self->close();
        if (drain) return self->drain_and_close();
        if (!keep_alive) {
          boost::system::error_code ignored;
          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
          return self->close();
        }
        self->read_header();
      });
}

void HttpConnection::drain_and_close() {
  boost::system::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kDrainTime);
  drain_some();
}

void HttpConnection::drain_some() {
  stream_.async_read_some(boost::asio::buffer(drain_buffer_),
                          [self = shared_from_this()](const boost::system::error_code& ec, size_t n) {
                            if (self->closed_) return;
                            self->drained_ += n;
                            if (ec || self->drained_ > kMaxDrain) return self->close();
                            self->drain_some();
                          });
}

boost::beast::tcp_stream HttpConnection::take_stream() {
  taken_ = true;
  closed_ = true;
  stream_.expires_never();
  return std::move(stream_);
}

void HttpConnection::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace rx
