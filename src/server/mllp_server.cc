#include "server/mllp_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <vector>

#include "server/accept_loop.h"

namespace rx {
namespace {

using tcp = boost::asio::ip::tcp;

Status check_config(const MllpConfig& config) {
  if (config.idle_timeout.count() <= 0) {
    return Status::invalid(fmt::format("the idle timeout must be positive, not {} ms", config.idle_timeout.count()),
                           "mllp.idle_timeout_s");
  }
  if (config.max_connections == 0) {
    return Status::invalid("at least one connection must be allowed", "mllp.max_connections");
  }
  if (config.max_frame_bytes == 0 || config.max_in_flight == 0) {
    return Status::invalid("the frame size and in-flight limits must be positive", "mllp");
  }
  return Status::ok_status();
}

}  // namespace

class MllpServer::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(boost::asio::io_context& io, MllpConfig config, MllpHandlers handlers)
      : config_(std::move(config)), handlers_(std::move(handlers)), acceptor_(io), retry_timer_(io) {}

  Status start() {
    TRY(check_config(config_));
    TRY(open_listener(acceptor_, config_.bind, config_.port, "mllp: ", "mllp.bind"));
    spdlog::info("mllp: listening on {}:{}", config_.bind, port());
    accept();
    return Status::ok_status();
  }

  unsigned short port() const { return listener_port(acceptor_); }

  size_t connections() {
    prune();
    return connections_.size();
  }

  void stop() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
    for (const auto& w : connections_) {
      if (auto c = w.lock()) c->close();
    }
    connections_.clear();
  }

 private:
  void prune() {
    std::erase_if(connections_, [](const auto& w) {
      auto c = w.lock();
      return !c || c->closed();
    });
  }

  void accept() {
    std::weak_ptr<Impl> weak = shared_from_this();
    accept_connections(std::make_shared<const AcceptLoop>(AcceptLoop{
        &acceptor_, &retry_timer_, "mllp",
        [weak](tcp::socket socket) {
          if (auto self = weak.lock()) self->open_connection(std::move(socket));
        },
        weak}));
  }

  void open_connection(tcp::socket socket) {
    uint64_t id = ++last_id_;
    boost::system::error_code ec;
    auto peer = socket.remote_endpoint(ec);
    std::string from = ec ? std::string("?") : fmt::format("{}:{}", peer.address().to_string(), peer.port());
    prune();
    if (connections_.size() >= config_.max_connections) {
      spdlog::warn("mllp: connection {} from {} refused: {} connections are open already", id, from,
                   connections_.size());
      boost::system::error_code ignored;
      socket.close(ignored);
      return;
    }
    spdlog::info("mllp: connection {} from {}", id, from);
    auto conn = std::make_shared<MllpConnection>(std::move(socket), id, config_, handlers_);
    connections_.push_back(conn);
    conn->start();
  }

  MllpConfig config_;
  MllpHandlers handlers_;
  tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  std::vector<std::weak_ptr<MllpConnection>> connections_;
  uint64_t last_id_ = 0;
};

MllpServer::MllpServer(boost::asio::io_context& io, MllpConfig config, MllpHandlers handlers)
    : impl_(std::make_shared<Impl>(io, std::move(config), std::move(handlers))) {}

MllpServer::~MllpServer() { stop(); }

Status MllpServer::start() { return impl_->start(); }

unsigned short MllpServer::port() const { return impl_->port(); }

size_t MllpServer::connections() const { return impl_->connections(); }

void MllpServer::stop() { impl_->stop(); }

}  // namespace rx
