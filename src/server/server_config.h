// ServerConfig: what the HTTP server listens on, serves and accepts.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/time.h"

namespace rx {

// A bearer token and who holds it. `role` is his, pharmacist, technician or
// admin; `name` appears in the audit trail as "<role>:<name>".
struct ApiToken {
  std::string token;
  std::string role;
  std::string name;
};

struct ServerConfig {
  std::string bind = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port
  std::filesystem::path web_root;
  std::vector<ApiToken> tokens;
  // Addresses allowed to read /api/v1/screen/events; empty allows every address.
  std::vector<std::string> screen_allow;
  size_t max_body = 1024 * 1024;
  size_t max_header = 16 * 1024;
  Duration idle_timeout = std::chrono::seconds(60);
};

}  // namespace rx
