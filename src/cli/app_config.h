// AppConfig: everything `rxpress serve` reads from its TOML file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"
#include "server/mllp_client.h"
#include "server/mllp_config.h"
#include "server/server_config.h"
#include "service/pharmacy_config.h"

namespace rx::cli {

struct AppConfig {
  // `serve` and `demo` close the day at 22:00 unless pharmacy.closing_time says otherwise.
  AppConfig() { pharmacy.closing_time = std::chrono::hours(22); }

  PharmacyConfig pharmacy;
  ServerConfig server;
  MllpConfig mllp;
  std::filesystem::path data_dir = "rxpress-data";
  double device_speed = 1.0;
  // The simulated devices fail at machine-model.md's reference rates, from this
  // seed; off, they never fail.
  bool device_faults = true;
  uint64_t fault_seed = 1;
  // How serve and demo reach the pick robot ([devices] robot): over WWKS 2.0
  // (the simulated robot in process on a loopback port, or the external robot
  // of robot_address), or the simulated robot attached directly.
  enum class RobotLink { kWwks, kDirect };
  RobotLink robot_link = RobotLink::kWwks;
  struct Endpoint {
    std::string host;
    unsigned short port = 0;
  };
  // [devices] robot_address "host:port": an external WWKS 2.0 robot.
  std::optional<Endpoint> robot_address;
  // The in-process simulated robot's link losses per hour of robot time, while faults are on.
  double link_loss_per_hour = 0.25;
  // Where the outbox sends RDS^O13 and rejections ([his]); absent, they wait.
  std::optional<MllpClientConfig> his;
  // A text file of "sensor,celsius" lines ([cold_chain] sensor_file), read
  // every thermometer_poll; absent, temperatures come only through the API.
  std::optional<std::filesystem::path> thermometer_file;
  Duration thermometer_poll{30'000};
};

// Reads a TOML file (see docs/configuration.md). Unknown keys are refused, so
// that a misspelt setting is noticed rather than silently ignored.
Result<AppConfig> load_app_config(const std::filesystem::path& path);
// Adds the admin token of $RXPRESS_BOOTSTRAP_TOKEN, if set.
void add_bootstrap_token(ServerConfig& server);

}  // namespace rx::cli
