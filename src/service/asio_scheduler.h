// AsioScheduler: the real-time Scheduler, running tasks on an io_context.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "core/scheduler.h"

namespace rx {

class AsioScheduler : public Scheduler {
 public:
  explicit AsioScheduler(boost::asio::io_context& io) : io_(io) {}

  Instant now() const override {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  }
  void schedule_at(Instant at, Task task) override {
    auto timer = std::make_shared<boost::asio::steady_timer>(io_);
    auto delay = at - now();
    timer->expires_after(delay.count() > 0 ? delay : Duration{0});
    timer->async_wait([timer, task = std::move(task)](const boost::system::error_code& ec) {
      if (!ec) task();
    });
  }
  void post(Task task) override { boost::asio::post(io_, std::move(task)); }
  boost::asio::io_context& io() { return io_; }

 private:
  boost::asio::io_context& io_;
};

}  // namespace rx
