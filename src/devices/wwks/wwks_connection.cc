#include "devices/wwks/wwks_connection.h"

#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>

#include "interop/wwks/parser.h"
#include "interop/wwks/writer.h"

namespace rx {

WwksConnection::WwksConnection(boost::asio::ip::tcp::socket socket, std::string name)
    : socket_(std::move(socket)), name_(std::move(name)) {}

void WwksConnection::start(WwksConnectionHandlers handlers) {
  handlers_ = std::move(handlers);
  boost::system::error_code ignored;
  // Requests and answers are small and each one waits for the other side.
  socket_.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
  read();
}

void WwksConnection::send(const wwks::Envelope& envelope) { send_raw(wwks::write_wwks(envelope)); }

void WwksConnection::send_raw(std::string bytes) {
  if (closed_) return;
  outgoing_.push_back(std::move(bytes));
  if (outgoing_.size() == 1) write_next();
}

void WwksConnection::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  outgoing_.clear();
}

void WwksConnection::read() {
  socket_.async_read_some(boost::asio::buffer(buffer_), [self = shared_from_this()](
                                                            const boost::system::error_code& ec, size_t n) {
    if (self->closed_) return;
    if (ec) {
      self->end(ec == boost::asio::error::eof ? "the peer closed the connection" : "read failed: " + ec.message());
      return;
    }
    for (auto& document : self->splitter_.feed(std::string_view(self->buffer_.data(), n))) {
      if (!document.ok()) {
        if (self->handlers_.broken) self->handlers_.broken(document.status());
      } else if (auto envelope = wwks::parse_wwks(*document); !envelope.ok()) {
        if (self->handlers_.broken) self->handlers_.broken(envelope.status());
      } else if (self->handlers_.message) {
        self->handlers_.message(std::move(envelope).value());
      }
      // A handler may have closed the connection.
      if (self->closed_) return;
    }
    self->read();
  });
}

void WwksConnection::write_next() {
  boost::asio::async_write(socket_, boost::asio::buffer(outgoing_.front()),
                           [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                             if (self->closed_) return;
                             if (ec) {
                               self->end("write failed: " + ec.message());
                               return;
                             }
                             self->outgoing_.pop_front();
                             if (!self->outgoing_.empty()) self->write_next();
                           });
}

void WwksConnection::end(const std::string& why) {
  spdlog::debug("{}: {}", name_, why);
  close();
  if (handlers_.ended) handlers_.ended(why);
}

}  // namespace rx
