// WwksTestClient: a pharmacy-system end for the server tests, on
// WwksConnection, that keeps every envelope it receives.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/wwks/wwks_connection.h"

namespace rx::test {

class WwksTestClient {
 public:
  WwksTestClient(boost::asio::io_context& io, unsigned short port) {
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::address_v4::loopback(), port});
    connection_ = std::make_shared<WwksConnection>(std::move(socket), "test client");
    connection_->start(WwksConnectionHandlers{[this](wwks::Envelope e) { received_.push_back(std::move(e)); },
                                              [](const Status&) {}, [this](const std::string&) { ended_ = true; }});
  }
  ~WwksTestClient() { connection_->close(); }

  void send(wwks::Message message) { connection_->send(wwks::Envelope{Instant{}, std::move(message)}); }
  void send_raw(std::string bytes) { connection_->send_raw(std::move(bytes)); }
  void close() { connection_->close(); }
  bool ended() const { return ended_; }
  const std::vector<wwks::Envelope>& received() const { return received_; }

  // Messages of type T received so far.
  template <class T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : received_) {
      if (auto* m = std::get_if<T>(&e.message)) out.push_back(*m);
    }
    return out;
  }
  template <class T>
  size_t count() const {
    return all<T>().size();
  }
  // The last message of type T, if any.
  template <class T>
  std::optional<T> last() const {
    auto v = all<T>();
    if (v.empty()) return std::nullopt;
    return v.back();
  }

 private:
  std::shared_ptr<WwksConnection> connection_;
  std::vector<wwks::Envelope> received_;
  bool ended_ = false;
};

}  // namespace rx::test
