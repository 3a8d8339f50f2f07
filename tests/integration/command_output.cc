#include "integration/command_output.h"

#include <sys/wait.h>

#include <cstdio>

namespace rx::testing {

CommandOutput run_command(const std::string& command) {
  CommandOutput output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) output.out.append(buf, n);
  int status = pclose(pipe);
  output.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return output;
}

}  // namespace rx::testing
