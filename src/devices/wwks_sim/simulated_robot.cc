#include "devices/wwks_sim/simulated_robot.h"

#include <spdlog/spdlog.h>

namespace rx {

Result<std::unique_ptr<SimulatedWwksRobot>> SimulatedWwksRobot::start(boost::asio::io_context& io,
                                                                      Scheduler& scheduler, RobotStock stock,
                                                                      SimulatedWwksRobotConfig config,
                                                                      const std::vector<std::string>& serials) {
  config.link_loss.speed = config.robot.speed;
  TRY(check_link_loss(config.link_loss, "robot.faults"));
  std::unique_ptr<SimulatedWwksRobot> sim(new SimulatedWwksRobot());
  sim->robot_ = TRY(PickRobot::create(scheduler, config.robot));
  sim->robot_->continue_serials(serials);
  sim->system_ = std::make_unique<WwksStorageSystem>(scheduler, *sim->robot_, std::move(stock), config.system);
  sim->server_ = std::make_unique<WwksServer>(io, *sim->system_, config.server);
  TRY(sim->server_->start());
  WwksServer* server = sim->server_.get();
  sim->link_loss_ = std::make_unique<LinkLoss>(scheduler, config.link_loss, [server] { server->drop_connections(); });
  sim->link_loss_->start();
  return sim;
}

SimulatedWwksRobot::~SimulatedWwksRobot() { stop(); }

unsigned short SimulatedWwksRobot::port() const { return server_->port(); }

void SimulatedWwksRobot::load(const std::vector<StockRow>& rows) {
  for (const StockRow& row : rows) {
    if (location_device(row.location) != 'R') continue;
    if (Status s = system_->load(row); !s.ok()) {
      spdlog::warn("robot-sim: {} packs of {} lot {} not loaded at {}: {}", row.quantity, row.lot.drug.value(),
                   row.lot.lot.value(), row.location.value(), s.to_string());
    }
  }
}

void SimulatedWwksRobot::stop() {
  if (link_loss_) link_loss_->stop();
  if (server_) server_->stop();
}

}  // namespace rx
