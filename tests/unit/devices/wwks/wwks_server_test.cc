#include "devices/wwks_sim/wwks_server.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "interop/wwks/writer.h"
#include "unit/devices/wwks/loopback_pump.h"
#include "unit/devices/wwks/loopback_robot.h"
#include "unit/devices/wwks/wwks_fixture.h"
#include "unit/devices/wwks/wwks_test_client.h"

namespace rx {
namespace {

using namespace rx::test;
using namespace rx::wwks;

class WwksServerTest : public ::testing::Test {
 protected:
  WwksServerTest() : clock_(kWwksStart), pump_(io_, clock_) { build(FaultRates::none()); }

  void build(const FaultRates& faults) {
    sim_.reset();
    sim_ = std::make_unique<LoopbackRobot>(io_, clock_, faults);
  }

  // A client that has said hello as subscriber 100.
  std::unique_ptr<WwksTestClient> connect() {
    auto client = std::make_unique<WwksTestClient>(io_, sim_->server->port());
    size_t before = client->count<HelloResponse>();
    client->send(hello_request());
    EXPECT_TRUE(pump_.io_until([&] { return client->count<HelloResponse>() > before; }));
    return client;
  }

  boost::asio::io_context io_;
  VirtualScheduler clock_;
  LoopbackPump pump_;
  std::unique_ptr<LoopbackRobot> sim_;
};

TEST_F(WwksServerTest, HelloIsAnsweredWithTheRobotsCapabilities) {
  auto client = connect();
  auto hello = client->last<HelloResponse>();
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->id, "1");
  EXPECT_EQ(hello->subscriber.id, 999);
  EXPECT_EQ(hello->subscriber.type, SubscriberType::kRobot);
  const auto& caps = hello->subscriber.capabilities;
  for (Capability c : {Capability::kKeepAlive, Capability::kOutput, Capability::kTaskInfo, Capability::kTaskCancel,
                       Capability::kStockInfo, Capability::kStatus}) {
    EXPECT_NE(std::find(caps.begin(), caps.end(), c), caps.end()) << spelling(c);
  }
  EXPECT_EQ(std::find(caps.begin(), caps.end(), Capability::kInput), caps.end());
}

TEST_F(WwksServerTest, KeepAliveAndStatusAreAnsweredToTheSender) {
  auto client = connect();
  client->send(KeepAliveRequest{to_robot("7")});
  client->send(StatusRequest{to_robot("8"), true});
  ASSERT_TRUE(pump_.io_until([&] { return client->count<StatusResponse>() == 1; }));
  auto keep_alive = client->last<KeepAliveResponse>();
  ASSERT_TRUE(keep_alive);
  EXPECT_EQ(keep_alive->header, (Header{"7", 999, 100}));
  auto status = client->last<StatusResponse>();
  EXPECT_EQ(status->state, ReadyState::kReady);
  ASSERT_EQ(status->components.size(), 1u);
  EXPECT_EQ(status->components[0].type, ComponentType::kStorageSystem);
}

TEST_F(WwksServerTest, StockInfoListsTheRobotsStock) {
  auto client = connect();
  StockInfoRequest request{to_robot("9"), false, std::nullopt, {}};
  client->send(request);
  ASSERT_TRUE(pump_.io_until([&] { return client->count<StockInfoResponse>() == 1; }));
  auto stock = client->last<StockInfoResponse>();
  ASSERT_EQ(stock->articles.size(), 2u);
  EXPECT_EQ(stock->articles[0].id, "D0002");
  EXPECT_EQ(stock->articles[0].quantity, 6);
  EXPECT_TRUE(stock->articles[0].packs.empty());
  EXPECT_EQ(stock->articles[1].quantity, 3);
}

TEST_F(WwksServerTest, AnOutputIsQueuedPickedAndReportedWithItsPacks) {
  auto client = connect();
  client->send(output_request("1004", {criterion("D0002", 3), criterion("D0007", 1)}));
  ASSERT_TRUE(pump_.io_until([&] { return client->count<OutputResponse>() == 1; }));
  auto response = client->last<OutputResponse>();
  EXPECT_EQ(response->header, (Header{"1004", 999, 100}));
  EXPECT_EQ(response->status, OutputResponseStatus::kQueued);
  EXPECT_EQ(response->criteria.size(), 2u);
  EXPECT_EQ(sim_->system->stock().total_packs(), 9 - 4);  // taken from the shelves when queued

  ASSERT_TRUE(pump_.until([&] { return client->count<OutputMessage>() == 1; }));
  auto message = client->last<OutputMessage>();
  EXPECT_EQ(message->header, (Header{"1004", 999, 100}));
  EXPECT_EQ(message->status, OutputMessageStatus::kCompleted);
  ASSERT_EQ(message->articles.size(), 2u);
  EXPECT_EQ(pack_count(message->articles), 4u);
  for (const auto& article : message->articles) {
    for (const auto& pack : article.packs) {
      ASSERT_TRUE(pack.scan_code);
      // GS1 element string: (01) the GTIN, (17) the expiry, (10) the lot, (21) the serial.
      std::string gtin = article.id == "D0002" ? "06901234567892" : "06909876543210";
      EXPECT_NE(pack.scan_code->find("01" + gtin + "17"), std::string::npos) << *pack.scan_code;
      EXPECT_NE(pack.scan_code->find(*pack.batch_number), std::string::npos);
      EXPECT_EQ(pack.output_destination, 3);
      EXPECT_GT(*pack.id, 0);
    }
  }
  EXPECT_GT(clock_.now(), kWwksStart);  // the robot took virtual time
  EXPECT_EQ(sim_->robot->status().packs_out, 4u);
}

TEST_F(WwksServerTest, AnOutputShortOfStockIsIncomplete) {
  auto client = connect();
  client->send(output_request("20", {criterion("D0007", 5)}));
  ASSERT_TRUE(pump_.until([&] { return client->count<OutputMessage>() == 1; }));
  EXPECT_EQ(client->last<OutputResponse>()->status, OutputResponseStatus::kQueued);
  auto message = client->last<OutputMessage>();
  EXPECT_EQ(message->status, OutputMessageStatus::kIncomplete);
  EXPECT_EQ(pack_count(message->articles), 3u);
  EXPECT_EQ(sim_->system->stock().total_packs(), 6);
}

TEST_F(WwksServerTest, AnOutputNothingInStockMeetsIsRejected) {
  auto client = connect();
  client->send(output_request("21", {criterion("D4242", 1)}));
  client->send(output_request("22", {}));
  ASSERT_TRUE(pump_.io_until([&] { return client->count<OutputResponse>() == 2; }));
  for (const auto& r : client->all<OutputResponse>()) EXPECT_EQ(r.status, OutputResponseStatus::kRejected);
  EXPECT_EQ(sim_->system->tasks(), 0u);
  EXPECT_EQ(sim_->system->stock().total_packs(), 9);
}

TEST_F(WwksServerTest, AResentOutputRequestIsNotOutputTwice) {
  auto client = connect();
  client->send(output_request("30", {criterion("D0002", 1)}));
  client->send(output_request("30", {criterion("D0002", 1)}));
  ASSERT_TRUE(pump_.io_until([&] { return client->count<OutputResponse>() == 2; }));
  for (const auto& r : client->all<OutputResponse>()) EXPECT_EQ(r.status, OutputResponseStatus::kQueued);
  ASSERT_TRUE(pump_.until([&] { return client->count<OutputMessage>() == 1; }));
  EXPECT_EQ(pack_count(client->last<OutputMessage>()->articles), 1u);
  EXPECT_EQ(sim_->system->tasks(), 1u);
  EXPECT_EQ(sim_->system->stock().total_packs(), 8);
  EXPECT_EQ(sim_->robot->status().packs_out, 1u);
}

TEST_F(WwksServerTest, TaskInfoTellsTheStateAndThePacksOut) {
  auto client = connect();
  client->send(task_info_request("40", "nope"));
  ASSERT_TRUE(pump_.io_until([&] { return client->count<TaskInfoResponse>() == 1; }));
  EXPECT_EQ(client->last<TaskInfoResponse>()->task.status, TaskStatus::kUnknown);

  client->send(output_request("41", {criterion("D0002", 2)}));
  client->send(task_info_request("42", "41"));
  ASSERT_TRUE(pump_.io_until([&] { return client->count<TaskInfoResponse>() == 2; }));
  EXPECT_EQ(client->last<TaskInfoResponse>()->task.status, TaskStatus::kQueued);

  ASSERT_TRUE(pump_.until([&] { return client->count<OutputMessage>() == 1; }));
  client->send(task_info_request("43", "41"));
  client->send(task_info_request("44", "41", false));
  ASSERT_TRUE(pump_.io_until([&] { return client->count<TaskInfoResponse>() == 4; }));
  auto all = client->all<TaskInfoResponse>();
  EXPECT_EQ(all[2].header.id, "43");
  EXPECT_EQ(all[2].task.status, TaskStatus::kCompleted);
  EXPECT_EQ(all[2].task.articles, client->last<OutputMessage>()->articles);
  EXPECT_TRUE(all[3].task.articles.empty());  // details not asked for
}

TEST_F(WwksServerTest, ACancelledOutputIsAbortedAndItsPacksGoBack) {
  auto client = connect();
  client->send(output_request("50", {criterion("D0002", 2)}));
  client->send(output_request("51", {criterion("D0007", 2)}));
  ASSERT_TRUE(pump_.io_until([&] { return client->count<OutputResponse>() == 2; }));
  TaskCancelRequest cancel{to_robot("52"), {TaskRef{TaskType::kOutput, "51"}, TaskRef{TaskType::kOutput, "nope"}}};
  client->send(cancel);
  ASSERT_TRUE(pump_.io_until([&] { return client->count<TaskCancelResponse>() == 1; }));
  auto answer = client->last<TaskCancelResponse>();
  ASSERT_EQ(answer->tasks.size(), 2u);
  EXPECT_EQ(answer->tasks[0].status, TaskCancelStatus::kCancelled);
  EXPECT_EQ(answer->tasks[1].status, TaskCancelStatus::kUnknown);

  ASSERT_TRUE(pump_.until([&] { return client->count<OutputMessage>() == 2; }));
  auto messages = client->all<OutputMessage>();
  auto aborted = std::find_if(messages.begin(), messages.end(), [](auto& m) { return m.header.id == "51"; });
  ASSERT_NE(aborted, messages.end());
  EXPECT_EQ(aborted->status, OutputMessageStatus::kAborted);
  EXPECT_TRUE(aborted->articles.empty());
  EXPECT_EQ(sim_->system->stock().total_packs(), 9 - 2);  // only task 50's packs left

  client->send(TaskCancelRequest{to_robot("53"), {TaskRef{TaskType::kOutput, "50"}}});
  ASSERT_TRUE(pump_.io_until([&] { return client->count<TaskCancelResponse>() == 2; }));
  EXPECT_EQ(client->last<TaskCancelResponse>()->tasks[0].status, TaskCancelStatus::kCancelError);
}

TEST_F(WwksServerTest, UnreadableAndUnknownDocumentsAreSkippedAndTheConnectionGoesOn) {
  auto client = connect();
  client->send_raw("<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\"><KeepAliveRequest Id=\"x\" "
                   "Source=\"-5\" Destination=\"999\"/></WWKS>");
  client->send_raw("<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\"><FrobnicateRequest Id=\"3\" "
                   "Source=\"100\" Destination=\"999\"/></WWKS>");
  client->send_raw("garbage between documents");
  client->send(ArticleMasterSetRequest{"60", 100, 999, {}});
  client->send(KeepAliveRequest{to_robot("61")});
  ASSERT_TRUE(pump_.io_until([&] { return client->count<KeepAliveResponse>() == 1; }));
  EXPECT_EQ(client->last<KeepAliveResponse>()->header.id, "61");
  // Only the two documents with a defined answer were answered.
  EXPECT_EQ(client->received().size(), 3u);
  EXPECT_EQ(client->last<ArticleMasterSetResponse>()->result.value, SetResultValue::kRejected);
  EXPECT_FALSE(client->ended());
  EXPECT_EQ(sim_->server->connections(), 1u);
}

TEST_F(WwksServerTest, AnOutputFinishedWhileTheLinkIsDownIsLearntThroughTaskInfo) {
  auto client = connect();
  client->send(output_request("70", {criterion("D0002", 2)}));
  ASSERT_TRUE(pump_.io_until([&] { return client->count<OutputResponse>() == 1; }));
  sim_->server->drop_connections();
  ASSERT_TRUE(pump_.io_until([&] { return client->ended(); }));
  // The robot finishes with nobody to tell.
  ASSERT_TRUE(pump_.until([&] { return sim_->robot->status().packs_out == 2 && clock_.pending() == 0; }));
  EXPECT_EQ(client->count<OutputMessage>(), 0u);

  auto again = connect();
  again->send(task_info_request("71", "70"));
  ASSERT_TRUE(pump_.io_until([&] { return again->count<TaskInfoResponse>() == 1; }));
  auto info = again->last<TaskInfoResponse>();
  EXPECT_EQ(info->task.status, TaskStatus::kCompleted);
  EXPECT_EQ(pack_count(info->task.articles), 2u);
}

TEST_F(WwksServerTest, PacksTheGripperCannotTakeStayInStockAndTheOutputIsIncomplete) {
  FaultRates faults = FaultRates::none();
  faults.grip_fail = 1.0;  // every grip and its retry miss
  build(faults);
  auto client = connect();
  client->send(output_request("90", {criterion("D0002", 3)}));
  ASSERT_TRUE(pump_.until([&] { return client->count<OutputMessage>() == 1; }));
  auto message = client->last<OutputMessage>();
  EXPECT_EQ(message->status, OutputMessageStatus::kIncomplete);
  EXPECT_EQ(pack_count(message->articles), 0u);
  // Packs in = packs out + packs on hand.
  EXPECT_EQ(sim_->system->stock().total_packs() + static_cast<int>(sim_->robot->status().packs_out), 9);
  EXPECT_EQ(sim_->system->stock().total_packs(), 9);
}

TEST_F(WwksServerTest, APackWhoseCodeCannotBeReadHasNoScanCode) {
  FaultRates faults = FaultRates::none();
  faults.unreadable = 1.0;
  build(faults);
  auto client = connect();
  client->send(output_request("91", {criterion("D0007", 2)}));
  ASSERT_TRUE(pump_.until([&] { return client->count<OutputMessage>() == 1; }));
  auto message = client->last<OutputMessage>();
  EXPECT_EQ(message->status, OutputMessageStatus::kCompleted);
  ASSERT_EQ(pack_count(message->articles), 2u);
  for (const auto& pack : message->articles[0].packs) EXPECT_FALSE(pack.scan_code.has_value());
  EXPECT_EQ(sim_->system->stock().total_packs(), 7);
}

TEST_F(WwksServerTest, WhatTheServerWritesIsTheManualsLayout) {
  auto client = connect();
  client->send(KeepAliveRequest{to_robot("80")});
  ASSERT_TRUE(pump_.io_until([&] { return client->count<KeepAliveResponse>() == 1; }));
  // The stamp is the robot's clock.
  EXPECT_EQ(client->received().back().timestamp, kWwksStart);
  EXPECT_EQ(write_wwks(client->received().back()),
            "<WWKS Version=\"2.0\" TimeStamp=\"2026-12-01T01:00:00Z\">\n"
            "  <KeepAliveResponse Id=\"80\" Source=\"999\" Destination=\"100\"/>\n"
            "</WWKS>\n");
}

}  // namespace
}  // namespace rx
