// `rxpress robot-sim` (contracts.md): the pick robot alone as a WWKS 2.0
// storage system. The binary runs as a child; the test learns its port from
// the "robot-sim: listening on" line and talks plain text over a socket.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "integration/wwks_text_client.h"
#include "support/temp_dir.h"

namespace {

using namespace std::chrono_literals;

constexpr auto kTimeout = 20s;

class RobotSim {
 public:
  // Starts `rxpress robot-sim --port 0` with `args`; its stderr comes back through a pipe.
  explicit RobotSim(const std::vector<std::string>& args) {
    int fds[2];
    if (pipe(fds) != 0) return;
    std::vector<std::string> argv_strings{RXPRESS_BINARY, "robot-sim", "--port", "0"};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      dup2(fds[1], STDERR_FILENO);
      close(fds[0]);
      close(fds[1]);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    log_fd_ = fds[0];
  }
  ~RobotSim() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    if (log_fd_ >= 0) close(log_fd_);
  }

  // The port of the "robot-sim: listening on host:port" line, or 0 if it does not come.
  unsigned short port() {
    const std::string marker = "robot-sim: listening on 127.0.0.1:";
    auto deadline = std::chrono::steady_clock::now() + kTimeout;
    while (log_.find(marker) == std::string::npos || log_.find('\n', log_.find(marker)) == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !rx::test::read_some(log_fd_, log_, left)) return 0;
    }
    return static_cast<unsigned short>(std::stoi(log_.substr(log_.find(marker) + marker.size())));
  }
  const std::string& log() const { return log_; }

 private:
  pid_t pid_ = -1;
  int log_fd_ = -1;
  std::string log_;
};

using Client = rx::test::WwksTextClient;

// Manual 6.1.1 and 6.8.1, with an article of the shipped demo stock's robot rows.
const std::string kHello =
    "<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\">\n"
    "  <HelloRequest Id=\"1001\">\n"
    "    <Subscriber Id=\"100\" Type=\"IMS\" Manufacturer=\"IT-SysProvider\"\n"
    "                ProductInfo=\"PharmaProg 2013\" VersionInfo=\"1.4.0\"/>\n"
    "  </HelloRequest>\n"
    "</WWKS>";
const std::string kOutput =
    "<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\">\n"
    "  <OutputRequest Id=\"1004\" Source=\"100\" Destination=\"999\">\n"
    "    <Details Priority=\"Normal\" OutputDestination=\"3\"/>\n"
    "    <Criteria ArticleId=\"D0002\" Quantity=\"2\"/>\n"
    "  </OutputRequest>\n"
    "</WWKS>";

TEST(RobotSimCommandTest, ServesWwksOnThePortItLogs) {
  RobotSim sim({"--speed", "100", "--seed", "7"});
  unsigned short port = sim.port();
  ASSERT_NE(port, 0) << sim.log();
  Client client(port);
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send(kHello));
  std::string hello = client.document("HelloResponse");
  EXPECT_NE(hello.find("Type=\"Robot\""), std::string::npos) << hello;
  ASSERT_TRUE(client.send(kOutput));
  std::string queued = client.document("OutputResponse");
  EXPECT_NE(queued.find("Status=\"Queued\""), std::string::npos) << queued;
  std::string done = client.document("OutputMessage");
  ASSERT_FALSE(done.empty()) << sim.log();
  EXPECT_NE(done.find("Id=\"1004\""), std::string::npos);
  size_t packs = 0;
  for (size_t at = done.find("<Pack "); at != std::string::npos; at = done.find("<Pack ", at + 1)) ++packs;
  EXPECT_EQ(packs, 2u) << done;
}

TEST(RobotSimCommandTest, AScenarioFileSetsTheRobot) {
  rx::testing::TempDir dir;
  std::ofstream(dir.file("robot.toml"))
      << "[robot]\npacks_per_trip = 1\n[robot.faults]\ngrip_fail = 0.0\nlink_loss_per_hour = 2.5\n";
  RobotSim sim({"--scenario", dir.file("robot.toml")});
  EXPECT_NE(sim.port(), 0) << sim.log();
  EXPECT_NE(sim.log().find("2.5 link losses per hour"), std::string::npos) << sim.log();
}

TEST(RobotSimCommandTest, LinkLossesFollowTheFaultsTable) {
  RobotSim reference({});
  EXPECT_NE(reference.port(), 0) << reference.log();
  EXPECT_NE(reference.log().find("0.25 link losses per hour"), std::string::npos) << reference.log();
  RobotSim faults({"--scenario", "faults"});
  EXPECT_NE(faults.port(), 0) << faults.log();
  EXPECT_NE(faults.log().find("2.5 link losses per hour"), std::string::npos) << faults.log();
}

TEST(RobotSimCommandTest, TheLinkIsCutAndTheClientComesBack) {
  rx::testing::TempDir dir;
  // A loss every 50 s of robot time on average, 100 times faster than real time: every 0.5 s.
  std::ofstream(dir.file("lossy.toml")) << "[robot.faults]\nlink_loss_per_hour = 72\n";
  RobotSim sim({"--scenario", dir.file("lossy.toml"), "--speed", "100"});
  unsigned short port = sim.port();
  ASSERT_NE(port, 0) << sim.log();
  Client first(port);
  ASSERT_TRUE(first.connected());
  ASSERT_TRUE(first.send(kHello));
  // The robot cuts the connection: the client reads to the end of the stream.
  EXPECT_TRUE(first.document("NoSuchMessage").empty());
  Client second(port);
  ASSERT_TRUE(second.connected());
  ASSERT_TRUE(second.send(kHello));
  EXPECT_NE(second.document("HelloResponse").find("Type=\"Robot\""), std::string::npos) << sim.log();
}

int run(const std::string& args) {
  std::string command = std::string("'") + RXPRESS_BINARY + "' robot-sim " + args + " 2>/dev/null";
  return WEXITSTATUS(std::system(command.c_str()));
}

TEST(RobotSimCommandTest, ABadScenarioIsRefusedWithExitTwo) {
  EXPECT_EQ(run("--port 0 --scenario no-such-scenario"), 2);
  rx::testing::TempDir dir;
  std::ofstream(dir.file("robot.toml")) << "[robot]\nlevels = 8\nwheels = 4\n";
  EXPECT_EQ(run("--port 0 --scenario '" + dir.file("robot.toml") + "'"), 2);
  std::ofstream(dir.file("slow.toml")) << "[robot]\ngrip_s = -1.0\n";
  EXPECT_EQ(run("--port 0 --scenario '" + dir.file("slow.toml") + "'"), 2);
  std::ofstream(dir.file("lossy.toml")) << "[robot.faults]\nlink_loss_per_hour = -1\n";
  EXPECT_EQ(run("--port 0 --scenario '" + dir.file("lossy.toml") + "'"), 2);
}

}  // namespace
