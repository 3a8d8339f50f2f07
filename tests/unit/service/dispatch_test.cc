// Planning again: a prescription short of usable stock waits, and is planned
// again once what its plan saw has changed, though no one told the service.
// (pharmacy_stock_test.cc: planned again after a restock.)
#include "planning/idle_time.h"
#include "planning/policy.h"
#include "unit/service/pharmacy_fixture.h"
#include "unit/service/silent_robot.h"

namespace rx::testing_service {
namespace {

class DispatchTest : public PharmacyTest {};

int plans_of(const std::vector<Event>& history) {
  int n = 0;
  for (const auto& e : history) n += e.type == "prescription.dispensing";
  return n;
}


TEST_F(DispatchTest, AShortPrescriptionIsPlannedOnceItsChannelsAreFreeAgainUnannounced) {
  channel_params_.faults = FaultRates::none();
  start();
  // D0001 is only in C-01-01, C-02-01 and C-03-01: a refill ordered on each
  // keeps plans off them until its box is in.
  // One box of the lot each channel holds, so that the packs still match the ledger.
  const std::vector<StockRow> rows = ph().stock(DrugCode("D0001"));
  ASSERT_EQ(rows.size(), 3u);
  for (const StockRow& row : rows) {
    ASSERT_TRUE(channel_->refill(StockLoad{row.location, row.lot, "02000000000015", 1, 22}).ok());
    ASSERT_TRUE(channel_->location_blocked(row.location));
  }
  PrescriptionId first = create_ok(rx_json("RX-REPLAN-1", json::array({item("D0001", 1)})));
  ASSERT_TRUE(pay(first).ok());
  run_for(Duration{60 * 1000});
  // The refills are done, and the device said nothing of it: the prescription
  // still waits, with the shortage its plan saw.
  for (const char* channel : {"C-01-01", "C-02-01", "C-03-01"}) {
    EXPECT_FALSE(channel_->location_blocked(LocationCode(channel))) << channel;
  }
  EXPECT_EQ(record(first).status, RxStatus::kAccepted);
  ASSERT_FALSE(record(first).shortages.empty());
  EXPECT_EQ(plans_of(history(first)), 0);

  // The next dispatch pass (another payment, of a robot drug, so no stock of
  // D0001 changed) finds the channels usable and plans it.
  PrescriptionId second = create_ok(rx_json("RX-REPLAN-2", json::array({item("D0002", 1)})));
  ASSERT_TRUE(pay(second).ok());
  settle();
  EXPECT_EQ(plans_of(history(first)), 1);
  EXPECT_EQ(record(first).status, RxStatus::kReady);
  EXPECT_TRUE(record(first).shortages.empty());
  EXPECT_EQ(record(second).status, RxStatus::kReady);
}

TEST_F(DispatchTest, AJobIsDueAtPaymentPlusItsStretchedIdleTime) {
  start();
  SilentRobot robot;
  ph().attach(robot);
  // D0002's first lot to expire is in the robot, at R-1-0050.
  PrescriptionId id = create_ok(rx_json("RX-DUE-1", json::array({item("D0002", 2)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  ASSERT_EQ(robot.jobs.size(), 1u);
  const PickJob& job = robot.jobs[0];
  ASSERT_EQ(job.lines.size(), 1u);
  EXPECT_EQ(job.lines[0].location.value(), "R-1-0050");
  auto idle = idle_job_time({IdleLine{0, job.lines[0].location, 2, false}}, IdleMachines{});
  ASSERT_TRUE(idle.ok());
  ASSERT_TRUE(record(id).paid_at.has_value());
  EXPECT_EQ(job.due, job_due(PolicyKind::kSmart, *record(id).paid_at, *idle));
  EXPECT_GT(job.due, *record(id).paid_at);
}

TEST_F(DispatchTest, AllJobsOfAPrescriptionAreDueByItsSlowest) {
  start();
  SilentRobot robot;
  ph().attach(robot);
  // One pack from the robot (about 4 s) beside one from the smart shelf (22 s):
  // the robot's job is due when the shelf's would be.
  PrescriptionId id = create_ok(rx_json("RX-DUE-2", json::array({item("D0002", 1), item("D0012", 1)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  ASSERT_EQ(robot.jobs.size(), 1u);
  std::vector<IdleLine> shelf_lines;
  for (const auto& line : record(id).plan) {
    if (line.device == DeviceKind::kShelf) shelf_lines.push_back(IdleLine{line.item, line.location, line.packs, false});
  }
  ASSERT_EQ(shelf_lines.size(), 1u);
  auto shelf = idle_job_time(shelf_lines, IdleMachines{});
  auto own = idle_job_time({IdleLine{0, robot.jobs[0].lines[0].location, 1, false}}, IdleMachines{});
  ASSERT_TRUE(shelf.ok() && own.ok());
  ASSERT_GT(*shelf, *own);
  EXPECT_EQ(robot.jobs[0].due, job_due(PolicyKind::kSmart, *record(id).paid_at, *shelf));
}

}  // namespace
}  // namespace rx::testing_service
