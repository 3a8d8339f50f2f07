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

int run_review(const std::filesystem::path& file);
int run_hl7_parse(const std::filesystem::path& file);
int run_version();

}  // namespace rx::cli
