// LoopbackRobot: the simulated storage system (robot, its WWKS stock, its
// server) holding wwks_fixture's stock and serving WWKS on a free loopback
// port; and the driver settings the tests share: quick keep-alives and
// reconnects, so that link events happen within a test's patience.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>

#include "core/virtual_scheduler.h"
#include "devices/sim/pick_robot.h"
#include "devices/wwks/wwks_robot.h"
#include "devices/wwks_sim/wwks_server.h"
#include "unit/devices/wwks/wwks_fixture.h"

namespace rx::test {

struct LoopbackRobot {
  LoopbackRobot(boost::asio::io_context& io, VirtualScheduler& clock, const FaultRates& faults = FaultRates::none()) {
    PickRobotParams params;
    params.faults = faults;
    robot = std::move(PickRobot::create(clock, params)).value();
    system = std::make_unique<WwksStorageSystem>(
        clock, *robot, std::move(RobotStock::from_rows(wwks_stock(), wwks_formulary())).value());
    server = std::make_unique<WwksServer>(io, *system, WwksServerConfig{"127.0.0.1", 0});
    Status started = server->start();
    EXPECT_TRUE(started.ok()) << started.message();
  }

  unsigned short port() const { return server->port(); }

  // Declared in the order they are built; the server goes first on the way out.
  std::unique_ptr<PickRobot> robot;
  std::unique_ptr<WwksStorageSystem> system;
  std::unique_ptr<WwksServer> server;
};

// A driver for the robot at `port` on loopback, quick to notice and to mend a lost link.
inline WwksRobotConfig quick_driver_config(unsigned short port) {
  using namespace std::chrono_literals;
  WwksRobotConfig config;
  config.port = port;
  config.keep_alive_interval = 50ms;
  config.reply_timeout = 2s;
  config.reconnect_initial = 1ms;
  config.reconnect_max = 20ms;
  return config;
}

}  // namespace rx::test
