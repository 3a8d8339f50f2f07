#include "server/sse_stream.h"

#include <fmt/format.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace rx {

std::string format_sse_event(std::string_view type, const nlohmann::json& data) {
  // dump() without indentation escapes newlines, so the data is one line.
  return fmt::format("event: {}\ndata: {}\n\n", type,
                     data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string sse_response_header() {
  return "HTTP/1.1 200 OK\r\n"
         "Content-Type: text/event-stream; charset=utf-8\r\n"
         "Cache-Control: no-store\r\n"
         "X-Accel-Buffering: no\r\n"
         "Connection: close\r\n"
         "\r\n";
}

std::shared_ptr<SseStream> SseStream::start(boost::beast::tcp_stream stream, Limits limits) {
  auto self = std::make_shared<SseStream>(std::move(stream), limits);
  self->begin();
  return self;
}

SseStream::SseStream(boost::beast::tcp_stream stream, Limits limits)
    : stream_(std::move(stream)), limits_(limits), keep_alive_timer_(stream_.get_executor()) {}

void SseStream::begin() {
  enqueue(sse_response_header());
  watch_for_close();
  arm_keep_alive();
}

void SseStream::send(std::string_view type, const nlohmann::json& data) { enqueue(format_sse_event(type, data)); }

void SseStream::on_close(std::function<void()> fn) { on_close_ = std::move(fn); }

void SseStream::close() {
  if (closed_) return;
  closed_ = true;
  keep_alive_timer_.cancel();
  boost::system::error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  stream_.close();
  queue_.clear();
  queued_bytes_ = 0;
  if (on_close_) {
    auto fn = std::move(on_close_);
    on_close_ = nullptr;
    fn();
  }
}

void SseStream::enqueue(std::string message) {
  if (closed_ || closing_) return;
  if (queue_.size() + 1 > limits_.max_queued_messages || queued_bytes_ + message.size() > limits_.max_queued_bytes) {
    // The caller may be iterating its subscribers; closing here would let the
    // close callback unsubscribe under its feet.
    closing_ = true;
    boost::asio::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
    return;
  }
  queued_bytes_ += message.size();
  queue_.push_back(std::move(message));
  if (!writing_) write_next();
}

void SseStream::write_next() {
  if (closed_ || queue_.empty()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  stream_.expires_after(limits_.write_timeout);
  boost::asio::async_write(stream_, boost::asio::buffer(queue_.front()),
                           [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                             if (self->closed_) return;
                             if (ec) return self->close();
                             self->queued_bytes_ -= self->queue_.front().size();
                             self->queue_.pop_front();
                             self->write_next();
                           });
}

void SseStream::watch_for_close() {
  // Whatever the client sends after its request is discarded; the read exists
  // to notice a close at once rather than at the next write. It uses the raw
  // socket so that the write timeout does not apply to it.
  stream_.socket().async_read_some(boost::asio::buffer(&read_byte_, 1),
                                   [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                                     if (self->closed_) return;
                                     if (ec) return self->close();
                                     self->watch_for_close();
                                   });
}

void SseStream::arm_keep_alive() {
  keep_alive_timer_.expires_after(limits_.keep_alive);
  keep_alive_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->closed_) return;
    self->enqueue(": keep-alive\n\n");
    self->arm_keep_alive();
  });
}

}  // namespace rx
