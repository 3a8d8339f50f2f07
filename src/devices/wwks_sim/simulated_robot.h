// SimulatedWwksRobot: the simulated pick robot as a WWKS 2.0 storage system on
// TCP, with the link-loss fault: a PickRobot behind a WwksStorageSystem behind
// a WwksServer, and a LinkLoss that cuts the server's connections. `rxpress
// robot-sim` runs one alone; serve and demo run one in process on a loopback
// port and drive it with the WWKS driver like any other WWKS robot.
// Every member must be called on the io_context's thread, which must also run
// the scheduler.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/scheduler.h"
#include "devices/sim/pick_robot.h"
#include "devices/wwks_sim/link_loss.h"
#include "devices/wwks_sim/robot_stock.h"
#include "devices/wwks_sim/storage_system.h"
#include "devices/wwks_sim/wwks_server.h"

namespace rx {

struct SimulatedWwksRobotConfig {
  PickRobotParams robot;
  StorageSystemConfig system;
  WwksServerConfig server;
  // Its speed is set from robot.speed, so that losses follow the robot's own time.
  LinkLossParams link_loss;
};

class SimulatedWwksRobot {
 public:
  // Builds the robot holding `stock`, listens, and starts the link losses.
  // Invalid for figures out of range (the field named); the server's error
  // when it cannot listen. The robot's pack serials carry on after the
  // highest of `serials` it printed before.
  static Result<std::unique_ptr<SimulatedWwksRobot>> start(boost::asio::io_context& io, Scheduler& scheduler,
                                                           RobotStock stock, SimulatedWwksRobotConfig config,
                                                           const std::vector<std::string>& serials = {});
  ~SimulatedWwksRobot();
  SimulatedWwksRobot(const SimulatedWwksRobot&) = delete;
  SimulatedWwksRobot& operator=(const SimulatedWwksRobot&) = delete;

  // The bound port.
  unsigned short port() const;
  const WwksStorageSystem& system() const { return *system_; }
  const PickRobot& robot() const { return *robot_; }
  // Packs loaded onto the robot's shelves by hand; rows at other places are
  // left out, and a row the robot cannot take is logged and left out.
  void load(const std::vector<StockRow>& rows);
  // Link losses injected so far.
  uint64_t link_losses() const { return link_loss_->injected(); }
  // Stops the losses, stops accepting and closes every connection.
  void stop();

 private:
  SimulatedWwksRobot() = default;

  std::unique_ptr<PickRobot> robot_;
  std::unique_ptr<WwksStorageSystem> system_;
  std::unique_ptr<WwksServer> server_;
  std::unique_ptr<LinkLoss> link_loss_;
};

}  // namespace rx
