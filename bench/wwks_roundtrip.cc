// WWKS 2.0 round trip over loopback: a client sends an OutputRequest and waits
// for its OutputResponse from the robot simulator's server, one at a time.
// Prints the latency percentiles. The robot's clock is virtual and never
// advanced, so what is timed is the network, the codec and the queueing of the
// output, not the picking.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "core/virtual_scheduler.h"
#include "devices/sim/pick_robot.h"
#include "devices/wwks_sim/wwks_server.h"

namespace {

using namespace rx;
using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const int requests = argc > 1 ? std::atoi(argv[1]) : 20000;
  const int warmup = 1000;
  spdlog::set_level(spdlog::level::warn);

  Drug drug;
  drug.code = DrugCode("D0001");
  drug.gtin = "06901234567892";
  Formulary formulary({drug});
  std::vector<StockRow> rows;
  for (int level = 1; level <= 8; ++level) {
    rows.push_back(StockRow{Lot{drug.code, LotNo(fmt::format("LOT{}", level)), std::chrono::year{2030} / 1 / 1},
                            LocationCode(fmt::format("R-{}-0100", level)), 1000000});
  }

  VirtualScheduler robot_clock(Instant{});
  PickRobotParams params;
  params.faults = FaultRates::none();
  auto robot = std::move(PickRobot::create(robot_clock, params)).value();
  WwksStorageSystem system(robot_clock, *robot, std::move(RobotStock::from_rows(rows, formulary)).value());
  boost::asio::io_context io;
  WwksServer server(io, system, WwksServerConfig{"127.0.0.1", 0});
  if (Status s = server.start(); !s.ok()) {
    fmt::print(stderr, "wwks_roundtrip: {}\n", s.message());
    return 1;
  }
  auto guard = boost::asio::make_work_guard(io);
  std::thread server_thread([&] { io.run(); });

  boost::asio::io_context client_io;
  boost::asio::ip::tcp::socket socket(client_io);
  socket.connect({boost::asio::ip::address_v4::loopback(), server.port()});
  socket.set_option(boost::asio::ip::tcp::no_delay(true));
  boost::asio::streambuf inbox;
  auto exchange = [&](const std::string& request) {
    boost::asio::write(socket, boost::asio::buffer(request));
    size_t n = boost::asio::read_until(socket, inbox, "</WWKS>");
    inbox.consume(n);
  };
  exchange(
      "<WWKS Version=\"2.0\" TimeStamp=\"2026-12-01T01:00:00Z\"><HelloRequest Id=\"0\"><Subscriber Id=\"100\" "
      "Type=\"IMS\" Manufacturer=\"bench\" ProductInfo=\"bench\" VersionInfo=\"1\"/></HelloRequest></WWKS>");

  std::vector<double> micros;
  micros.reserve(static_cast<size_t>(requests));
  for (int i = 0; i < warmup + requests; ++i) {
    std::string request = fmt::format(
        "<WWKS Version=\"2.0\" TimeStamp=\"2026-12-01T01:00:00Z\">\n"
        "  <OutputRequest Id=\"{}\" Source=\"100\" Destination=\"999\">\n"
        "    <Details Priority=\"Normal\" OutputDestination=\"3\"/>\n"
        "    <Criteria ArticleId=\"D0001\" Quantity=\"2\"/>\n"
        "  </OutputRequest>\n"
        "</WWKS>",
        i + 1);
    auto start = Clock::now();
    exchange(request);
    if (i >= warmup) micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }

  fmt::print("wwks_roundtrip: {} OutputRequest -> OutputResponse round trips over loopback\n", requests);
  fmt::print("p50_us {:.1f}\np99_us {:.1f}\nmax_us {:.1f}\n", percentile(micros, 0.50), percentile(micros, 0.99),
             percentile(micros, 1.0));
  socket.close();
  guard.reset();
  io.stop();
  server_thread.join();
  return 0;
}
