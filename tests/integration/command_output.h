// Runs a shell command and keeps what it wrote to stdout and how it exited,
// for the tests of rxpress's one-shot subcommands.
#pragma once

#include <string>

namespace rx::testing {

struct CommandOutput {
  int exit_code = -1;  // -1 when it could not be run or did not exit
  std::string out;     // stdout
};

CommandOutput run_command(const std::string& command);

}  // namespace rx::testing
