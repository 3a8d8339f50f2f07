// The subcommands of `rxpress`; each returns the process exit code.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace rx::cli {

struct DemoOptions {
  unsigned short port = 8080;
  unsigned short mllp_port = 2575;
  std::filesystem::path data_dir = "rxpress-data";
  double speed = 1.0;
  bool fresh = false;
  uint64_t seed = 20261201;
};
int run_demo(const DemoOptions& options);

struct ServeOptions {
  std::optional<std::filesystem::path> config;
  std::optional<unsigned short> port;
  std::optional<unsigned short> mllp_port;
  std::optional<std::filesystem::path> data_dir;
};
int run_serve(const ServeOptions& options);

struct RobotSimOptions {
  unsigned short port = 6050;  // 0 picks a free port
  std::string bind = "127.0.0.1";
  std::string scenario = "peak-hour";  // a built-in name or a TOML file with a [robot] table
  uint64_t seed = 1;                   // seeds the robot's faults
  double speed = 1.0;
};
int run_robot_sim(const RobotSimOptions& options);

struct SimulateOptions {
  std::string scenario;                         // a built-in name or a TOML file
  std::string policy = "smart";
  std::optional<std::string> compare;           // a baseline policy run from the same seed
  uint64_t seed = 1;
  bool json = false;
  std::optional<std::filesystem::path> report;  // writes DIR/index.html
};
// Prints the run's metrics. Exit 2: the scenario, the policy or the data cannot be used.
int run_simulate(const SimulateOptions& options);

int run_review(const std::filesystem::path& file);

struct VerifyImageOptions {
  std::filesystem::path image;
  std::optional<std::string> prescription;  // id or prescription_no
  std::filesystem::path data_dir = "rxpress-data";
};
// Prints the tote photo check as JSON. Exit 0: passed, or no plan given; 1:
// the check failed; 2: the image, the data or the prescription cannot be read.
int run_verify_image(const VerifyImageOptions& options);

int run_hl7_parse(const std::filesystem::path& file);
int run_version();

}  // namespace rx::cli
