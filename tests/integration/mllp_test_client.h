// MllpTestClient: a small blocking HL7 v2 / MLLP client for the integration
// tests. It keeps one connection to 127.0.0.1:<port>, bounds every wait by a
// timeout, and never throws.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rx::test {

// 0x0B payload 0x1C 0x0D.
std::string mllp_wrap(std::string_view payload);
// The port in the server's "mllp: listening on <address>:<port>" log line, or 0.
unsigned short mllp_port_in_log(const std::string& log);
// A field of the first segment named `segment` in an HL7 message: field(ack, "MSA", 1) is MSA-1.
std::string hl7_field(const std::string& message, std::string_view segment, int field);

class MllpTestClient {
 public:
  explicit MllpTestClient(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(15));
  MllpTestClient(const MllpTestClient&) = delete;
  MllpTestClient& operator=(const MllpTestClient&) = delete;

  // False, with error() saying why, when the connection failed.
  bool send_raw(std::string_view bytes);
  bool send(std::string_view message) { return send_raw(mllp_wrap(message)); }
  // The payload of the next frame that comes back, or nothing (error() says why).
  std::optional<std::string> receive();
  // Sends one message and returns its answer.
  std::optional<std::string> exchange(std::string_view message);
  // True when the server closes the connection within the timeout.
  bool closed_by_peer();
  const std::string& error() const { return error_; }

 private:
  bool connect();
  // Runs the queued operation to completion; the stream's timer bounds it.
  void run();

  unsigned short port_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context io_;
  std::optional<boost::beast::tcp_stream> stream_;
  std::string inbox_;
  std::string error_;
};

}  // namespace rx::test
