// `rxpress robot-sim`: the pick robot simulator alone, as a WWKS 2.0 storage
// system on TCP, stocked with the shipped demo stock's robot rows.
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <spdlog/spdlog.h>
#include <toml++/toml.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <set>

#include "cli/commands.h"
#include "cli/shipped_data.h"
#include "devices/wwks_sim/simulated_robot.h"
#include "service/asio_scheduler.h"

namespace rx::cli {
namespace {

// The built-in scenarios of machine-model.md all use the reference robot;
// `faults` multiplies its fault rates, link losses included, by ten.
constexpr double kFaultsScenarioFactor = 10.0;

// The robot's figures and how often its link is lost.
struct RobotScenario {
  PickRobotParams robot;
  double link_loss_per_hour = LinkLossParams{}.per_hour;
};

Status read_number(const toml::table& table, const std::string& where, const char* key, double& out) {
  const toml::node* n = table.get(key);
  if (!n) return Status::ok_status();
  if (auto v = n->value<double>()) {
    out = *v;
    return Status::ok_status();
  }
  return Status::invalid(fmt::format("expected a number, found {}", fmt::streamed(n->type())), where + key);
}

Status read_int(const toml::table& table, const std::string& where, const char* key, int& out) {
  const toml::node* n = table.get(key);
  if (!n) return Status::ok_status();
  if (auto v = n->value<int64_t>()) {
    out = static_cast<int>(*v);
    return Status::ok_status();
  }
  return Status::invalid(fmt::format("expected an integer, found {}", fmt::streamed(n->type())), where + key);
}

Status only_known(const toml::table& table, const std::string& where, const std::set<std::string>& known) {
  for (const auto& [key, value] : table) {
    if (!known.count(std::string(key.str()))) {
      return Status::invalid(fmt::format("expected one of the robot's settings, found '{}'", key.str()),
                             where + std::string(key.str()));
    }
  }
  return Status::ok_status();
}

// The [robot] table of a scenario file (and its [robot.faults]) over the reference robot.
Result<RobotScenario> robot_from_file(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::invalid(fmt::format("{}:{}:{}: {}", path, e.source().begin.line, e.source().begin.column,
                                       e.description()),
                           "scenario");
  }
  RobotScenario scenario;
  PickRobotParams& p = scenario.robot;
  const toml::table* robot = root["robot"].as_table();
  if (!robot) return scenario;
  TRY(only_known(*robot, "robot.",
                 {"levels", "level_pitch_m", "aisle_cm", "horizontal_m_per_s", "vertical_m_per_s", "grip_s",
                  "release_s", "packs_per_trip", "trip_span_m", "chute_s", "faults"}));
  TRY(read_int(*robot, "robot.", "levels", p.levels));
  TRY(read_number(*robot, "robot.", "level_pitch_m", p.level_pitch_m));
  TRY(read_int(*robot, "robot.", "aisle_cm", p.aisle_cm));
  TRY(read_number(*robot, "robot.", "horizontal_m_per_s", p.horizontal_m_per_s));
  TRY(read_number(*robot, "robot.", "vertical_m_per_s", p.vertical_m_per_s));
  TRY(read_number(*robot, "robot.", "grip_s", p.grip_s));
  TRY(read_number(*robot, "robot.", "release_s", p.release_s));
  TRY(read_int(*robot, "robot.", "packs_per_trip", p.packs_per_trip));
  TRY(read_number(*robot, "robot.", "trip_span_m", p.trip_span_m));
  TRY(read_number(*robot, "robot.", "chute_s", p.chute_s));
  if (const toml::table* faults = (*robot)["faults"].as_table()) {
    TRY(only_known(*faults, "robot.faults.", {"grip_fail", "unreadable", "link_loss_per_hour"}));
    TRY(read_number(*faults, "robot.faults.", "grip_fail", p.faults.grip_fail));
    TRY(read_number(*faults, "robot.faults.", "unreadable", p.faults.unreadable));
    TRY(read_number(*faults, "robot.faults.", "link_loss_per_hour", scenario.link_loss_per_hour));
  }
  return scenario;
}

Result<RobotScenario> robot_scenario(const std::string& scenario) {
  if (scenario == "peak-hour" || scenario == "whole-day" || scenario == "surge") return RobotScenario{};
  if (scenario == "faults") {
    RobotScenario s;
    s.robot.faults.grip_fail *= kFaultsScenarioFactor;
    s.robot.faults.unreadable *= kFaultsScenarioFactor;
    s.link_loss_per_hour *= kFaultsScenarioFactor;
    return s;
  }
  if (!std::filesystem::exists(scenario)) {
    return Status::invalid(
        fmt::format("expected peak-hour, whole-day, surge, faults or a scenario file, found '{}'", scenario),
        "--scenario");
  }
  return robot_from_file(scenario);
}

}  // namespace

int run_robot_sim(const RobotSimOptions& options) {
  auto scenario = robot_scenario(options.scenario);
  if (!scenario.ok()) {
    fmt::print(stderr, "rxpress robot-sim: {}\n", scenario.status().to_string());
    return 2;
  }
  SimulatedWwksRobotConfig config;
  config.robot = scenario->robot;
  config.robot.speed = options.speed;
  config.robot.faults.seed = options.seed;
  config.server = WwksServerConfig{options.bind, options.port};
  config.link_loss.per_hour = scenario->link_loss_per_hour;
  // Its own stream, so that turning link losses on or off leaves the robot's other faults as they were.
  config.link_loss.seed = options.seed ^ 0x4c494e4b4c4f5353ULL;
  config.link_loss.speed = options.speed;
  for (const Status& s : {check_pick_robot_params(config.robot), check_link_loss(config.link_loss, "robot.faults")}) {
    if (!s.ok()) {
      fmt::print(stderr, "rxpress robot-sim: {}\n", s.to_string());
      return 2;
    }
  }

  boost::asio::io_context io;
  AsioScheduler scheduler(io);
  auto data = load_shipped_data(Zone::shanghai().local_date(scheduler.now()));
  if (!data.ok()) {
    fmt::print(stderr, "rxpress robot-sim: {}\n", data.status().to_string());
    return 1;
  }
  auto stock = RobotStock::from_rows(data->stock, data->formulary);
  if (!stock.ok()) {
    fmt::print(stderr, "rxpress robot-sim: {}\n", stock.status().to_string());
    return 1;
  }
  auto sim = SimulatedWwksRobot::start(io, scheduler, std::move(stock).value(), config);
  if (!sim.ok()) {
    fmt::print(stderr, "rxpress robot-sim: {}\n", sim.status().to_string());
    return 1;
  }
  SimulatedWwksRobot& robot = **sim;
  spdlog::info("robot-sim: listening on {}:{} ({} packs of {} lots, speed {}, {} link losses per hour)", options.bind,
               robot.port(), robot.system().stock().total_packs(), robot.system().stock().rows().size(), options.speed,
               config.link_loss.per_hour);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {} received; stopping", sig);
    robot.stop();
    io.stop();
  });
  io.run();
  return 0;
}

}  // namespace rx::cli
