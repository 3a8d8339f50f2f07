#include "devices/wwks/wwks_robot.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <set>

#include "devices/wwks_sim/wwks_server.h"
#include "unit/devices/recording_listener.h"
#include "unit/devices/wwks/loopback_pump.h"
#include "unit/devices/wwks/loopback_robot.h"
#include "unit/devices/wwks/wwks_fixture.h"

namespace rx {
namespace {

using namespace rx::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;

PickLine line(int item, std::string drug, std::string lot, std::string location, int packs) {
  PickLine l;
  l.item = item;
  l.drug = DrugCode(std::move(drug));
  l.lot = LotNo(std::move(lot));
  l.location = LocationCode(std::move(location));
  l.packs = packs;
  return l;
}

// Three packs: two of D0002 lot A-EARLY and one of D0007.
PickJob three_packs(uint64_t job_id) {
  PickJob job;
  job.job_id = job_id;
  job.lines = {line(0, "D0002", "A-EARLY", "R-2-0120", 2), line(1, "D0007", "B-1", "R-3-0300", 1)};
  return job;
}

class WwksRobotTest : public ::testing::Test {
 protected:
  WwksRobotTest() : clock_(kWwksStart), pump_(io_, clock_), listener_(clock_), sim_(io_, clock_) {
    driver_ = make_driver(sim_.port());
  }

  std::unique_ptr<WwksRobot> make_driver(unsigned short port) {
    WwksRobotConfig config = quick_driver_config(port);
    config.output_destination = 3;
    auto driver = std::make_unique<WwksRobot>(io_, clock_, config);
    driver->set_listener(&listener_);
    return driver;
  }

  bool ended(uint64_t job_id, JobState state) { return listener_.state(job_id, state).has_value(); }

  asio::io_context io_;
  VirtualScheduler clock_;
  LoopbackPump pump_;
  RecordingListener listener_;
  LoopbackRobot sim_;
  std::unique_ptr<WwksRobot> driver_;
};

TEST_F(WwksRobotTest, SaysHelloAndIsOnline) {
  EXPECT_FALSE(driver_->online());
  EXPECT_EQ(driver_->status().state.rfind("fault: ", 0), 0u);
  driver_->start();
  ASSERT_TRUE(pump_.io_until([&] { return driver_->online(); }));
  EXPECT_EQ(driver_->links(), 1);
  EXPECT_EQ(driver_->status().state, "ok");
  EXPECT_EQ(driver_->kind(), DeviceKind::kRobot);
}

TEST_F(WwksRobotTest, AJobIsPickedAndEveryPackReportedWithItsCode) {
  driver_->start();
  ASSERT_TRUE(pump_.io_until([&] { return driver_->online(); }));
  driver_->submit(three_packs(41));
  ASSERT_TRUE(pump_.until([&] { return ended(41, JobState::kCompleted); }));
  EXPECT_EQ(listener_.states_of(41),
            (std::vector<JobState>{JobState::kQueued, JobState::kInProcess, JobState::kCompleted}));
  auto packs = listener_.packs_of(41);
  ASSERT_EQ(packs.size(), 3u);
  std::multiset<int> items;
  for (const auto& p : packs) {
    items.insert(p.pack.item);
    EXPECT_FALSE(p.pack.code.empty());
    // The robot's scanner read the code with the GS separator, decoded from \x1D on the wire.
    EXPECT_NE(p.pack.code.find('\x1D'), std::string::npos);
  }
  EXPECT_EQ(items, (std::multiset<int>{0, 0, 1}));
  EXPECT_EQ(packs[0].pack.location.value(), "R-2-0120");
  EXPECT_EQ(driver_->status().packs_out, 3u);
  EXPECT_EQ(driver_->status().queued_jobs + driver_->status().active_jobs, 0);
}

TEST_F(WwksRobotTest, AJobSubmittedBeforeTheLinkGoesOutAfterHello) {
  driver_->submit(three_packs(42));
  EXPECT_EQ(driver_->status().queued_jobs, 1);
  driver_->start();
  ASSERT_TRUE(pump_.until([&] { return ended(42, JobState::kCompleted); }));
  EXPECT_EQ(listener_.packs_of(42).size(), 3u);
}

TEST_F(WwksRobotTest, JobsTheRobotCannotDoAreRejected) {
  driver_->start();
  ASSERT_TRUE(pump_.io_until([&] { return driver_->online(); }));
  PickJob unknown;
  unknown.job_id = 43;
  unknown.lines = {line(0, "D4242", "X", "R-1-0001", 1)};
  driver_->submit(unknown);
  PickJob empty;
  empty.job_id = 44;
  driver_->submit(empty);
  ASSERT_TRUE(pump_.io_until([&] { return ended(43, JobState::kRejected) && ended(44, JobState::kRejected); }));
  EXPECT_EQ(listener_.state(44, JobState::kRejected)->detail, "lines: expected at least one line, found none");
  EXPECT_TRUE(listener_.packs().empty());
}

TEST_F(WwksRobotTest, ACancelledJobIsAbortedAndPutsOutNothing) {
  driver_->submit(three_packs(45));
  driver_->cancel(45);  // not yet sent: ends at once, posted
  EXPECT_FALSE(ended(45, JobState::kAborted));
  driver_->start();
  ASSERT_TRUE(pump_.io_until([&] { return ended(45, JobState::kAborted) && driver_->online(); }));

  driver_->submit(three_packs(46));
  driver_->submit(three_packs(47));
  ASSERT_TRUE(pump_.io_until([&] { return listener_.state(47, JobState::kQueued).has_value(); }));
  driver_->cancel(47);
  ASSERT_TRUE(pump_.until([&] { return ended(46, JobState::kCompleted) && ended(47, JobState::kAborted); }));
  EXPECT_TRUE(listener_.packs_of(47).empty());
  EXPECT_EQ(listener_.packs_of(46).size(), 3u);
  EXPECT_EQ(sim_.system->stock().total_packs(), 9 - 3);
}

TEST_F(WwksRobotTest, ALinkDroppedWhileTheRobotWorksLosesNothingAndDuplicatesNothing) {
  driver_->start();
  ASSERT_TRUE(pump_.io_until([&] { return driver_->online(); }));
  driver_->submit(three_packs(48));
  ASSERT_TRUE(pump_.io_until([&] { return listener_.state(48, JobState::kQueued).has_value(); }));
  sim_.server->drop_connections();
  // The robot finishes while the driver reconnects; its OutputMessage may find nobody.
  ASSERT_TRUE(pump_.until([&] { return ended(48, JobState::kCompleted); }));
  EXPECT_GE(driver_->links(), 2);
  EXPECT_EQ(listener_.packs_of(48).size(), 3u);
  std::set<std::string> codes;
  for (const auto& p : listener_.packs_of(48)) codes.insert(p.pack.code);
  EXPECT_EQ(codes.size(), 3u);
  EXPECT_EQ(sim_.system->tasks(), 1u);
  EXPECT_EQ(sim_.robot->status().packs_out, 3u);
  auto states = listener_.states_of(48);
  EXPECT_EQ(states.back(), JobState::kCompleted);
  EXPECT_EQ(std::count(states.begin(), states.end(), JobState::kCompleted), 1);
}

TEST_F(WwksRobotTest, ARequestLostWithTheLinkIsSentAgainOnce) {
  driver_->start();
  ASSERT_TRUE(pump_.io_until([&] { return driver_->online(); }));
  driver_->submit(three_packs(49));
  // The server goes before it reads the request.
  sim_.server->drop_connections();
  ASSERT_TRUE(pump_.until([&] { return ended(49, JobState::kCompleted); }));
  EXPECT_EQ(listener_.packs_of(49).size(), 3u);
  EXPECT_EQ(sim_.system->tasks(), 1u);
  EXPECT_EQ(sim_.robot->status().packs_out, 3u);
  EXPECT_EQ(sim_.system->stock().total_packs(), 9 - 3);
}

TEST_F(WwksRobotTest, ARobotThatStopsAnsweringIsLeftAndTriedAgain) {
  // A peer that accepts and never answers.
  asio::ip::tcp::acceptor silent(io_, {asio::ip::address_v4::loopback(), 0});
  std::vector<asio::ip::tcp::socket> held;
  std::function<void()> accept = [&] {
    silent.async_accept([&](const boost::system::error_code& ec, asio::ip::tcp::socket s) {
      if (ec) return;
      held.push_back(std::move(s));
      accept();
    });
  };
  accept();
  WwksRobotConfig config;
  config.port = silent.local_endpoint().port();
  config.keep_alive_interval = 10ms;
  config.reply_timeout = 30ms;
  config.reconnect_initial = 1ms;
  WwksRobot mute(io_, clock_, config);
  mute.start();
  ASSERT_TRUE(pump_.io_until([&] { return mute.links() >= 2; }));
  EXPECT_FALSE(mute.online());
  EXPECT_NE(mute.status().state.find("unanswered"), std::string::npos) << mute.status().state;
}

TEST_F(WwksRobotTest, ARobotThatComesUpLaterIsReachedByRetrying) {
  // A port with nobody on it, until a server takes it.
  asio::ip::tcp::acceptor probe(io_, {asio::ip::address_v4::loopback(), 0});
  unsigned short port = probe.local_endpoint().port();
  probe.close();
  auto late = make_driver(port);
  late->submit(three_packs(50));
  late->start();
  ASSERT_TRUE(pump_.io_until([&] { return late->status().state.find("connecting") != std::string::npos; }));
  sim_.server->stop();
  WwksServer second(io_, *sim_.system, WwksServerConfig{"127.0.0.1", port});
  ASSERT_TRUE(second.start().ok());
  ASSERT_TRUE(pump_.until([&] { return ended(50, JobState::kCompleted); }));
  EXPECT_EQ(listener_.packs_of(50).size(), 3u);
  EXPECT_TRUE(late->online());
}

TEST_F(WwksRobotTest, ARobotUnreachableForLongIsOfflineUntilItAnswersAgain) {
  asio::ip::tcp::acceptor probe(io_, {asio::ip::address_v4::loopback(), 0});
  unsigned short port = probe.local_endpoint().port();
  probe.close();
  WwksRobotConfig config = quick_driver_config(port);
  config.reconnect_max = 5ms;
  config.offline_after = 30ms;
  WwksRobot robot(io_, clock_, config);
  robot.set_listener(&listener_);
  EXPECT_TRUE(robot.available());
  robot.start();
  ASSERT_TRUE(pump_.io_until([&] { return !listener_.availability().empty(); }));
  EXPECT_EQ(listener_.availability(), std::vector<bool>{false});
  EXPECT_FALSE(robot.available());
  // Retrying goes on; once the robot answers it is available again, once.
  sim_.server->stop();
  WwksServer second(io_, *sim_.system, WwksServerConfig{"127.0.0.1", port});
  ASSERT_TRUE(second.start().ok());
  ASSERT_TRUE(pump_.io_until([&] { return listener_.availability().size() == 2; }));
  EXPECT_EQ(listener_.availability(), (std::vector<bool>{false, true}));
  EXPECT_TRUE(robot.available());
  EXPECT_TRUE(robot.online());
  robot.set_listener(nullptr);
}

TEST_F(WwksRobotTest, AShortLossOfTheLinkDoesNotMakeTheRobotOffline) {
  driver_->start();
  ASSERT_TRUE(pump_.io_until([&] { return driver_->online(); }));
  driver_->submit(three_packs(60));
  ASSERT_TRUE(pump_.io_until([&] { return listener_.state(60, JobState::kQueued).has_value(); }));
  sim_.server->drop_connections();
  ASSERT_TRUE(pump_.until([&] { return ended(60, JobState::kCompleted); }));
  EXPECT_GE(driver_->links(), 2);
  EXPECT_TRUE(listener_.availability().empty());
  EXPECT_TRUE(driver_->available());
}

}  // namespace
}  // namespace rx
