// A device that stops answering: it is shown offline, its jobs move to other
// devices, and plans leave it out until it answers again.
#include <vector>

#include "unit/service/pharmacy_fixture.h"
#include "unit/service/silent_robot.h"

namespace rx::testing_service {
namespace {

class PharmacyOfflineTest : public PharmacyTest {
 protected:
  void SetUp() override {
    PharmacyTest::SetUp();
    if (HasFatalFailure()) return;
    start();
    ph().attach(silent_);
    // D0002 is in the robot (lot DM2407003, the first to expire); a later lot
    // goes into a channel, so the drug can come from either device.
    StockRow later{Lot{DrugCode("D0002"), LotNo("DM2801001"), Date{std::chrono::year{2028}, std::chrono::month{1},
                                                                     std::chrono::day{31}}},
                   LocationCode("C-09-59"), 10};
    ASSERT_TRUE(await_status([&](auto done) { ph().restock({later}, kTechnician, done); }).ok());
  }

  std::vector<std::string> planned_locations(PrescriptionId id) {
    std::vector<std::string> out;
    for (const auto& line : record(id).plan) out.push_back(line.location.value());
    return out;
  }

  std::string robot_state() {
    const json summary = ph().summary();
    for (const auto& d : summary["devices"]) {
      if (d["kind"] == "robot") return d["state"];
    }
    ADD_FAILURE() << "no robot in the summary";
    return "";
  }

  SilentRobot silent_;
};

TEST_F(PharmacyOfflineTest, TheJobsOfAnOfflineDeviceMoveToAnother) {
  PrescriptionId id = create_ok(rx_json("RX-OFF-1", json::array({item("D0002", 1)})));
  ASSERT_TRUE(pay(id).ok());
  run_for(Duration{60 * 1000});
  // FEFO takes the robot's lot, and the robot never answers.
  ASSERT_EQ(silent_.submitted.size(), 1u);
  EXPECT_EQ(planned_locations(id), std::vector<std::string>{"R-1-0050"});
  EXPECT_EQ(record(id).status, RxStatus::kDispensing);
  EXPECT_EQ(robot_state(), "ok");

  silent_.set_available(false);
  settle();
  EXPECT_EQ(silent_.cancelled, silent_.submitted);
  const PrescriptionRecord& r = record(id);
  EXPECT_EQ(r.status, RxStatus::kReady);
  EXPECT_EQ(planned_locations(id), std::vector<std::string>{"C-09-59"});
  EXPECT_EQ(r.packs_verified(), 1);
  EXPECT_EQ(count_events(id, "device.job_moved"), 1);
  // The robot's pack is no longer held for the prescription.
  EXPECT_EQ(stored_reserved("D0002", "DM2407003", "R-1-0050"), 0);
  EXPECT_EQ(robot_state().rfind("offline: ", 0), 0u) << robot_state();
}

TEST_F(PharmacyOfflineTest, PlansLeaveAnOfflineDeviceOutUntilItAnswersAgain) {
  silent_.set_available(false);
  PrescriptionId first = create_ok(rx_json("RX-OFF-2", json::array({item("D0002", 1)})));
  ASSERT_TRUE(pay(first).ok());
  settle();
  EXPECT_TRUE(silent_.submitted.empty());
  EXPECT_EQ(planned_locations(first), std::vector<std::string>{"C-09-59"});

  silent_.set_available(true);
  settle();
  EXPECT_EQ(robot_state(), "ok");
  PrescriptionId second = create_ok(rx_json("RX-OFF-3", json::array({item("D0002", 1)}), "P0002"));
  ASSERT_TRUE(pay(second).ok());
  run_for(Duration{60 * 1000});
  EXPECT_EQ(silent_.submitted.size(), 1u);
  EXPECT_EQ(planned_locations(second), std::vector<std::string>{"R-1-0050"});
}

}  // namespace
}  // namespace rx::testing_service
