// SseStream: one Server-Sent Events connection, with a bounded send queue.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/time.h"

namespace rx {

// "event: <type>\ndata: <json on one line>\n\n"
std::string format_sse_event(std::string_view type, const nlohmann::json& data);
// The response header that opens an event stream; the body runs until close.
std::string sse_response_header();

class SseStream : public std::enable_shared_from_this<SseStream> {
 public:
  struct Limits {
    size_t max_queued_messages = 1000;
    size_t max_queued_bytes = 4 * 1024 * 1024;
    Duration keep_alive = std::chrono::seconds(15);
    Duration write_timeout = std::chrono::seconds(30);
  };

  // Takes over `stream`: writes the response header, then a comment line
  // every keep_alive, until either side closes.
  static std::shared_ptr<SseStream> start(boost::beast::tcp_stream stream, Limits limits);
  SseStream(boost::beast::tcp_stream stream, Limits limits);

  // Queues one event. A client whose unsent queue would pass the limits is
  // disconnected (soon after, never inside this call) instead of buffered.
  void send(std::string_view type, const nlohmann::json& data);
  // Runs `fn` once, when the stream closes for any reason.
  void on_close(std::function<void()> fn);
  // Disconnects now and runs the close callback. Idempotent.
  void close();
  bool closed() const { return closed_; }
  size_t queued_messages() const { return queue_.size(); }

 private:
  void begin();
  void enqueue(std::string message);
  void write_next();
  void watch_for_close();
  void arm_keep_alive();

  boost::beast::tcp_stream stream_;
  Limits limits_;
  boost::asio::steady_timer keep_alive_timer_;
  std::deque<std::string> queue_;  // the front is being written
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;  // over the limits; the close is posted
  bool closed_ = false;
  std::function<void()> on_close_;
  char read_byte_ = 0;
};

}  // namespace rx
