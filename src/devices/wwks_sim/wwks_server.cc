#include "devices/wwks_sim/wwks_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/ip/tcp.hpp>
#include <map>

#include "devices/wwks/wwks_connection.h"

namespace rx {

using tcp = boost::asio::ip::tcp;

class WwksServer::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(boost::asio::io_context& io, WwksStorageSystem& system, WwksServerConfig config)
      : system_(system), config_(std::move(config)), acceptor_(io) {}

  Status start() {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(config_.bind, ec);
    if (ec) return Status::invalid(fmt::format("expected an IP address, found '{}'", config_.bind), "bind");
    tcp::endpoint endpoint(address, config_.port);
    auto fail = [&](const char* step) {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      return Status::unavailable(
          fmt::format("robot-sim: cannot {} {}:{}: {}", step, config_.bind, config_.port, ec.message()));
    };
    if (acceptor_.open(endpoint.protocol(), ec)) return fail("open a socket for");
    if (acceptor_.set_option(tcp::acceptor::reuse_address(true), ec)) return fail("configure");
    if (acceptor_.bind(endpoint, ec)) return fail("bind");
    if (acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec)) return fail("listen on");
    std::weak_ptr<Impl> weak = shared_from_this();
    system_.set_outbox([weak](int32_t destination, wwks::Message message) {
      if (auto self = weak.lock()) self->deliver(destination, std::move(message));
    });
    accept();
    return Status::ok_status();
  }

  unsigned short port() const {
    boost::system::error_code ec;
    auto endpoint = acceptor_.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
  }

  size_t connections() const { return sessions_.size(); }

  void drop_connections() {
    for (auto& [id, session] : sessions_) session.connection->close();
    sessions_.clear();
  }

  void stop() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    drop_connections();
    system_.set_outbox(nullptr);
  }

 private:
  struct Session {
    std::shared_ptr<WwksConnection> connection;
    int32_t subscriber = 0;  // from its HelloRequest; 0 until then
  };

  void accept() {
    acceptor_.async_accept([weak = weak_from_this()](const boost::system::error_code& ec, tcp::socket socket) {
      auto self = weak.lock();
      if (!self || ec == boost::asio::error::operation_aborted || !self->acceptor_.is_open()) return;
      if (ec) {
        spdlog::warn("robot-sim: accept failed: {}", ec.message());
      } else {
        self->open(std::move(socket));
      }
      self->accept();
    });
  }

  void open(tcp::socket socket) {
    uint64_t id = ++last_id_;
    boost::system::error_code ec;
    auto peer = socket.remote_endpoint(ec);
    spdlog::info("robot-sim: connection {} from {}", id,
                 ec ? std::string("?") : fmt::format("{}:{}", peer.address().to_string(), peer.port()));
    auto connection = std::make_shared<WwksConnection>(std::move(socket), fmt::format("robot-sim connection {}", id));
    sessions_[id] = Session{connection, 0};
    std::weak_ptr<Impl> weak = weak_from_this();
    connection->start(WwksConnectionHandlers{
        [weak, id](wwks::Envelope envelope) {
          if (auto self = weak.lock()) self->on_message(id, envelope.message);
        },
        [id](const Status& why) {
          spdlog::warn("robot-sim: connection {}: unreadable document ignored: {}{}{}", id, why.field(),
                       why.field().empty() ? "" : ": ", why.message());
        },
        [weak, id](const std::string& why) {
          spdlog::info("robot-sim: connection {} ended: {}", id, why);
          if (auto self = weak.lock()) self->sessions_.erase(id);
        }});
  }

  void on_message(uint64_t id, const wwks::Message& message) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    if (auto* hello = std::get_if<wwks::HelloRequest>(&message)) it->second.subscriber = hello->subscriber.id;
    std::shared_ptr<WwksConnection> connection = it->second.connection;
    system_.handle(message, [this, connection](wwks::Message answer) {
      connection->send(system_.envelope(std::move(answer)));
    });
  }

  void deliver(int32_t destination, wwks::Message message) {
    wwks::Envelope envelope = system_.envelope(std::move(message));
    bool sent = false;
    for (auto& [id, session] : sessions_) {
      if (session.subscriber != destination) continue;
      session.connection->send(envelope);
      sent = true;
    }
    if (!sent) {
      spdlog::info("robot-sim: {} {} for subscriber {} not sent: it is not connected; TaskInfoRequest will tell it",
                   wwks::message_name(envelope.message), message_id(envelope.message), destination);
    }
  }

  static std::string message_id(const wwks::Message& message) {
    if (auto* m = std::get_if<wwks::OutputMessage>(&message)) return m->header.id;
    return {};
  }

  WwksStorageSystem& system_;
  WwksServerConfig config_;
  tcp::acceptor acceptor_;
  std::map<uint64_t, Session> sessions_;
  uint64_t last_id_ = 0;
};

WwksServer::WwksServer(boost::asio::io_context& io, WwksStorageSystem& system, WwksServerConfig config)
    : impl_(std::make_shared<Impl>(io, system, std::move(config))) {}

WwksServer::~WwksServer() { stop(); }

Status WwksServer::start() { return impl_->start(); }

unsigned short WwksServer::port() const { return impl_->port(); }

size_t WwksServer::connections() const { return impl_->connections(); }

void WwksServer::drop_connections() { impl_->drop_connections(); }

void WwksServer::stop() { impl_->stop(); }

}  // namespace rx
