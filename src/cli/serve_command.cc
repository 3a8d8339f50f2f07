#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/runtime.h"

namespace rx::cli {

int run_serve(const ServeOptions& options) {
  AppConfig config;
  if (options.config) {
    auto loaded = load_app_config(*options.config);
    if (!loaded.ok()) {
      fmt::print(stderr, "rxpress serve: {}\n", loaded.status().to_string());
      return 2;
    }
    config = std::move(loaded).value();
  }
  if (options.port) config.server.port = *options.port;
  if (options.mllp_port) config.mllp.port = *options.mllp_port;
  if (options.data_dir) config.data_dir = *options.data_dir;
  add_bootstrap_token(config.server);
  if (config.server.tokens.empty()) {
    spdlog::warn("no API tokens are configured: every /api call will be refused (add [[tokens]] or set "
                 "RXPRESS_BOOTSTRAP_TOKEN)");
  }
  boost::asio::io_context io;
  auto runtime = Runtime::start(io, config, false);
  if (!runtime.ok()) {
    fmt::print(stderr, "rxpress serve: {}\n", runtime.status().to_string());
    return 1;
  }
  spdlog::info("rxpress serving on http://{}:{}/ and HL7 v2 (MLLP) on {}:{} with data in {}", config.server.bind,
               (*runtime)->http_port(), config.mllp.bind, (*runtime)->mllp_port(), config.data_dir.string());
  run_until_signal(io, **runtime);
  return 0;
}

}  // namespace rx::cli
