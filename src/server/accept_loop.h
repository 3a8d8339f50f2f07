// The accept loop that the HTTP and MLLP listeners share.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace rx {

struct AcceptLoop {
  boost::asio::ip::tcp::acceptor* acceptor;
  boost::asio::steady_timer* retry_timer;
  std::string name;                                         // "http", "mllp": for the log
  std::function<void(boost::asio::ip::tcp::socket)> open;  // takes each accepted connection
  std::weak_ptr<void> owner;                                // the loop ends when this is gone
};

// Accepts connections for as long as the acceptor is open and the owner
// lives. A failed accept (too many open files, say) is logged and tried again
// after a pause, so that the listener never stops silently.
void accept_connections(std::shared_ptr<const AcceptLoop> loop);

}  // namespace rx
