// The robot's stock-in and the re-slotting suggestions, through the service.
#include <gtest/gtest.h>

#include "interop/gs1/pack_code.h"
#include "inventory/robot_placement.h"
#include "unit/service/pharmacy_fixture.h"

namespace rx::testing_service {
namespace {

using std::chrono::year;

const std::string kAspirinGtin = "02000000000015";  // D0001, a box for any machine
const std::string kInsulinGtin = "02000000000275";  // D0027, kept cold

// A robot that takes stock input and answers what the test tells it to.
class InputRobot : public Device {
 public:
  explicit InputRobot(Scheduler& sched) : sched_(sched) {}
  DeviceKind kind() const override { return DeviceKind::kRobot; }
  void set_listener(DeviceListener*) override {}
  void submit(PickJob) override {}
  void reprioritise(uint64_t, int) override {}
  void cancel(uint64_t) override {}
  DeviceStatus status() const override { return DeviceStatus{"R", DeviceKind::kRobot}; }

  void stock_input(uint64_t input_id, std::vector<StockInputPack> packs, StockInputDone done) override {
    ids.push_back(input_id);
    sent.push_back(packs);
    std::vector<StockInputOutcome> out;
    for (size_t i = 0; i < packs.size(); ++i) {
      StockInputOutcome o;
      o.index = i;
      o.lot = packs[i].lot;
      o.expiry = packs[i].expiry;
      if (i < places.size() && places[i] == "refuse") {
        o.detail = "NoSpaceInMachine: no free stretch";
      } else {
        o.stored = true;
        o.location = LocationCode(i < places.size() ? places[i] : "");
      }
      out.push_back(std::move(o));
    }
    sched_.post([done, out] { done(out); });
  }
  void announce_delivery(DeliveryNotice notice, std::function<void(Status)> done) override {
    deliveries.push_back(notice);
    sched_.post([done] { done(Status()); });
  }

  std::vector<std::string> places;  // per pack: a place, "" for none named, "refuse"
  std::vector<uint64_t> ids;
  std::vector<std::vector<StockInputPack>> sent;
  std::vector<DeliveryNotice> deliveries;

 private:
  Scheduler& sched_;
};

class RobotInputTest : public PharmacyTest {
 protected:
  void SetUp() override {
    PharmacyTest::SetUp();
    if (HasFatalFailure()) return;
    start();
    robot_in_ = std::make_unique<InputRobot>(sched());
    ph().attach(*robot_in_);
  }
  void TearDown() override {
    stop();
    robot_in_.reset();
  }

  static Pharmacy::RobotInputPack pack(std::string scan) { return Pharmacy::RobotInputPack{std::move(scan), {}, {}}; }
  static std::string aspirin(std::string lot, std::string serial, Date expiry = year{2028} / 6 / 30) {
    return gs1_element_string(kAspirinGtin, expiry, lot, serial);
  }

  Result<Pharmacy::RobotInputReport> input(std::vector<Pharmacy::RobotInputPack> packs, std::string delivery = "") {
    return await<Pharmacy::RobotInputReport>(
        [&](auto done) { ph().robot_stock_in(std::move(packs), delivery, kTechnician, done); });
  }

  int on_hand(const std::string& drug, const std::string& lot, const std::string& location) {
    for (const StockRow& r : ph().stock(DrugCode(drug))) {
      if (r.lot.lot.value() == lot && r.location.value() == location) return r.quantity;
    }
    return 0;
  }

  std::unique_ptr<InputRobot> robot_in_;
};

TEST_F(RobotInputTest, StoredPacksAreReceivedWhereTheRobotPutThem) {
  robot_in_->places = {"R-2-0300", "refuse"};
  auto report = input({pack(aspirin("NEWLOT", "SER1")), pack(aspirin("NEWLOT", "SER2"))});
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_EQ(robot_in_->sent.size(), 1u);
  const StockInputPack& sent = robot_in_->sent[0][0];
  EXPECT_EQ(sent.lot.value(), "NEWLOT");
  EXPECT_EQ(sent.width_mm, 93);  // the formulary's box, for the robot's placement
  ASSERT_EQ(report->stored.size(), 1u);
  const StockMovement& m = report->stored[0];
  EXPECT_EQ(m.kind, MovementKind::kReceived);
  EXPECT_EQ(m.location.value(), "R-2-0300");
  EXPECT_EQ(m.delta, 1);
  EXPECT_EQ(m.serial, "SER1");
  EXPECT_EQ(m.actor, "technician:li");
  ASSERT_EQ(report->refused.size(), 1u);
  EXPECT_EQ(report->refused[0].index, 1u);
  EXPECT_EQ(report->refused[0].reason, "NoSpaceInMachine: no free stretch");
  EXPECT_EQ(on_hand("D0001", "NEWLOT", "R-2-0300"), 1);
  MovementQuery q;
  q.serial = "SER1";
  auto on_record = ph().movements(q);
  ASSERT_TRUE(on_record.ok());
  EXPECT_EQ(on_record->size(), 1u);

  // The same pack again is a duplicate, and the robot never hears of it.
  auto again = input({pack(aspirin("NEWLOT", "SER1"))});
  EXPECT_EQ(again.status().reason(), "DUPLICATE_SERIAL");
  EXPECT_EQ(again.status().field(), "packs[0]");
  EXPECT_EQ(robot_in_->sent.size(), 1u);
  // The refused pack may come again.
  robot_in_->places = {"R-2-0300"};
  EXPECT_TRUE(input({pack(aspirin("NEWLOT", "SER2"))}).ok());
  EXPECT_EQ(on_hand("D0001", "NEWLOT", "R-2-0300"), 2);
}

TEST_F(RobotInputTest, APackTheRobotPlacesSilentlyGoesWhereTheShelfModelSays) {
  robot_in_->places = {""};
  auto report = input({pack(aspirin("QUIET", "SER7"))});
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_EQ(report->stored.size(), 1u);
  EXPECT_TRUE(robot_location_parts(report->stored[0].location)) << report->stored[0].location.value();
  EXPECT_EQ(on_hand("D0001", "QUIET", report->stored[0].location.value()), 1);
}

TEST_F(RobotInputTest, BadPacksAreRefusedBeforeTheRobotSeesThem) {
  const auto before = stock_by_key(ph().stock(std::nullopt));
  const std::string stranger = "0200000099999" + std::to_string(gs1_check_digit("0200000099999"));
  struct Case {
    std::vector<Pharmacy::RobotInputPack> packs;
    std::string reason;
    std::string field;
  };
  const Date today = kZone.local_date(now());
  std::vector<Case> cases = {
      {{pack("hello")}, "BAD_CODE", "packs[0]"},
      {{pack(gs1_element_string(stranger, year{2028} / 1 / 31, "L", "S1"))}, "UNKNOWN_GTIN", "packs[0]"},
      {{pack(aspirin("OLD", "S2", add_days(today, -1)))}, "EXPIRED", "packs[0]"},
      {{pack(aspirin("SHORT", "S3", add_days(today, 10)))}, "SHORT_DATED", "packs[0]"},
      {{pack(aspirin("L", "S4")), pack(aspirin("L", "S4"))}, "DUPLICATE_SERIAL", "packs[1]"},
      {{pack(gs1_element_string(kInsulinGtin, year{2028} / 1 / 31, "L", "S5"))}, "UNSUITABLE_LOCATION", "packs[0]"},
      {{pack("99000010000001230000")}, "MISSING_LOT", "packs[0]"},
  };
  for (const Case& c : cases) {
    auto r = input(c.packs);
    EXPECT_EQ(r.status().reason(), c.reason) << r.status().to_string();
    EXPECT_EQ(r.status().field(), c.field) << c.reason;
  }
  EXPECT_EQ(input({}).status().field(), "packs");
  EXPECT_TRUE(robot_in_->sent.empty());
  EXPECT_EQ(stock_by_key(ph().stock(std::nullopt)), before);
}

TEST_F(RobotInputTest, ADeliveryAnnouncedGivesAnNmpaPackItsLot) {
  DeliveryNotice notice{"DEL-1", {DeliveryLine{DrugCode("D0001"), LotNo("DL-9"), year{2029} / 5 / 31, 10}}};
  Status announced = await_status([&](auto done) { ph().announce_robot_delivery(notice, kTechnician, done); });
  ASSERT_TRUE(announced.ok()) << announced.to_string();
  ASSERT_EQ(robot_in_->deliveries.size(), 1u);
  robot_in_->places = {"R-4-0100"};
  auto report = input({pack("99000010000001230000")}, "DEL-1");
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(robot_in_->sent[0][0].delivery_number, "DEL-1");
  ASSERT_EQ(report->stored.size(), 1u);
  EXPECT_EQ(report->stored[0].lot.lot.value(), "DL-9");
  EXPECT_EQ(report->stored[0].serial, "000000123");
  EXPECT_EQ(on_hand("D0001", "DL-9", "R-4-0100"), 1);

  DeliveryNotice cold{"DEL-2", {DeliveryLine{DrugCode("D0027"), LotNo("C"), year{2029} / 5 / 31, 1}}};
  Status refused = await_status([&](auto done) { ph().announce_robot_delivery(cold, kTechnician, done); });
  EXPECT_EQ(refused.reason(), "UNSUITABLE_LOCATION");
  EXPECT_EQ(refused.field(), "lines[0]");
  DeliveryNotice unnamed{"", notice.lines};
  EXPECT_EQ(await_status([&](auto done) { ph().announce_robot_delivery(unnamed, kTechnician, done); }).field(),
            "delivery_number");
  EXPECT_EQ(robot_in_->deliveries.size(), 1u);
}

TEST_F(RobotInputTest, AnAnnouncedDeliveryOutlivesARestart) {
  TempDir dir;
  std::string db = (dir.path() / "rx.db").string();
  auto restart = [&] {
    stop();
    start({}, db);
    robot_in_ = std::make_unique<InputRobot>(sched());
    ph().attach(*robot_in_);
  };
  restart();
  DeliveryNotice notice{"DEL-7", {DeliveryLine{DrugCode("D0001"), LotNo("DL-7"), year{2029} / 5 / 31, 10}}};
  Status announced = await_status([&](auto done) { ph().announce_robot_delivery(notice, kTechnician, done); });
  ASSERT_TRUE(announced.ok()) << announced.to_string();
  restart();
  robot_in_->places = {"R-4-0100"};
  auto report = input({pack("99000010000001230000")}, "DEL-7");
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  ASSERT_EQ(report->stored.size(), 1u);
  EXPECT_EQ(report->stored[0].lot.lot.value(), "DL-7") << "the NMPA pack takes its lot from the stored delivery";
  EXPECT_EQ(report->stored[0].lot.expiry, year{2029} / 5 / 31);
}

TEST_F(RobotInputTest, ARobotWithoutAnInputRefuses) {
  ph().attach(*robot_);  // the fixture's simulated robot: no input point
  auto r = input({pack(aspirin("L", "S9"))});
  EXPECT_EQ(r.status().code(), ErrorCode::kUnavailable);
  EXPECT_TRUE(ph().stock(DrugCode("D0001")).size() > 0);
  MovementQuery q;
  q.serial = "S9";
  EXPECT_TRUE(ph().movements(q)->empty());
}

TEST_F(RobotInputTest, SuggestionsFollowTheDispensedPacks) {
  EXPECT_EQ(ph().slotting_suggestions(now(), 0).status().field(), "weeks");
  auto quiet = ph().slotting_suggestions(now(), 4);
  ASSERT_TRUE(quiet.ok()) << quiet.status().to_string();
  // Nothing dispensed yet: D0001's three channels are more than a drug without demand needs.
  const ReslotSuggestion* d1 = nullptr;
  for (const auto& s : *quiet) {
    if (s.drug.value() == "D0001") d1 = &s;
  }
  ASSERT_NE(d1, nullptr);
  EXPECT_EQ(d1->channels_now, 3);
  EXPECT_TRUE(d1->lose);
  EXPECT_DOUBLE_EQ(d1->demand, 0);

  ph().attach(*robot_);
  PrescriptionId id = create_ok(rx_json("RX-SLOT-1", json::array({item("D0001", 2)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  auto busy = ph().slotting_suggestions(now(), 4);
  ASSERT_TRUE(busy.ok());
  ASSERT_FALSE(busy->empty());
  EXPECT_EQ((*busy)[0].drug.value(), "D0001");  // the only drug sold comes first
  EXPECT_DOUBLE_EQ((*busy)[0].demand, 2);
  EXPECT_TRUE((*busy)[0].gain);
}

}  // namespace
}  // namespace rx::testing_service
