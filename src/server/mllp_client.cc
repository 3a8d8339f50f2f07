#include "server/mllp_client.h"

#include <fmt/format.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <optional>

namespace rx {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

class MllpClient::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, MllpClientConfig config)
      : config_(std::move(config)), resolver_(io), socket_(io), timer_(io), deframer_(config_.max_reply_bytes) {}

  std::string endpoint() const { return fmt::format("mllp://{}:{}", config_.host, config_.port); }

  void send(std::string message, Reply reply) {
    if (reply_) {
      // The contract is one message at a time; answering later keeps the caller's loop turn simple.
      asio::post(socket_.get_executor(), [reply = std::move(reply), where = endpoint()] {
        reply(Status::unavailable(fmt::format("{}: a message is already on its way", where)));
      });
      return;
    }
    reply_ = std::move(reply);
    ++exchange_;
    frame_ = hl7::mllp_frame(message);
    if (socket_.is_open()) return write();
    arm_timer(config_.connect_timeout, "connecting");
    resolver_.async_resolve(
        config_.host, std::to_string(config_.port),
        [self = shared_from_this(), n = exchange_](const error_code& ec, tcp::resolver::results_type results) {
          if (self->stale(n)) return;
          if (ec) return self->fail("resolving the host", ec);
          asio::async_connect(self->socket_, results, [self, n](const error_code& ec2, const tcp::endpoint&) {
            if (self->stale(n)) return;
            if (ec2) return self->fail("connecting", ec2);
            self->deframer_ = hl7::MllpDeframer(self->config_.max_reply_bytes);
            self->write();
          });
        });
  }

  // The owner is gone: close, and call no reply.
  void abandon() {
    abandoned_ = true;
    reply_ = nullptr;
    close();
  }

 private:
  // A handler of an exchange that has ended, or of a closed client.
  bool stale(uint64_t exchange) const { return abandoned_ || !reply_ || exchange != exchange_; }

  void write() {
    arm_timer(config_.reply_timeout, "waiting for the answer");
    asio::async_write(socket_, asio::buffer(frame_),
                      [self = shared_from_this(), n = exchange_](const error_code& ec, size_t) {
                        if (self->stale(n)) return;
                        if (ec) return self->fail("sending", ec);
                        self->read();
                      });
  }

  void read() {
    socket_.async_read_some(asio::buffer(buffer_),
                            [self = shared_from_this(), n = exchange_](const error_code& ec, size_t bytes) {
                              if (self->stale(n)) return;
                              if (ec == asio::error::eof) {
                                return self->fail_with("the HIS closed the connection without an answer");
                              }
                              if (ec) return self->fail("reading the answer", ec);
                              auto frames = self->deframer_.feed(std::string_view(self->buffer_.data(), bytes));
                              if (frames.empty()) return self->read();
                              if (!frames.front().ok()) {
                                return self->fail_with("the answer is not a readable MLLP frame: " +
                                                       frames.front().status().message());
                              }
                              self->finish(std::move(frames.front()).value());
                            });
  }

  void arm_timer(Duration after, std::string doing) {
    timer_.expires_after(after);
    timer_.async_wait([self = shared_from_this(), n = exchange_, after, doing = std::move(doing)](const error_code& ec) {
      if (ec || self->stale(n)) return;
      self->fail_with(fmt::format("no progress {} after {} ms", doing, after.count()));
    });
  }

  void fail(std::string_view doing, const error_code& ec) { fail_with(fmt::format("{}: {}", doing, ec.message())); }

  void fail_with(std::string why) {
    close();
    finish(Status::unavailable(fmt::format("{}: {}", endpoint(), why)));
  }

  void finish(Result<std::string> result) {
    timer_.cancel();
    Reply reply = std::move(reply_);
    reply_ = nullptr;
    if (reply) reply(std::move(result));
  }

  void close() {
    error_code ignored;
    resolver_.cancel();
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  MllpClientConfig config_;
  tcp::resolver resolver_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  hl7::MllpDeframer deframer_;
  std::array<char, 16 * 1024> buffer_{};
  std::string frame_;
  Reply reply_;
  uint64_t exchange_ = 0;  // counts sends, so that a handler knows whether its exchange still runs
  bool abandoned_ = false;
};

MllpClient::MllpClient(asio::io_context& io, MllpClientConfig config)
    : connection_(std::make_shared<Connection>(io, std::move(config))) {}

MllpClient::~MllpClient() { connection_->abandon(); }

void MllpClient::send(std::string message, Reply reply) { connection_->send(std::move(message), std::move(reply)); }

std::string MllpClient::endpoint() const { return connection_->endpoint(); }

}  // namespace rx
