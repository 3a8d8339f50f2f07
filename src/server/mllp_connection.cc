#include "server/mllp_connection.h"

#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>
#include <chrono>

namespace rx {

MllpConnection::MllpConnection(boost::asio::ip::tcp::socket socket, uint64_t id, const MllpConfig& config,
                               MllpHandlers handlers)
    : socket_(std::move(socket)),
      id_(id),
      config_(config),
      handlers_(std::move(handlers)),
      deframer_(config.max_frame_bytes),
      idle_timer_(socket_.get_executor()) {}

void MllpConnection::start() {
  arm_idle_timer();
  read();
}

void MllpConnection::close() {
  if (closed_) return;
  closed_ = true;
  idle_timer_.cancel();
  boost::system::error_code ignored;
  socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  spdlog::debug("mllp: connection {} closed after {} frames ({} bytes outside frames ignored)", id_, frames_,
                deframer_.discarded_bytes());
}

void MllpConnection::read() {
  if (closed_ || read_pending_ || peer_done_) return;
  // A peer that sends faster than it is answered waits: the answers owed to
  // one connection stay bounded.
  if (answers_.size() >= config_.max_in_flight) return;
  read_pending_ = true;
  socket_.async_read_some(
      boost::asio::buffer(read_buffer_),
      [self = shared_from_this()](const boost::system::error_code& ec, size_t n) { self->on_read(ec, n); });
}

void MllpConnection::on_read(const boost::system::error_code& ec, size_t n) {
  read_pending_ = false;
  if (closed_) return;
  if (ec) {
    // The peer has finished sending (or the link broke): what it is still
    // owed is written, then the connection ends.
    if (ec != boost::asio::error::eof) spdlog::debug("mllp: connection {}: read failed: {}", id_, ec.message());
    peer_done_ = true;
    if (answers_.empty() && !write_pending_) close();
    return;
  }
  arm_idle_timer();
  for (auto& frame : deframer_.feed(std::string_view(read_buffer_.data(), n))) {
    ++frames_;
    MllpReply reply = reserve_answer();
    try {
      if (frame.ok()) {
        handlers_.message(std::move(frame).value(), reply);
      } else {
        spdlog::warn("mllp: connection {}: frame {} refused: {}", id_, frames_, frame.status().message());
        handlers_.broken_frame(frame.status(), reply);
      }
    } catch (const std::exception& e) {
      // The edge of the process: one bad message must not end the others.
      spdlog::error("mllp: connection {}: frame {} failed: {}", id_, frames_, e.what());
      handlers_.broken_frame(Status::internal("the receiver failed to process this message; see its log"), reply);
    }
    if (closed_) return;
  }
  read();
}

MllpReply MllpConnection::reserve_answer() {
  uint64_t seq = first_seq_ + answers_.size();
  answers_.emplace_back();
  std::weak_ptr<MllpConnection> weak = weak_from_this();
  return [weak, seq](std::string payload) {
    if (auto self = weak.lock()) self->answer(seq, std::move(payload));
  };
}

void MllpConnection::answer(uint64_t seq, std::string payload) {
  if (closed_ || seq < first_seq_) return;
  auto& slot = answers_.at(seq - first_seq_);
  if (slot) return;
  slot = hl7::mllp_frame(payload);
  write_next();
}

void MllpConnection::write_next() {
  if (closed_ || write_pending_ || answers_.empty() || !answers_.front()) return;
  writing_ = std::move(*answers_.front());
  answers_.pop_front();
  ++first_seq_;
  write_pending_ = true;
  boost::asio::async_write(socket_, boost::asio::buffer(writing_),
                           [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                             self->write_pending_ = false;
                             if (self->closed_) return;
                             if (ec) {
                               spdlog::debug("mllp: connection {}: write failed: {}", self->id_, ec.message());
                               self->close();
                               return;
                             }
                             self->arm_idle_timer();
                             if (self->peer_done_ && self->answers_.empty()) {
                               self->close();
                               return;
                             }
                             self->write_next();
                             self->read();
                           });
}

void MllpConnection::arm_idle_timer() {
  if (closed_) return;
  idle_timer_.expires_after(config_.idle_timeout);
  idle_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) { self->on_idle(ec); });
}

void MllpConnection::on_idle(const boost::system::error_code& ec) {
  if (ec || closed_) return;
  // Re-armed since this wait began: the connection was not idle after all.
  if (idle_timer_.expiry() > std::chrono::steady_clock::now()) return;
  if (!answers_.empty() || write_pending_) {
    // Waiting for our own answer is not the peer being idle.
    arm_idle_timer();
    return;
  }
  spdlog::info("mllp: connection {} idle for {} ms; closing", id_, config_.idle_timeout.count());
  close();
}

}  // namespace rx
