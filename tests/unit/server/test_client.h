// Test helpers for the server's socket tests: an io_context running on a
// background thread, and a blocking HTTP client whose every wait is bounded.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace rx::testing {

inline constexpr auto kWait = std::chrono::seconds(10);

// Runs an io_context on its own thread until destroyed.
class LoopThread {
 public:
  LoopThread() : guard_(io_.get_executor()), thread_([this] { io_.run(); }) {}
  ~LoopThread() { stop(); }
  // Stops the loop and joins its thread; handlers still queued never run.
  void stop() {
    if (!thread_.joinable()) return;
    guard_.reset();
    io_.stop();
    thread_.join();
  }
  boost::asio::io_context& io() { return io_; }

  // Runs `fn` on the loop and waits (bounded) for its result.
  template <class F>
  auto call(F fn) -> decltype(fn()) {
    using T = decltype(fn());
    std::promise<T> promise;
    auto future = promise.get_future();
    boost::asio::post(io_, [&] {
      if constexpr (std::is_void_v<T>) {
        fn();
        promise.set_value();
      } else {
        promise.set_value(fn());
      }
    });
    if (future.wait_for(kWait) != std::future_status::ready) throw std::runtime_error("the loop did not answer");
    return future.get();
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

// Polls `condition` on the loop until it holds or kWait passes.
inline bool wait_until(LoopThread& loop, const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (std::chrono::steady_clock::now() < deadline) {
    if (loop.call(condition)) return true;
    std::this_thread::yield();
  }
  return false;
}

using Response = boost::beast::http::response<boost::beast::http::string_body>;
using Request = boost::beast::http::request<boost::beast::http::string_body>;

// One client connection; every operation gives up after kWait.
class TestClient {
 public:
  explicit TestClient(unsigned short port) : stream_(io_) {
    stream_.expires_after(kWait);
    boost::system::error_code ec;
    stream_.socket().connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    connected_ = !ec;
  }
  bool connected() const { return connected_; }

  bool send_raw(const std::string& bytes) {
    bool ok = false;
    stream_.expires_after(kWait);
    boost::asio::async_write(stream_, boost::asio::buffer(bytes),
                             [&](const boost::system::error_code& ec, size_t) { ok = !ec; });
    run();
    return ok;
  }

  bool send(Request req) {
    req.prepare_payload();
    bool ok = false;
    stream_.expires_after(kWait);
    boost::beast::http::async_write(stream_, req, [&](const boost::system::error_code& ec, size_t) { ok = !ec; });
    run();
    return ok;
  }

  // The next response, or none if the connection ended or timed out.
  std::optional<Response> read() {
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    boost::system::error_code result;
    stream_.expires_after(kWait);
    boost::beast::http::async_read(stream_, buffer_, parser,
                                   [&](const boost::system::error_code& ec, size_t) { result = ec; });
    run();
    if (result) return std::nullopt;
    return parser.release();
  }

  std::optional<Response> request(boost::beast::http::verb method, const std::string& target,
                                  const std::string& body = "",
                                  const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    Request req{method, target, 11};
    req.set(boost::beast::http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty() && req.find(boost::beast::http::field::content_type) == req.end()) {
      req.set(boost::beast::http::field::content_type, "application/json");
    }
    req.body() = body;
    if (!send(std::move(req))) return std::nullopt;
    return read();
  }

  // Reads raw bytes until `text` has arrived; false on close or timeout.
  bool read_until(const std::string& text) {
    while (received_.find(text) == std::string::npos) {
      char chunk[4096];
      size_t got = 0;
      boost::system::error_code result;
      stream_.expires_after(kWait);
      stream_.async_read_some(boost::asio::buffer(chunk), [&](const boost::system::error_code& ec, size_t n) {
        result = ec;
        got = n;
      });
      run();
      if (result) return false;
      received_.append(chunk, got);
    }
    return true;
  }
  const std::string& received() const { return received_; }

  // True if the server closes the connection (reads reach end of stream).
  bool closed_by_server() {
    while (true) {
      char chunk[4096];
      boost::system::error_code result;
      stream_.expires_after(kWait);
      stream_.async_read_some(boost::asio::buffer(chunk),
                              [&](const boost::system::error_code& ec, size_t) { result = ec; });
      run();
      if (result == boost::beast::error::timeout) return false;
      if (result) return true;
    }
  }

  void close() { stream_.close(); }

 private:
  void run() {
    io_.restart();
    io_.run();
  }

  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::string received_;
  bool connected_ = false;
};

}  // namespace rx::testing
