// Replenishment in virtual time: locations that run low get one replenish
// task from the reserve store, and tasks are confirmed by scanning a pack.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>

#include "interop/gs1/pack_code.h"
#include "inventory/walking_order.h"
#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::item;
using testing_service::json;
using testing_service::kTechnician;
using testing_service::rx_json;

// D0003 (clopidogrel) lives in one channel, C-04-01, with 14 packs of lot
// DM2511004; a channel of its 17 mm boxes holds 20.
constexpr std::string_view kChannel = "C-04-01";
constexpr std::string_view kReserveLot = "DM2610099";

class ReplenishmentTest : public testing_service::PharmacyTest {
 protected:
  void SetUp() override {
    PharmacyTest::SetUp();
    start();
  }

  std::vector<StockTask> open_tasks() { return ph().tasks(TaskKind::kReplenish, TaskState::kOpen); }

  std::vector<StockTask> open_tasks_at(std::string_view location) {
    std::vector<StockTask> out;
    for (const auto& t : open_tasks()) {
      if (t.location.value() == location) out.push_back(t);
    }
    return out;
  }

  // Puts `packs` of D0003 lot kReserveLot into the reserve store B-01.
  void stock_reserve(int packs) {
    StockRow row{Lot{DrugCode("D0003"), LotNo(std::string(kReserveLot)), *parse_date("2028-12-31")},
                 LocationCode("B-01"), packs};
    Status s = await_status([&](auto done) { ph().restock({row}, kTechnician, done); });
    ASSERT_TRUE(s.ok()) << s.to_string();
    settle();
  }

  // Dispenses `packs` of D0003 on one prescription.
  void dispense_d0003(std::string no, int packs) {
    const std::string patient = "P-" + no;
    PrescriptionId id = create_ok(rx_json(std::move(no), json::array({item("D0003", packs)}), patient, now()));
    ASSERT_TRUE(pay(id).ok());
    settle();
    ASSERT_EQ(record(id).status, RxStatus::kReady);
  }

  std::string scan_of(std::string_view drug, std::string_view lot, std::string_view serial = "900001") {
    const Drug* d = formulary_->find(DrugCode(std::string(drug)));
    EXPECT_NE(d, nullptr);
    return gs1_element_string(d ? d->gtin : "", *parse_date("2028-12-31"), lot, serial);
  }

  Result<StockTask> confirm(long long id, const std::string& scan, int quantity) {
    return await<StockTask>([&](auto done) { ph().confirm_task(id, scan, quantity, kTechnician, done); });
  }

  size_t movement_count() {
    MovementQuery q;
    q.limit = 100'000;
    auto all = ph().movements(q);
    EXPECT_TRUE(all.ok()) << all.status().to_string();
    return all.ok() ? all->size() : 0;
  }

  // The one open task at the channel after 12 packs left it, with the reserve stocked.
  StockTask low_channel_task() {
    stock_reserve(30);
    dispense_d0003("RP-0001", 12);
    auto tasks = open_tasks_at(kChannel);
    EXPECT_EQ(tasks.size(), 1u);
    return tasks.empty() ? StockTask{} : tasks.front();
  }
};

TEST_F(ReplenishmentTest, OpenChecksEveryMachineLocationAndListsTasksInWalkingOrder) {
  // Without history a threshold is the 2-pack safety margin: the demo's
  // channels with 1 or 2 packs, and C-03-11 whose 10 packs have expired.
  std::vector<std::string> locations;
  for (const auto& t : ph().replenishment_tasks()) {
    locations.push_back(t.location.value());
    EXPECT_FALSE(t.from.has_value()) << "the demo has no reserve store";
    EXPECT_NE(t.reason.find("reserve empty"), std::string::npos) << t.reason;
  }
  EXPECT_EQ(locations,
            (std::vector<std::string>{"C-05-06", "C-03-11", "C-04-12", "C-06-15", "C-08-25", "C-10-35"}));
  const StockTask emptied = ph().replenishment_tasks()[1];
  EXPECT_EQ(emptied.drug, DrugCode("D0032"));
  EXPECT_EQ(emptied.quantity, 10) << "the expired packs still take 10 of the channel's 20 places";
}

TEST_F(ReplenishmentTest, DispensingBelowTheThresholdOpensOneTaskFromTheReserve) {
  stock_reserve(30);
  ASSERT_TRUE(open_tasks_at(kChannel).empty());
  dispense_d0003("RP-0001", 11);
  EXPECT_TRUE(open_tasks_at(kChannel).empty()) << "3 packs are above the threshold of 2";

  dispense_d0003("RP-0002", 1);
  auto tasks = open_tasks_at(kChannel);
  ASSERT_EQ(tasks.size(), 1u);
  const StockTask& t = tasks.front();
  EXPECT_EQ(t.drug, DrugCode("D0003"));
  EXPECT_EQ(t.from, LocationCode("B-01"));
  EXPECT_EQ(t.lot, LotNo(std::string(kReserveLot)));
  EXPECT_EQ(t.quantity, 18) << "up to the channel's 20";
  EXPECT_NE(t.reason.find("below threshold: 2 usable packs, threshold 2"), std::string::npos) << t.reason;

  dispense_d0003("RP-0003", 1);
  EXPECT_EQ(open_tasks_at(kChannel).size(), 1u) << "never a second open task for a location";
}

TEST_F(ReplenishmentTest, TheTaskIsBoundedByWhatTheReserveHolds) {
  stock_reserve(5);
  dispense_d0003("RP-0001", 12);
  auto tasks = open_tasks_at(kChannel);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks.front().quantity, 5);
}

TEST_F(ReplenishmentTest, ConfirmingByScanMovesPacksUntilTheTaskIsDone) {
  const StockTask t = low_channel_task();
  ASSERT_GT(t.id, 0);
  auto part = confirm(t.id, scan_of("D0003", kReserveLot), 5);
  ASSERT_TRUE(part.ok()) << part.status().to_string();
  EXPECT_EQ(part->state, TaskState::kOpen);
  EXPECT_EQ(part->done_quantity, 5);
  EXPECT_EQ(stock_at("D0003", kReserveLot, "B-01"), 25);
  EXPECT_EQ(stock_at("D0003", kReserveLot, kChannel), 5);

  MovementQuery q;
  q.kind = MovementKind::kMoved;
  auto moved = ph().movements(q);
  ASSERT_TRUE(moved.ok());
  ASSERT_EQ(moved->size(), 2u);
  EXPECT_EQ((*moved)[0].location, LocationCode("B-01"));
  EXPECT_EQ((*moved)[0].delta, -5);
  EXPECT_EQ((*moved)[0].on_hand, 25);
  EXPECT_EQ((*moved)[1].location, LocationCode(std::string(kChannel)));
  EXPECT_EQ((*moved)[1].delta, 5);
  EXPECT_EQ((*moved)[1].actor, kTechnician.label());
  EXPECT_EQ((*moved)[1].reason, fmt::format("task {}", t.id));

  auto too_many = confirm(t.id, scan_of("D0003", kReserveLot), 14);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.status().reason(), "BAD_QUANTITY");
  EXPECT_EQ(too_many.status().field(), "quantity");

  auto rest = confirm(t.id, scan_of("D0003", kReserveLot, "900002"), 13);
  ASSERT_TRUE(rest.ok()) << rest.status().to_string();
  EXPECT_EQ(rest->state, TaskState::kDone);
  EXPECT_EQ(rest->done_quantity, 18);
  EXPECT_EQ(rest->closed_by, kTechnician.label());
  EXPECT_EQ(stock_at("D0003", kReserveLot, kChannel), 18);
  EXPECT_EQ(stock_at("D0003", kReserveLot, "B-01"), 12);
  EXPECT_TRUE(open_tasks_at(kChannel).empty());

  auto again = confirm(t.id, scan_of("D0003", kReserveLot), 1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().reason(), "TASK_CLOSED");
}

TEST_F(ReplenishmentTest, AWrongScanIsRefusedAndChangesNothing) {
  const StockTask t = low_channel_task();
  ASSERT_GT(t.id, 0);
  const size_t movements = movement_count();
  const int reserve = stock_at("D0003", kReserveLot, "B-01");

  struct Case {
    std::string scan;
    std::string reason;
  };
  for (const Case& c : {Case{scan_of("D0004", kReserveLot), "WRONG_DRUG"},
                        Case{scan_of("D0003", "DM2511004"), "WRONG_LOT"}, Case{"]d2 not a code", "BAD_CODE"}}) {
    auto r = confirm(t.id, c.scan, 1);
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_EQ(r.status().reason(), c.reason) << r.status().to_string();
    EXPECT_EQ(r.status().field(), "scan");
  }
  auto r = confirm(t.id + 1000, scan_of("D0003", kReserveLot), 1);
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);

  EXPECT_EQ(movement_count(), movements);
  EXPECT_EQ(stock_at("D0003", kReserveLot, "B-01"), reserve);
  auto still = open_tasks_at(kChannel);
  ASSERT_EQ(still.size(), 1u);
  EXPECT_EQ(still.front(), t);
}

TEST_F(ReplenishmentTest, ATaskWithoutASourceIsRefusedAndReplacedWhenTheReserveIsStocked) {
  dispense_d0003("RP-0001", 12);
  auto tasks = open_tasks_at(kChannel);
  ASSERT_EQ(tasks.size(), 1u);
  const StockTask sourceless = tasks.front();
  EXPECT_FALSE(sourceless.from.has_value());
  EXPECT_EQ(sourceless.quantity, 18);

  auto r = confirm(sourceless.id, scan_of("D0003", kReserveLot), 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "NO_SOURCE");

  stock_reserve(30);
  auto cancelled = ph().tasks(TaskKind::kReplenish, TaskState::kCancelled);
  ASSERT_EQ(cancelled.size(), 1u);
  EXPECT_EQ(cancelled.front().id, sourceless.id);
  tasks = open_tasks_at(kChannel);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks.front().from, LocationCode("B-01"));
  EXPECT_EQ(tasks.front().lot, LotNo(std::string(kReserveLot)));
}

TEST_F(ReplenishmentTest, ThePackMustFitTheLocation) {
  const StockTask t = low_channel_task();
  ASSERT_GT(t.id, 0);
  // A delivery put straight into the channel leaves room for 2 packs only.
  StockRow row{Lot{DrugCode("D0003"), LotNo("DM2511004"), stock_expiry("D0003", "DM2511004", kChannel)},
               LocationCode(std::string(kChannel)), 16};
  ASSERT_TRUE(await_status([&](auto done) { ph().restock({row}, kTechnician, done); }).ok());
  auto r = confirm(t.id, scan_of("D0003", kReserveLot), 3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reason(), "OVER_CAPACITY");
  EXPECT_TRUE(confirm(t.id, scan_of("D0003", kReserveLot), 2).ok());
}

TEST_F(ReplenishmentTest, TasksSurviveARestartWithoutADuplicate) {
  testing_service::TempDir dir;
  const std::string db = dir.file("rx.db");
  stop();
  start({}, db);
  stock_reserve(30);
  dispense_d0003("RP-0001", 12);
  const auto before = ph().tasks(std::nullopt, std::nullopt);
  ASSERT_EQ(open_tasks_at(kChannel).size(), 1u);
  stop();
  start({}, db);
  EXPECT_EQ(ph().tasks(std::nullopt, std::nullopt), before);
}

TEST_F(ReplenishmentTest, YesterdaysDemandRaisesTheThreshold) {
  PharmacyConfig config;
  config.replenishment.history_days = 1;
  stop();
  start(config);
  stock_reserve(30);
  dispense_d0003("RP-0001", 8);  // 6 packs left, above the bare margin of 2
  EXPECT_TRUE(open_tasks_at(kChannel).empty());
  // The next day at 09:00 the 8 packs of yesterday's 09:xx are the forecast:
  // 4 over the 30 min lead time and 4 more of safety.
  run_until(testing_service::at_local("2026-12-02T09:00:00+08:00"));
  dispense_d0003("RP-0002", 1);
  auto tasks = open_tasks_at(kChannel);
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_NE(tasks.front().reason.find("5 usable packs, threshold 8"), std::string::npos) << tasks.front().reason;
}

}  // namespace
}  // namespace rx
