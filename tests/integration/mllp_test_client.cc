#include "integration/mllp_test_client.h"

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

namespace rx::test {

std::string mllp_wrap(std::string_view payload) {
  std::string out = "\x0b";
  out += payload;
  out += "\x1c\x0d";
  return out;
}

unsigned short mllp_port_in_log(const std::string& log) {
  static const std::string kMarker = "mllp: listening on ";
  size_t at = log.find(kMarker);
  if (at == std::string::npos) return 0;
  size_t end = log.find('\n', at);
  if (end == std::string::npos) return 0;
  std::string line = log.substr(at + kMarker.size(), end - at - kMarker.size());
  size_t colon = line.rfind(':');
  if (colon == std::string::npos) return 0;
  unsigned long port = 0;
  for (char c : line.substr(colon + 1)) {
    if (c < '0' || c > '9') break;
    port = port * 10 + static_cast<unsigned long>(c - '0');
    if (port > 65535) return 0;
  }
  return static_cast<unsigned short>(port);
}

std::string hl7_field(const std::string& message, std::string_view segment, int field) {
  size_t start = 0;
  while (start < message.size()) {
    size_t end = message.find('\r', start);
    if (end == std::string::npos) end = message.size();
    std::string_view line(message.data() + start, end - start);
    if (line.substr(0, segment.size()) == segment && line.size() > segment.size() && line[segment.size()] == '|') {
      size_t pos = segment.size();
      for (int i = 0; i < field; ++i) {
        pos = line.find('|', pos);
        if (pos == std::string_view::npos) return {};
        ++pos;
      }
      size_t stop = line.find('|', pos);
      return std::string(line.substr(pos, stop == std::string_view::npos ? std::string_view::npos : stop - pos));
    }
    start = end + 1;
  }
  return {};
}

MllpTestClient::MllpTestClient(unsigned short port, std::chrono::milliseconds timeout)
    : port_(port), timeout_(timeout) {}

void MllpTestClient::run() {
  io_.restart();
  io_.run();
}

bool MllpTestClient::connect() {
  if (stream_) return true;
  stream_.emplace(io_);
  stream_->expires_after(timeout_);
  boost::system::error_code result;
  stream_->async_connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_),
                         [&](const boost::system::error_code& ec) { result = ec; });
  run();
  if (result) {
    error_ = "connect: " + result.message();
    stream_.reset();
    return false;
  }
  return true;
}

bool MllpTestClient::send_raw(std::string_view bytes) {
  if (!connect()) return false;
  stream_->expires_after(timeout_);
  boost::system::error_code result;
  boost::asio::async_write(*stream_, boost::asio::buffer(bytes.data(), bytes.size()),
                           [&](const boost::system::error_code& ec, size_t) { result = ec; });
  run();
  if (result) error_ = "write: " + result.message();
  return !result;
}

std::optional<std::string> MllpTestClient::receive() {
  if (!connect()) return std::nullopt;
  for (;;) {
    size_t start = inbox_.find('\x0b');
    if (start != std::string::npos) {
      size_t end = inbox_.find("\x1c\x0d", start);
      if (end != std::string::npos) {
        std::string payload = inbox_.substr(start + 1, end - start - 1);
        inbox_.erase(0, end + 2);
        return payload;
      }
    }
    std::array<char, 8192> buffer{};
    boost::system::error_code result;
    size_t n = 0;
    stream_->expires_after(timeout_);
    stream_->async_read_some(boost::asio::buffer(buffer), [&](const boost::system::error_code& ec, size_t got) {
      result = ec;
      n = got;
    });
    run();
    if (result) {
      error_ = "read: " + result.message();
      return std::nullopt;
    }
    inbox_.append(buffer.data(), n);
  }
}

std::optional<std::string> MllpTestClient::exchange(std::string_view message) {
  if (!send(message)) return std::nullopt;
  return receive();
}

bool MllpTestClient::closed_by_peer() {
  if (!connect()) return true;
  std::array<char, 1024> buffer{};
  for (;;) {
    boost::system::error_code result;
    stream_->expires_after(timeout_);
    stream_->async_read_some(boost::asio::buffer(buffer),
                             [&](const boost::system::error_code& ec, size_t) { result = ec; });
    run();
    if (result == boost::asio::error::eof || result == boost::asio::error::connection_reset) return true;
    if (result) {
      error_ = "waiting for the close: " + result.message();
      return false;
    }
  }
}

}  // namespace rx::test
