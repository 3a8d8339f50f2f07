// `rxpress robot-sim` (contracts.md): the pick robot alone as a WWKS 2.0
// storage system. The binary runs as a child; the test learns its port from
// the "robot-sim: listening on" line and talks plain text over a socket.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace {

using namespace std::chrono_literals;

constexpr auto kTimeout = 20s;

// Reads what is there on `fd` within `timeout`; false at end of file, error or timeout.
bool read_some(int fd, std::string& into, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buf[8192];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n <= 0) return false;
  into.append(buf, static_cast<size_t>(n));
  return true;
}

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
      if (left.count() <= 0 || !read_some(log_fd_, log_, left)) return 0;
    }
    return static_cast<unsigned short>(std::stoi(log_.substr(log_.find(marker) + marker.size())));
  }
  const std::string& log() const { return log_; }

 private:
  pid_t pid_ = -1;
  int log_fd_ = -1;
  std::string log_;
};

class Client {
 public:
  explicit Client(unsigned short port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { close(fd_); }
  bool connected() const { return connected_; }
  bool send(const std::string& text) { return write(fd_, text.data(), text.size()) == static_cast<ssize_t>(text.size()); }
  // The next whole document holding `<lead `, skipping others; empty if none comes in time.
  std::string document(const std::string& lead) {
    auto deadline = std::chrono::steady_clock::now() + kTimeout;
    for (;;) {
      for (size_t end; (end = inbox_.find("</WWKS>")) != std::string::npos;) {
        std::string doc = inbox_.substr(0, end + 7);
        inbox_.erase(0, end + 7);
        if (doc.find("<" + lead + " ") != std::string::npos) return doc;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !read_some(fd_, inbox_, left)) return {};
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string inbox_;
};

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
  std::ofstream(dir.file("robot.toml")) << "[robot]\npacks_per_trip = 1\n[robot.faults]\ngrip_fail = 0.0\n";
  RobotSim sim({"--scenario", dir.file("robot.toml")});
  EXPECT_NE(sim.port(), 0) << sim.log();
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
}

}  // namespace
