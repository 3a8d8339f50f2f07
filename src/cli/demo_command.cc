#include <unistd.h>

#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/demo_actors.h"
#include "cli/runtime.h"

namespace rx::cli {
namespace {

// "09:12:03 | blocked 1 · accepted 0 · dispensing 4 · ready 2 · handed over 120 · rejected 0 | packs 310 | to HIS 0"
std::string summary_line(const nlohmann::json& s) {
  const auto& c = s["counts"];
  long long packs = 0;
  for (const auto& d : s["devices"]) packs += d["packs_out"].get<long long>();
  return fmt::format(
      "{} | blocked {} · accepted {} · dispensing {} · ready {} · handed over {} · rejected {} | packs {} | to HIS {}",
      s["now"].get<std::string>().substr(11, 8), c["blocked"].get<int>(), c["accepted"].get<int>(),
      c["dispensing"].get<int>(), c["ready"].get<int>(), c["handed_over"].get<int>(), c["rejected"].get<int>(), packs,
      s["his"]["pending"].get<int>());
}

}  // namespace

int run_demo(const DemoOptions& options) {
  AppConfig config;
  config.data_dir = options.data_dir;
  config.server.port = options.port;
  config.mllp.port = options.mllp_port;
  config.device_speed = options.speed;
  for (const char* role : {"his", "pharmacist", "technician", "admin"}) {
    config.server.tokens.push_back(ApiToken{random_token(), role, std::string("demo-") + role});
  }
  add_bootstrap_token(config.server);

  boost::asio::io_context io;
  // The synthetic HIS's receiving end listens first: rxpress sends its
  // dispense reports and rejections there.
  HisReceiver his_receiver(io, config.pharmacy.zone);
  if (Status listening = his_receiver.start(); !listening.ok()) {
    fmt::print(stderr, "rxpress demo: the synthetic HIS cannot listen: {}\n", listening.to_string());
    return 1;
  }
  config.his = MllpClientConfig{.host = "127.0.0.1", .port = his_receiver.port()};
  auto started = Runtime::start(io, config, options.fresh);
  if (!started.ok()) {
    fmt::print(stderr, "rxpress demo: {}\n", started.status().to_string());
    return 1;
  }
  Runtime& rt = **started;
  unsigned short port = rt.http_port();
  fmt::print("rxpress demo running with data in {}\n", rt.database_path().string());
  fmt::print("  dashboard       http://127.0.0.1:{}/\n", port);
  fmt::print("  calling screen  http://127.0.0.1:{}/screen\n", port);
  fmt::print("  HL7 v2 (MLLP)   {}:{}\n", config.mllp.bind, rt.mllp_port());
  fmt::print("  API tokens (sign in to the dashboard with one of them):\n");
  for (size_t i = 0; i < 4; ++i) {
    fmt::print("    {:<11} {}\n", config.server.tokens[i].role, config.server.tokens[i].token);
  }
  fmt::print("  speed x{}; Ctrl-C stops.\n", options.speed);
  std::fflush(stdout);

  DemoTiming timing;
  timing.speed = options.speed;
  SyntheticHis his(rt.scheduler(), io, port, rt.mllp_port(), config.server.tokens[0].token, rt.pharmacy(), timing,
                   options.seed);
  SimulatedPharmacist pharmacist(rt.scheduler(), io, port, config.server.tokens[1].token, rt.pharmacy(), timing,
                                 options.seed + 1);
  SimulatedTechnician technician(rt.scheduler(), rt.pharmacy(), rt.shipped_stock(), timing,
                                 [&rt](const std::vector<StockRow>& rows) { rt.robot_restocked(rows); });
  his.start();
  pharmacist.start();
  technician.start();

  // The live one-line summary: rewritten in place on a terminal, a line every
  // ten seconds in a log.
  bool tty = isatty(STDERR_FILENO) != 0;
  boost::asio::steady_timer ticker(io);
  int tick = 0;
  std::function<void()> show = [&] {
    ticker.expires_after(std::chrono::seconds(1));
    ticker.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      std::string line = summary_line(rt.pharmacy().summary());
      if (tty) {
        fmt::print(stderr, "\r\033[K{}", line);
      } else if (++tick % 10 == 0) {
        fmt::print(stderr, "{}\n", line);
      }
      std::fflush(stderr);
      show();
    });
  };
  show();
  run_until_signal(io, rt);
  if (tty) fmt::print(stderr, "\n");
  fmt::print(stderr,
             "rxpress demo stopped: {} prescriptions sent, {} handed over by the simulated pharmacist, "
             "{} dispense reports and {} rejections received by the synthetic HIS\n",
             his.sent(), pharmacist.handed_over(), his_receiver.dispenses(), his_receiver.rejections());
  return 0;
}

}  // namespace rx::cli
