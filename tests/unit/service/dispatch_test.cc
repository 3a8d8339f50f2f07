// Planning again: a prescription short of usable stock waits, and is planned
// again once what its plan saw has changed, though no one told the service.
// (pharmacy_stock_test.cc: planned again after a restock.)
#include <string>
#include <utility>
#include <vector>

#include "planning/idle_time.h"
#include "planning/policy.h"
#include "planning/readiness_target.h"
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

TEST_F(DispatchTest, AJobAloneIsDueAtPaymentPlusAShareOfItsIdleTime) {
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
  EXPECT_EQ(job.due, job_due(PolicyKind::kSmart, *record(id).paid_at, *idle, *idle));
  EXPECT_GT(job.due, *record(id).paid_at);
}

TEST_F(DispatchTest, AllJobsOfAPrescriptionAreDueByItsSlowest) {
  start();
  SilentRobot robot;
  ph().attach(robot);
  // One pack from the robot (about 4 s) beside one from the smart shelf (22 s):
  // the robot's job is due as late as it can start without delaying the shelf's.
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
  EXPECT_EQ(robot.jobs[0].due, job_due(PolicyKind::kSmart, *record(id).paid_at, *shelf, *own));
  EXPECT_GT(robot.jobs[0].due, job_due(PolicyKind::kSmart, *record(id).paid_at, *own, *own));
}

TEST_F(DispatchTest, AJobThatCanNoLongerBeReadyWithinTheTargetYieldsForAWhile) {
  start();
  SilentRobot robot;  // holds every job it is given: none ends
  ph().attach(robot);
  // D0006 is only in the robot. The readiness target needs kTargetMinSamples
  // prescriptions planned; the
  // last two are watched: one patient stays away, the other checks in.
  std::vector<PrescriptionId> ids;
  for (size_t i = 0; i < kTargetMinSamples + 2; ++i) {
    ids.push_back(create_ok(rx_json("RX-LATE-" + std::to_string(i), json::array({item("D0006", 1)}))));
    ASSERT_TRUE(pay(ids.back()).ok());
  }
  run_for(Duration{0});  // the last plan is made
  ASSERT_EQ(robot.jobs.size(), ids.size());
  const PickJob away = robot.jobs[ids.size() - 2];
  const PickJob arriving = robot.jobs.back();
  EXPECT_EQ(away.priority, kOnTimePriority);
  auto idle = idle_job_time({IdleLine{0, away.lines[0].location, 1, false}}, IdleMachines{});
  ASSERT_TRUE(idle.ok());
  const Instant paid = *record(away.prescription).paid_at;
  ASSERT_TRUE(check_in(arriving.prescription).ok());

  // The watched jobs' changes of priority, with when they were asked.
  std::vector<std::pair<Instant, int>> away_changes;
  std::vector<int> arriving_priorities;
  size_t seen = robot.priorities.size();
  for (size_t n = 0; n < 100000 && sched().step(); ++n) {
    for (; seen < robot.priorities.size(); ++seen) {
      const auto& change = robot.priorities[seen];
      if (change.job_id == away.job_id) away_changes.emplace_back(now(), change.priority);
      if (change.job_id == arriving.job_id) arriving_priorities.push_back(change.priority);
    }
  }
  // It yields from the moment it could no longer be ready within the target
  // (every prescription here takes the same idle time, so the target is 1.25
  // times it), until half a target later than the target itself.
  const Duration target = std::chrono::round<Duration>(*idle * kTargetStretch);
  ASSERT_EQ(away_changes.size(), 2u);
  EXPECT_EQ(away_changes[0], std::make_pair(paid + target - *idle, kLatePriority));
  EXPECT_EQ(away_changes[1],
            std::make_pair(paid + std::chrono::duration_cast<Duration>(target * kLateYieldTargets), kOnTimePriority));
  // A patient at the pharmacy comes first, late or not.
  ASSERT_FALSE(arriving_priorities.empty());
  for (int p : arriving_priorities) EXPECT_EQ(p, kCheckedInPriority);
}

}  // namespace
}  // namespace rx::testing_service
