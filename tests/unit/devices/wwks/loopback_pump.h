// LoopbackPump: runs an io_context (loopback sockets) and a VirtualScheduler
// (the simulated robot) together on the test's thread. Network events go
// first; virtual time moves on only when no network event has come for
// `settle`, so a request on its way is read before the robot's clock jumps.
// Every wait is for an event, bounded by `patience`.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>

#include "core/virtual_scheduler.h"

namespace rx::test {

class LoopbackPump {
 public:
  LoopbackPump(boost::asio::io_context& io, VirtualScheduler& clock) : io_(io), clock_(clock) {}

  // Runs network events only until `done`; false if none came for `patience` first.
  bool io_until(const std::function<bool()>& done,
                std::chrono::milliseconds patience = std::chrono::seconds(10)) {
    while (!done()) {
      io_.restart();
      if (io_.run_one_for(patience) == 0) return done();
    }
    return true;
  }

  // Runs network events and virtual time until `done`; false if neither can go on.
  bool until(const std::function<bool()>& done, std::chrono::milliseconds settle = std::chrono::milliseconds(10),
             std::chrono::milliseconds patience = std::chrono::seconds(10)) {
    while (!done()) {
      io_.restart();
      if (io_.poll_one() > 0) continue;
      if (io_.run_one_for(settle) > 0) continue;
      if (clock_.step()) continue;
      io_.restart();
      if (io_.run_one_for(patience) == 0) return done();
    }
    return true;
  }

 private:
  boost::asio::io_context& io_;
  VirtualScheduler& clock_;
};

}  // namespace rx::test
