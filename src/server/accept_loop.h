// What the HTTP and MLLP listeners share: opening the listening socket, and
// the accept loop.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/result.h"

namespace rx {

// Opens, binds and listens on bind:port (reusing the address). A bind that is
// not an IP address is invalid with `bind_field`; a socket step that fails is
// unavailable, its message "<prefix>cannot <step> <bind>:<port>: <reason>", and
// leaves the acceptor closed.
Status open_listener(boost::asio::ip::tcp::acceptor& acceptor, const std::string& bind, unsigned short port,
                     std::string_view error_prefix, const std::string& bind_field);

// The port the acceptor listens on; 0 when it is not open.
unsigned short listener_port(const boost::asio::ip::tcp::acceptor& acceptor);

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
