#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/option_checks.h"

namespace rx::cli {

int run(int argc, char** argv) {
  // Logs go to stderr; stdout is kept for what a command prints as its result.
  spdlog::set_default_logger(spdlog::stderr_color_mt("rxpress"));
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");

  CLI::App app{"rxpress - automated outpatient pharmacy control"};
  app.require_subcommand(1);

  DemoOptions demo;
  auto* demo_cmd = app.add_subcommand("demo", "Run the whole pharmacy with a synthetic HIS and simulated devices");
  demo_cmd->add_option("--port", demo.port, "HTTP port")->capture_default_str()->check(port_number());
  demo_cmd->add_option("--mllp-port", demo.mllp_port, "HL7 v2 (MLLP) port; 0 picks a free one")
      ->capture_default_str()
      ->check(port_number());
  demo_cmd->add_option("--data", demo.data_dir, "Data directory")->capture_default_str();
  demo_cmd->add_option("--speed", demo.speed, "Run simulated durations this many times faster")
      ->capture_default_str()
      ->check(positive_number());
  demo_cmd->add_flag("--fresh", demo.fresh, "Start with an empty database");
  demo_cmd->add_option("--seed", demo.seed, "Seed of the synthetic HIS")->capture_default_str()->check(whole_number());

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Run in production mode");
  serve_cmd->add_option("--config", serve.config, "TOML configuration file")->check(CLI::ExistingFile);
  serve_cmd->add_option("--port", serve.port, "HTTP port (overrides the configuration)")->check(port_number());
  serve_cmd->add_option("--mllp-port", serve.mllp_port, "HL7 v2 (MLLP) port (overrides the configuration)")
      ->check(port_number());
  serve_cmd->add_option("--data", serve.data_dir, "Data directory (overrides the configuration)");

  RobotSimOptions robot_sim;
  auto* robot_sim_cmd =
      app.add_subcommand("robot-sim", "Run the pick-robot simulator alone as a WWKS 2.0 storage system on TCP");
  robot_sim_cmd->add_option("--port", robot_sim.port, "WWKS port; 0 picks a free one")
      ->capture_default_str()
      ->check(port_number());
  robot_sim_cmd->add_option("--bind", robot_sim.bind, "Address to listen on")->capture_default_str();
  robot_sim_cmd->add_option("--scenario", robot_sim.scenario, "peak-hour, whole-day, surge, faults or a TOML file")
      ->capture_default_str();
  robot_sim_cmd->add_option("--seed", robot_sim.seed, "Seed of the robot's faults")
      ->capture_default_str()
      ->check(whole_number());
  robot_sim_cmd->add_option("--speed", robot_sim.speed, "Run simulated durations this many times faster")
      ->capture_default_str()
      ->check(positive_number());

  SimulateOptions simulate;
  auto* simulate_cmd = app.add_subcommand("simulate", "Run a scenario in virtual time and print its metrics");
  simulate_cmd->add_option("--scenario", simulate.scenario, "peak-hour, whole-day, surge, faults or a TOML file")
      ->required();
  simulate_cmd->add_option("--policy", simulate.policy, "smart or fifo")->capture_default_str();
  simulate_cmd->add_option("--compare", simulate.compare, "A baseline policy to run from the same seed (fifo)");
  simulate_cmd->add_option("--seed", simulate.seed, "Seed of the workload and the faults")
      ->capture_default_str()
      ->check(whole_number());
  simulate_cmd->add_flag("--json", simulate.json, "Print one JSON object");
  simulate_cmd->add_option("--report", simulate.report, "Write an HTML report to this directory");

  std::string review_file;
  auto* review_cmd = app.add_subcommand("review", "Review one prescription file and print its findings as JSON");
  review_cmd->add_option("FILE", review_file, "Canonical prescription JSON")->required();

  VerifyImageOptions verify_image;
  auto* verify_image_cmd = app.add_subcommand(
      "verify-image", "Decode every code in a PNG photo of a tote and check it against a prescription's plan");
  verify_image_cmd->add_option("IMAGE", verify_image.image, "PNG photo of the tote")->required();
  verify_image_cmd->add_option("--prescription", verify_image.prescription,
                               "Prescription id or number whose plan the photo is checked against");
  verify_image_cmd->add_option("--data", verify_image.data_dir, "Data directory of rxpress demo or serve")
      ->capture_default_str();
  verify_image_cmd->footer(
      "Prints {\"prescription_id\",\"passed\",\"counts\",\"codes\":[...],\"missing\":[...],\"lasa\":[...],\"high_alert\":[...]}.\n"
      "Exit 0: passed (or no --prescription); 1: a pack is missing, extra, expired or unreadable; 2: an error.");

  std::string hl7_file;
  auto* hl7_cmd = app.add_subcommand("hl7", "HL7 v2 tools");
  hl7_cmd->require_subcommand(1);
  auto* hl7_parse_cmd = hl7_cmd->add_subcommand("parse", "Print an HL7 v2 message (or batch file) as JSON");
  hl7_parse_cmd->add_option("FILE", hl7_file, "HL7 v2 message file")->required();
  hl7_parse_cmd->footer(
      "Prints {\"encoding\":{...},\"segments\":[{\"name\":\"PID\",\"fields\":[...]},...]}, one segment a line;\n"
      "fields[n-1][r-1][c-1][s-1] is SEG-n(r).c.s, escapes decoded. A batch file (FHS/BHS) prints\n"
      "{\"envelope\":[...],\"messages\":[...]}. Exit 2 on a malformed message, with the segment and reason.");

  auto* version_cmd = app.add_subcommand("version", "Print the version and build information");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version answer 0; any misuse is the usage error, 2.
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*demo_cmd) return run_demo(demo);
  if (*serve_cmd) return run_serve(serve);
  if (*robot_sim_cmd) return run_robot_sim(robot_sim);
  if (*simulate_cmd) return run_simulate(simulate);
  if (*review_cmd) return run_review(review_file);
  if (*verify_image_cmd) return run_verify_image(verify_image);
  if (*hl7_parse_cmd) return run_hl7_parse(hl7_file);
  if (*version_cmd) return run_version();
  return 2;
}

}  // namespace rx::cli
