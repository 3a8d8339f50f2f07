// Stock input over WWKS 2.0: the driver's stock_input and announce_delivery
// against the simulated storage system, over loopback.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "devices/wwks/wwks_robot.h"
#include "devices/wwks_sim/wwks_server.h"
#include "interop/gs1/pack_code.h"
#include "unit/devices/recording_listener.h"
#include "unit/devices/wwks/loopback_pump.h"
#include "unit/devices/wwks/loopback_robot.h"
#include "unit/devices/wwks/wwks_fixture.h"
#include "unit/devices/wwks/wwks_test_client.h"

namespace rx {
namespace {

using namespace rx::test;
using namespace std::chrono_literals;
using std::chrono::year;

const std::string kGtin = "06901234567892";  // D0002 in wwks_formulary(): 60 x 20 x 100 mm

StockInputPack scanned(std::string code) {
  StockInputPack p;
  p.scan_code = std::move(code);
  return p;
}

std::string datamatrix(std::string lot, Date expiry, std::string serial) {
  return gs1_element_string(kGtin, expiry, lot, serial);
}

class StockInputTest : public ::testing::Test {
 protected:
  StockInputTest() : clock_(kWwksStart), pump_(io_, clock_), listener_(clock_), sim_(io_, clock_) {
    driver_ = std::make_unique<WwksRobot>(io_, clock_, quick_driver_config(sim_.port()));
    driver_->set_listener(&listener_);
  }

  void link() {
    driver_->start();
    ASSERT_TRUE(pump_.io_until([&] { return driver_->online(); }));
  }

  // Runs a stock input to its end.
  Result<std::vector<StockInputOutcome>> input(uint64_t id, std::vector<StockInputPack> packs) {
    std::optional<Result<std::vector<StockInputOutcome>>> out;
    driver_->stock_input(id, std::move(packs), [&](Result<std::vector<StockInputOutcome>> r) { out = std::move(r); });
    EXPECT_TRUE(pump_.until([&] { return out.has_value(); }));
    return out ? std::move(*out) : Result<std::vector<StockInputOutcome>>(Status::internal("no answer"));
  }

  Status announce(DeliveryNotice notice) {
    std::optional<Status> out;
    driver_->announce_delivery(std::move(notice), [&](Status s) { out = std::move(s); });
    EXPECT_TRUE(pump_.io_until([&] { return out.has_value(); }));
    return out.value_or(Status::internal("no answer"));
  }

  boost::asio::io_context io_;
  VirtualScheduler clock_;
  LoopbackPump pump_;
  RecordingListener listener_;
  LoopbackRobot sim_;
  std::unique_ptr<WwksRobot> driver_;
};

TEST_F(StockInputTest, PacksGoInAndTheRobotSaysWhere) {
  link();
  const int before = sim_.system->stock().total_packs();
  const Instant start = clock_.now();
  auto out = input(7, {scanned(datamatrix("NEW-1", year{2028} / 1 / 31, "S1")),
                       scanned(datamatrix("NEW-1", year{2028} / 1 / 31, "S2"))});
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  ASSERT_EQ(out->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const StockInputOutcome& o = (*out)[i];
    EXPECT_EQ(o.index, i);
    EXPECT_TRUE(o.stored) << o.detail;
    EXPECT_EQ(o.drug.value(), "D0002");
    EXPECT_EQ(o.lot.value(), "NEW-1");
    EXPECT_EQ(o.expiry, Date(year{2028} / 1 / 31));
    // Level 1 is free before R-1-0050: the tightest gap for a 70 mm pack;
    // the second pack stands behind the first.
    EXPECT_EQ(o.location.value(), "R-1-0000");
  }
  EXPECT_EQ(sim_.system->stock().total_packs(), before + 2);
  // The gripper took 6 s a pack.
  EXPECT_GE(clock_.now() - start, 12s);
  // The robot's stock knows them.
  EXPECT_EQ(sim_.system->stock().articles({wwks::StockInfoCriteria{"D0002", "NEW-1"}}, false).at(0).quantity, 2);
}

TEST_F(StockInputTest, EachRefusedPackSaysWhy) {
  link();
  const int before = sim_.system->stock().total_packs();
  const std::string stranger = "0690000000001" + std::to_string(gs1_check_digit("0690000000001"));
  auto out = input(8, {scanned(gs1_element_string(stranger, year{2028} / 1 / 31, "X", "S3")),
                       scanned(datamatrix("OLD", year{2026} / 11 / 30, "S4")), scanned("not a code"),
                       scanned(datamatrix("GOOD", year{2028} / 1 / 31, "S5"))});
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 4u);
  std::map<size_t, StockInputOutcome> by_index;
  for (const auto& o : *out) by_index[o.index] = o;
  EXPECT_FALSE(by_index[0].stored);
  EXPECT_EQ(by_index[0].detail, "Rejected: the scan code names no known article");
  EXPECT_FALSE(by_index[1].stored);
  EXPECT_EQ(by_index[1].detail, "RejectedInvalidExpiryDate: expired on 2026-11-30");
  EXPECT_FALSE(by_index[2].stored);
  EXPECT_EQ(by_index[2].detail.rfind("Rejected: unreadable scan code", 0), 0u) << by_index[2].detail;
  EXPECT_TRUE(by_index[3].stored);
  EXPECT_EQ(sim_.system->stock().total_packs(), before + 1);
}

TEST_F(StockInputTest, ADeliveryGivesLotAndExpiryAndLimitsThePacks) {
  link();
  DeliveryNotice notice{"DEL-1", {DeliveryLine{DrugCode("D0002"), LotNo("DL-7"), year{2029} / 5 / 31, 1}}};
  ASSERT_TRUE(announce(notice).ok());
  // The same number twice is refused by the robot.
  Status again = announce(notice);
  EXPECT_EQ(again.code(), ErrorCode::kConflict);
  EXPECT_NE(again.message().find("DEL-1 is already defined"), std::string::npos) << again.message();
  // An article the robot does not know.
  Status unknown =
      announce(DeliveryNotice{"DEL-2", {DeliveryLine{DrugCode("D9999"), LotNo("Z"), year{2029} / 1 / 1, 0}}});
  EXPECT_EQ(unknown.code(), ErrorCode::kConflict);

  StockInputPack a = scanned("(01)" + kGtin + "(21)SER1");
  a.delivery_number = "DEL-1";
  StockInputPack b = scanned("(01)" + kGtin + "(21)SER2");
  b.delivery_number = "DEL-1";
  StockInputPack c = scanned("(01)" + kGtin + "(21)SER3");
  c.delivery_number = "DEL-9";
  auto out = input(9, {a, b, c});
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 3u);
  std::map<size_t, StockInputOutcome> by_index;
  for (const auto& o : *out) by_index[o.index] = o;
  EXPECT_TRUE(by_index[0].stored) << by_index[0].detail;
  EXPECT_EQ(by_index[0].lot.value(), "DL-7");
  EXPECT_EQ(by_index[0].expiry, Date(year{2029} / 5 / 31));
  EXPECT_FALSE(by_index[1].stored);
  EXPECT_EQ(by_index[1].detail, "Rejected: delivery DEL-1 allows 1 packs of D0002");
  EXPECT_FALSE(by_index[2].stored);
  EXPECT_EQ(by_index[2].detail, "Rejected: delivery DEL-9 is not defined");
}

TEST_F(StockInputTest, WithoutALinkNothingIsSent) {
  std::optional<Result<std::vector<StockInputOutcome>>> out;
  driver_->stock_input(10, {scanned(datamatrix("L", year{2028} / 1 / 31, "S"))},
                       [&](Result<std::vector<StockInputOutcome>> r) { out = std::move(r); });
  EXPECT_FALSE(out.has_value());  // posted, never inside the call
  ASSERT_TRUE(pump_.io_until([&] { return out.has_value(); }));
  EXPECT_EQ(out->status().code(), ErrorCode::kUnavailable);
  link();
  auto empty = input(11, {});
  EXPECT_EQ(empty.status().field(), "packs");
}

TEST_F(StockInputTest, AResentInputIsNotStoredTwice) {
  WwksTestClient client(io_, sim_.server->port());
  client.send(hello_request());
  ASSERT_TRUE(pump_.io_until([&] { return client.count<wwks::HelloResponse>() == 1; }));
  wwks::InitiateInputRequest r;
  r.header = to_robot("in-1");
  r.details.input_source = 1;
  wwks::Pack p;
  p.index = 0;
  p.scan_code = datamatrix("RS", year{2028} / 1 / 31, "S9");
  r.article.packs.push_back(p);
  const int before = sim_.system->stock().total_packs();
  client.send(r);
  ASSERT_TRUE(pump_.until([&] { return client.count<wwks::InitiateInputMessage>() == 1; }));
  auto response = client.last<wwks::InitiateInputResponse>();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, wwks::InitiateInputResponseStatus::kAccepted);
  EXPECT_EQ(response->article.id, "D0002");
  client.send(r);
  ASSERT_TRUE(pump_.until([&] { return client.count<wwks::InitiateInputMessage>() == 2; }));
  EXPECT_EQ(client.count<wwks::InitiateInputResponse>(), 2u);
  auto first = client.all<wwks::InitiateInputMessage>()[0];
  auto second = client.all<wwks::InitiateInputMessage>()[1];
  EXPECT_EQ(first, second);
  EXPECT_EQ(first.status, wwks::InitiateInputMessageStatus::kCompleted);
  ASSERT_EQ(first.articles.size(), 1u);
  EXPECT_EQ(first.articles[0].packs.at(0).stock_location_id, "R-1-0000");
  EXPECT_EQ(sim_.system->stock().total_packs(), before + 1);
}

}  // namespace
}  // namespace rx
