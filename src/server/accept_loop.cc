#include "server/accept_loop.h"

#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>

namespace rx {

Status open_listener(boost::asio::ip::tcp::acceptor& acceptor, const std::string& bind, unsigned short port,
                     std::string_view error_prefix, const std::string& bind_field) {
  using boost::asio::ip::tcp;
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(bind, ec);
  if (ec) return Status::invalid(fmt::format("'{}' is not an IP address", bind), bind_field);
  tcp::endpoint endpoint(address, port);
  auto fail = [&](const char* step) {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    return Status::unavailable(fmt::format("{}cannot {} {}:{}: {}", error_prefix, step, bind, port, ec.message()));
  };
  if (acceptor.open(endpoint.protocol(), ec)) return fail("open a socket for");
  if (acceptor.set_option(tcp::acceptor::reuse_address(true), ec)) return fail("configure");
  if (acceptor.bind(endpoint, ec)) return fail("bind");
  if (acceptor.listen(boost::asio::socket_base::max_listen_connections, ec)) return fail("listen on");
  return Status::ok_status();
}

unsigned short listener_port(const boost::asio::ip::tcp::acceptor& acceptor) {
  boost::system::error_code ec;
  auto endpoint = acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}
namespace {

constexpr auto kAcceptRetry = std::chrono::milliseconds(100);

}  // namespace

void accept_connections(std::shared_ptr<const AcceptLoop> loop) {
  loop->acceptor->async_accept([loop](const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket) {
    auto owner = loop->owner.lock();
    if (!owner || ec == boost::asio::error::operation_aborted || !loop->acceptor->is_open()) return;
    if (ec) {
      spdlog::warn("{}: accept failed: {}", loop->name, ec.message());
      loop->retry_timer->expires_after(kAcceptRetry);
      loop->retry_timer->async_wait([loop](const boost::system::error_code& timer_ec) {
        auto alive = loop->owner.lock();
        if (!timer_ec && alive && loop->acceptor->is_open()) accept_connections(loop);
      });
      return;
    }
    loop->open(std::move(socket));
    accept_connections(loop);
  });
}

}  // namespace rx
