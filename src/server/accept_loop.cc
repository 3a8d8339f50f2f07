#include "server/accept_loop.h"

#include <chrono>

#include <spdlog/spdlog.h>

namespace rx {
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
