// Runtime: one running pharmacy - database, service, simulated devices and
// the HTTP server - wired together on one io_context. Used by serve and demo.
#pragma once

#include <filesystem>
#include <memory>

#include <boost/asio/io_context.hpp>

#include "cli/app_config.h"
#include "cli/shipped_data.h"
#include "devices/sensors/file_thermometer.h"
#include "devices/sim/channel_machine.h"
#include "devices/sim/pick_robot.h"
#include "devices/sim/smart_shelf.h"
#include "devices/wwks/wwks_robot.h"
#include "devices/wwks_sim/simulated_robot.h"
#include "server/http_server.h"
#include "server/mllp_client.h"
#include "server/mllp_server.h"
#include "service/asio_scheduler.h"
#include "service/hl7_intake.h"
#include "service/pharmacy.h"
#include "storage/sqlite/sqlite_store.h"

namespace rx::cli {

class Runtime {
 public:
  // Opens (or with `fresh`, recreates) the database under config.data_dir,
  // loads the shipped data, starts the devices, the HTTP server and the
  // MLLP listener.
  static Result<std::unique_ptr<Runtime>> start(boost::asio::io_context& io, AppConfig config, bool fresh);
  ~Runtime();

  Pharmacy& pharmacy() { return *pharmacy_; }
  AsioScheduler& scheduler() { return scheduler_; }
  unsigned short http_port() const { return http_->port(); }
  // The port HL7 v2 messages come in on (MLLP).
  unsigned short mllp_port() const { return mllp_->port(); }
  const AppConfig& config() const { return config_; }
  // The shipped stock, expiries rebased onto today: the shelves when full.
  const std::vector<StockRow>& shipped_stock() const { return data_.stock; }
  std::filesystem::path database_path() const;
  // The in-process simulated WWKS robot, when serve or demo runs one ([devices] robot), else null.
  const SimulatedWwksRobot* robot_simulator() const { return robot_sim_.get(); }
  // Packs put on the robot's shelves by hand and already restocked in the
  // service: the in-process simulated robot holds them too, so that its stock
  // stays rxpress's. Rows at other locations are left out.
  void robot_restocked(const std::vector<StockRow>& rows);
  void stop();

 private:
  Runtime(boost::asio::io_context& io, AppConfig config) : scheduler_(io), config_(std::move(config)) {}
  // Reads the thermometer file and records its readings ([cold_chain] sensor_file).
  void attach_thermometer(const std::filesystem::path& file);
  // Attaches the robot over WWKS 2.0: the external robot of [devices]
  // robot_address, else the simulated one started in process on a loopback
  // port, holding the robot stock on record.
  Status attach_wwks_robot(boost::asio::io_context& io, const PickRobotParams& params,
                           const std::vector<std::string>& serials);

  AsioScheduler scheduler_;
  AppConfig config_;
  ShippedData data_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Pharmacy> pharmacy_;
  std::unique_ptr<ChannelMachine> channel_;
  std::unique_ptr<PickRobot> robot_;  // with [devices] robot = "direct"
  std::unique_ptr<SimulatedWwksRobot> robot_sim_;
  // Declared after the simulator, so its link closes first.
  std::unique_ptr<WwksRobot> wwks_robot_;
  std::unique_ptr<SmartShelf> shelf_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<Hl7Intake> hl7_intake_;
  std::unique_ptr<MllpServer> mllp_;
  // Declared after the pharmacy, so destroyed before it: no reply reaches a gone pharmacy.
  std::unique_ptr<MllpClient> his_;
  // Hands its readings to the pharmacy, so it goes first.
  std::unique_ptr<FileThermometer> thermometer_;
};

}  // namespace rx::cli

namespace rx::cli {

// Runs the loop until SIGINT or SIGTERM, then stops the runtime cleanly.
void run_until_signal(boost::asio::io_context& io, Runtime& runtime);
// Random hex, for tokens.
std::string random_token(size_t bytes = 16);

}  // namespace rx::cli
