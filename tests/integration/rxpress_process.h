// RxpressProcess: the real rxpress binary running as a child process, for
// tests that talk to it over loopback HTTP.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rx::test {

struct LaunchOptions {
  std::vector<std::string> args;              // after the program name, e.g. {"serve", "--config", "…"}
  std::map<std::string, std::string> env;     // set in the child on top of this process's environment
  std::filesystem::path stderr_path;          // the child's stderr (its log) goes here, truncated
  std::chrono::milliseconds ready_timeout = std::chrono::seconds(30);
};

class RxpressProcess {
 public:
  // Starts RXPRESS_BINARY and waits until it has logged its HTTP port and
  // GET /healthz answers 200. Null, with `error` saying why (and the log's
  // tail), if the child exits or is not ready within options.ready_timeout.
  static std::unique_ptr<RxpressProcess> start(const LaunchOptions& options, std::string& error);
  // Stops the child if it still runs.
  ~RxpressProcess();
  RxpressProcess(const RxpressProcess&) = delete;
  RxpressProcess& operator=(const RxpressProcess&) = delete;

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  // SIGTERM, then SIGKILL if the child has not exited within `grace`. Returns
  // its exit code, or 128 + the signal that ended it.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
  // Everything the child has written to stderr so far.
  std::string log() const;

 private:
  RxpressProcess(pid_t pid, std::filesystem::path stderr_path) : pid_(pid), stderr_path_(std::move(stderr_path)) {}

  pid_t pid_;
  std::filesystem::path stderr_path_;
  unsigned short port_ = 0;
  bool running_ = true;
  int exit_code_ = -1;
};

}  // namespace rx::test
