// A listener that serves HttpConnections with a test's dispatcher, on a
// background loop, so that connection behaviour is tested over real sockets.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "server/http_connection.h"
#include "unit/server/test_client.h"

namespace rx::testing {

class ConnectionHarness {
 public:
  ConnectionHarness(HttpConnection::Limits limits, HttpConnection::Dispatch dispatch)
      : limits_(limits), dispatch_(std::move(dispatch)) {
    port_ = loop_.call([this] {
      boost::asio::ip::tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), 0);
      acceptor_.emplace(loop_.io(), endpoint);
      accept();
      return acceptor_->local_endpoint().port();
    });
  }
  ~ConnectionHarness() {
    loop_.call([this] {
      acceptor_.reset();
      for (const auto& w : connections_) {
        if (auto c = w.lock()) c->close();
      }
    });
  }

  unsigned short port() const { return port_; }
  LoopThread& loop() { return loop_; }

 private:
  void accept() {
    acceptor_->async_accept([this](const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket) {
      if (ec) return;
      auto conn = std::make_shared<HttpConnection>(std::move(socket), limits_, dispatch_);
      connections_.push_back(conn);
      conn->start();
      accept();
    });
  }

  HttpConnection::Limits limits_;
  HttpConnection::Dispatch dispatch_;
  LoopThread loop_;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor_;  // used on the loop only
  std::vector<std::weak_ptr<HttpConnection>> connections_;
  unsigned short port_ = 0;
};

}  // namespace rx::testing
