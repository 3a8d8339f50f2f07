// HttpConnection: one client connection. It reads one request at a time
// (pipelined requests wait in the buffer), hands it to the dispatcher, and
// writes the answer before reading the next.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/time.h"
#include "server/http_types.h"

namespace rx {

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  struct Limits {
    size_t max_body = 1024 * 1024;
    size_t max_header = 16 * 1024;
    Duration idle_timeout = std::chrono::seconds(60);
    // A larger limit for some requests (photo uploads), asked once the
    // header is read; 0 keeps max_body.
    std::function<size_t(const HttpRequest&)> body_limit;
  };
  // Called once per request; the answer comes back through send() or
  // take_stream(), now or later.
  using Dispatch = std::function<void(const std::shared_ptr<HttpConnection>&, HttpRequest)>;

  HttpConnection(boost::asio::ip::tcp::socket socket, Limits limits, Dispatch dispatch);

  // Starts reading requests.
  void start();
  // Answers the current request, then reads the next one unless either side
  // asked to close. Ignored once the connection is closed.
  void send(HttpResponse res);
  // Hands the socket over (Server-Sent Events); this connection ends.
  boost::beast::tcp_stream take_stream();
  // Closes the socket now.
  void close();
  bool closed() const { return closed_; }
  // The peer's IP address ("127.0.0.1"; IPv4-mapped IPv6 shown as IPv4).
  const std::string& remote_address() const { return remote_address_; }

 private:
  void read_header();
  void on_header(const boost::system::error_code& ec);
  void read_body();
  void on_request(const boost::system::error_code& ec);
  // Answers a request that could not be read, then closes (draining).
  void refuse(HttpResponse res);
  // Answers 400 BODY_TOO_LARGE with the limit that applied, and closes.
  void refuse_large_body();
  void write(HttpResponse res, bool keep_alive, bool drain);
  // Stops sending, then reads and discards what the client is still
  // sending, so that it sees the answer instead of a reset.
  void drain_and_close();
  void drain_some();

  boost::beast::tcp_stream stream_;
  Limits limits_;
  size_t body_limit_ = 0;  // of the request being read
  Dispatch dispatch_;
  std::string remote_address_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool closed_ = false;
  bool taken_ = false;
  size_t drained_ = 0;
  std::array<char, 16 * 1024> drain_buffer_{};
};

}  // namespace rx
