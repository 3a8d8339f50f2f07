// Stock as the workflow moves it: packs leave exactly the lots and locations
// they were planned from, first expiry first out, shortages dispense nothing,
// and a cancellation puts back what was already out.
#include <gtest/gtest.h>

#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::item;
using testing_service::json;
using testing_service::rx_json;

class PharmacyStockTest : public testing_service::PharmacyTest {
 protected:
  void SetUp() override {
    PharmacyTest::SetUp();
    start();
  }

  std::map<testing_service::StockKeyT, int> stock_now() { return testing_service::stock_by_key(ph().stock(std::nullopt)); }

  static std::set<std::string> planned_lots(const PrescriptionRecord& r) {
    std::set<std::string> lots;
    for (const auto& l : r.plan) lots.insert(l.lot.value());
    return lots;
  }
};

TEST_F(PharmacyStockTest, HandOverTakesExactlyTheDispensedPacksFromEachLotAndLocation) {
  auto before = stock_now();
  // The channel machine, the pick robot, the smart shelf and the fridge.
  PrescriptionId id = create_ok(rx_json(
      "ST-0001", json::array({item("D0003", 2), item("D0006", 2), item("D0012", 1), item("D0027", 1)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  ASSERT_TRUE(check_in(id).ok());
  settle();
  ASSERT_TRUE(hand_over(id, true).ok());  // insulin is high-alert
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.status, RxStatus::kHandedOver);
  ASSERT_EQ(r.packs_verified(), 6);

  std::set<DeviceKind> devices;
  for (const auto& l : r.plan) devices.insert(l.device);
  EXPECT_EQ(devices.size(), 3u);
  bool fridge = false;
  for (const auto& l : r.plan) fridge = fridge || location_device(l.location) == 'F';
  EXPECT_TRUE(fridge) << "insulin comes from the fridge";

  auto dispensed = verified_by_key(r);
  EXPECT_EQ(dispensed, planned_by_key(r));
  auto after = stock_now();
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [key, qty] : before) {
    auto d = dispensed.find(key);
    int out = d == dispensed.end() ? 0 : d->second;
    EXPECT_EQ(qty - after.at(key), out) << std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<2>(key);
  }
  for (const auto& [key, n] : dispensed) {
    EXPECT_EQ(stored_reserved(std::get<0>(key), std::get<1>(key), std::get<2>(key)), 0);
  }
}

TEST_F(PharmacyStockTest, AShortCourseUsesTheNearExpiryLotFirst) {
  // D0001's lot DM2312001 expires on 2026-12-31, the others in 2028.
  PrescriptionId id = create_ok(rx_json("ST-0010", json::array({item("D0001", 2)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.status, RxStatus::kReady);
  ASSERT_EQ(r.plan.size(), 1u);
  EXPECT_EQ(r.plan[0].lot.value(), "DM2312001");
  EXPECT_EQ(r.plan[0].location.value(), "C-01-01");
  EXPECT_EQ(r.plan[0].packs, 2);
  EXPECT_EQ(stock_at("D0001", "DM2312001", "C-01-01"), 7);
  for (const auto& p : r.packs) EXPECT_EQ(p.pack.lot.value(), "DM2312001");
}

TEST_F(PharmacyStockTest, MorePacksThanTheNearLotHoldsContinueWithTheNextLot) {
  PrescriptionId id = create_ok(rx_json("ST-0011", json::array({item("D0001", 12)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.status, RxStatus::kReady);
  // Under smart the next lot's packs may come from several of its channels
  // (C-02-01 and C-03-01) at once; the lots are FEFO's.
  auto by_lot = [](const std::map<testing_service::StockKeyT, int>& by_key) {
    std::map<std::string, int> out;
    for (const auto& [key, n] : by_key) out[std::get<1>(key)] += n;
    return out;
  };
  std::map<std::string, int> expected = {{"DM2312001", 9}, {"DM2506002", 3}};
  EXPECT_EQ(by_lot(planned_by_key(r)), expected);
  EXPECT_EQ(by_lot(verified_by_key(r)), expected);
  const testing_service::StockKeyT near_lot{"D0001", "DM2312001", "C-01-01"};
  EXPECT_EQ(planned_by_key(r)[near_lot], 9);
}

TEST_F(PharmacyStockTest, ALongCourseSkipsALotThatExpiresBeforeItsEnd) {
  json j = rx_json("ST-0012", json::array({item("D0001", 2)}));
  j["visit"]["type"] = "chronic";
  j["items"][0]["days"] = 60;
  j["items"][0]["supply_reason"] = "stable chronic disease";
  PrescriptionId id = create_ok(j);
  ASSERT_EQ(record(id).status, RxStatus::kAccepted);
  ASSERT_TRUE(pay(id).ok());
  settle();
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.status, RxStatus::kReady);
  EXPECT_EQ(planned_lots(r), std::set<std::string>{"DM2506002"});
  EXPECT_EQ(stock_at("D0001", "DM2312001", "C-01-01"), 9);
}

TEST_F(PharmacyStockTest, AnExpiredLotIsNeverUsed) {
  // D0032's lot DM2311061 expired on 2026-11-18; 80 packs need both later lots.
  PrescriptionId id = create_ok(rx_json("ST-0013", json::array({item("D0032", 80)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.status, RxStatus::kReady);
  EXPECT_EQ(r.packs_verified(), 80);
  EXPECT_EQ(planned_lots(r), (std::set<std::string>{"DM2409062", "DM2605063"}));
  for (const auto& p : r.packs) EXPECT_NE(p.pack.lot.value(), "DM2311061");
  EXPECT_EQ(stock_at("D0032", "DM2311061", "C-03-11"), 10);
  EXPECT_EQ(ph().stock_status(ph().stock(DrugCode("D0032")).front()), StockStatus::kExpired);
}

TEST_F(PharmacyStockTest, ARestockDispensesWhatWaitedForStock) {
  PrescriptionId id = create_ok(rx_json("ST-0025", json::array({item("D0003", 15)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  ASSERT_EQ(record(id).status, RxStatus::kAccepted);
  ASSERT_EQ(record(id).shortages.size(), 1u);

  // A refill of the same lot, and a row that cannot be received (another
  // expiry for the same lot): the whole refill is refused, nothing changes.
  StockRow refill{Lot{DrugCode("D0003"), LotNo("DM2511004"), stock_expiry("D0003", "DM2511004", "C-04-01")},
                  LocationCode("C-04-01"), 6};
  StockRow wrong = refill;
  wrong.lot.expiry = add_days(refill.lot.expiry, 1);
  auto before = stock_now();
  Status refused = await_status([&](auto done) { ph().restock({refill, wrong}, testing_service::kTechnician, done); });
  EXPECT_EQ(refused.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.field(), "rows[1]");
  EXPECT_EQ(stock_now(), before);

  Status ok = await_status([&](auto done) { ph().restock({refill}, testing_service::kTechnician, done); });
  ASSERT_TRUE(ok.ok()) << ok.to_string();
  settle();
  EXPECT_EQ(record(id).status, RxStatus::kReady);
  EXPECT_EQ(record(id).packs_verified(), 15);
  EXPECT_TRUE(record(id).shortages.empty());
}

TEST_F(PharmacyStockTest, AShortageDispensesNothingAndHoldsNothing) {
  // Clopidogrel has 14 packs in all; the prescription wants 15 and one more drug.
  PrescriptionId id = create_ok(rx_json("ST-0020", json::array({item("D0003", 15), item("D0011", 1)})));
  auto before = stock_now();
  ASSERT_TRUE(pay(id).ok());
  settle();
  const PrescriptionRecord& r = record(id);
  EXPECT_EQ(r.status, RxStatus::kAccepted);
  ASSERT_EQ(r.shortages.size(), 1u);
  EXPECT_NE(r.shortages[0].find("D0003"), std::string::npos) << r.shortages[0];
  EXPECT_EQ(count_events(id, "prescription.shortage"), 1);
  EXPECT_EQ(count_events(id, "prescription.dispensing"), 0);
  EXPECT_TRUE(r.plan.empty());
  EXPECT_TRUE(r.packs.empty());
  EXPECT_EQ(stock_now(), before);
  EXPECT_EQ(stored_reserved("D0003", "DM2511004", "C-04-01"), 0);
  EXPECT_EQ(ph().card_json(r)["shortages"].size(), 1u);

  // All 14 packs are still there for the next patient.
  PrescriptionId other = create_ok(rx_json("ST-0021", json::array({item("D0003", 14)}), "P2"));
  ASSERT_TRUE(pay(other).ok());
  settle();
  EXPECT_EQ(record(other).status, RxStatus::kReady);
  EXPECT_EQ(record(other).packs_verified(), 14);
  EXPECT_EQ(stock_at("D0003", "DM2511004", "C-04-01"), 0);
  EXPECT_EQ(r.status, RxStatus::kAccepted);
  EXPECT_TRUE(r.packs.empty());
}

TEST_F(PharmacyStockTest, AWaitingPrescriptionsShortageFollowsTheStockBothWays) {
  // 14 packs of clopidogrel for 15: one short; the second item is covered.
  PrescriptionId id = create_ok(rx_json("ST-0026", json::array({item("D0003", 15), item("D0011", 1)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  ASSERT_EQ(record(id).shortages, (std::vector<std::string>{"D0003: 1 of 15 packs not in usable stock"}));
  // Another patient takes the 14: planned again, it is now short of all 15.
  PrescriptionId other = create_ok(rx_json("ST-0027", json::array({item("D0003", 14)}), "P2"));
  ASSERT_TRUE(pay(other).ok());
  settle();
  ASSERT_EQ(record(other).status, RxStatus::kReady);
  EXPECT_EQ(record(id).shortages, (std::vector<std::string>{"D0003: 15 of 15 packs not in usable stock"}));
  EXPECT_EQ(count_events(id, "prescription.shortage"), 2);
  EXPECT_EQ(count_events(id, "prescription.dispensing"), 0);
  EXPECT_TRUE(record(id).plan.empty());
  // A restock covers it: both items are planned and dispensed.
  StockRow refill{Lot{DrugCode("D0003"), LotNo("DM2511004"), stock_expiry("D0003", "DM2511004", "C-04-01")},
                  LocationCode("C-04-01"), 15};
  Status ok = await_status([&](auto done) { ph().restock({refill}, testing_service::kTechnician, done); });
  ASSERT_TRUE(ok.ok()) << ok.to_string();
  settle();
  EXPECT_EQ(record(id).status, RxStatus::kReady);
  EXPECT_EQ(record(id).packs_verified(), 16);
  EXPECT_TRUE(record(id).shortages.empty());
  EXPECT_EQ(stock_at("D0003", "DM2511004", "C-04-01"), 0);
}

TEST_F(PharmacyStockTest, CancellingWhileDispensingPutsThePacksBack) {
  // Amlodipine lot DM2409010 at R-1-0087: six packs are two trips of the gripper.
  PrescriptionId id = create_ok(rx_json("ST-0030", json::array({item("D0006", 6)})));
  ASSERT_TRUE(pay(id).ok());
  const PrescriptionRecord& r = record(id);
  for (size_t n = 0; r.packs.empty() && n < testing_service::kMaxTasks && sched().step(); ++n) {
  }
  ASSERT_EQ(r.status, RxStatus::kDispensing);
  ASSERT_EQ(r.plan.size(), 1u);
  ASSERT_EQ(r.plan[0].location.value(), "R-1-0087");
  size_t out = r.packs.size();
  ASSERT_GT(out, 0u);
  ASSERT_LT(out, 6u);
  EXPECT_EQ(stock_at("D0006", "DM2409010", "R-1-0087"), 56 - static_cast<int>(out));
  uint64_t robot_packs = robot_->status().packs_out;

  auto cancelled = cancel(id, "patient changed their mind");
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().to_string();
  EXPECT_EQ(r.status, RxStatus::kCancelled);
  EXPECT_TRUE(r.jobs.empty());
  EXPECT_EQ(stock_at("D0006", "DM2409010", "R-1-0087"), 56 - static_cast<int>(out))
      << "the packs already out wait to be scanned back";
  EXPECT_EQ(stored_reserved("D0006", "DM2409010", "R-1-0087"), 0);
  EXPECT_EQ(count_events(id, "pack.awaiting_return"), static_cast<int>(out));

  settle();
  EXPECT_EQ(r.packs.size(), out) << "the device job was cancelled: no further packs";
  EXPECT_EQ(robot_->status().packs_out, robot_packs);
  EXPECT_EQ(robot_->status().active_jobs, 0);
  EXPECT_EQ(robot_->status().queued_jobs, 0);
  for (const auto& p : r.packs) {
    auto back = await<StockMovement>([&](auto done) { ph().return_pack(p.pack.code, {}, testing_service::kTechnician, done); });
    ASSERT_TRUE(back.ok()) << back.status().to_string();
  }
  EXPECT_EQ(stock_at("D0006", "DM2409010", "R-1-0087"), 56) << "scanned back, the packs are in stock again";
  EXPECT_EQ(count_movements(id, MovementKind::kReturned), static_cast<int>(out));
  EXPECT_EQ(r.status, RxStatus::kCancelled);
  EXPECT_EQ(count_events(id, "prescription.ready"), 0);
}

TEST_F(PharmacyStockTest, CancellingAQueuedJobReleasesItsReservation) {
  // Four technicians: a fifth shelf job waits in the queue.
  std::vector<PrescriptionId> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(create_ok(rx_json("ST-004" + std::to_string(i), json::array({item("D0012", 1)}),
                                    "P" + std::to_string(i))));
    ASSERT_TRUE(pay(ids.back()).ok());
  }
  run_for(Duration{100});
  const PrescriptionRecord& last = record(ids.back());
  ASSERT_EQ(last.status, RxStatus::kDispensing);
  ASSERT_EQ(last.plan.size(), 1u);
  PlannedLine line = last.plan[0];
  int reserved = stored_reserved("D0012", line.lot.value(), line.location.value());
  ASSERT_GE(reserved, 1);
  int qty = stock_at("D0012", line.lot.value(), line.location.value());

  ASSERT_TRUE(cancel(ids.back(), "duplicate order").ok());
  EXPECT_EQ(stored_reserved("D0012", line.lot.value(), line.location.value()), reserved - 1);
  EXPECT_EQ(stock_at("D0012", line.lot.value(), line.location.value()), qty);
  settle();
  EXPECT_TRUE(last.packs.empty());
  for (size_t i = 0; i + 1 < ids.size(); ++i) EXPECT_EQ(record(ids[i]).status, RxStatus::kReady);
  EXPECT_EQ(stored_reserved("D0012", line.lot.value(), line.location.value()), 0);
}

// Half a second before midnight on the last day of a lot: its packs would
// come out of the machine after midnight, expired. The lot is blocked at the
// stroke of midnight, so they never do.
class PharmacyMidnightTest : public testing_service::PharmacyTest {
 protected:
  static Instant just_before_midnight() { return testing_service::at_local("2026-12-31T23:59:59.500+08:00"); }

  // Two lots of clopidogrel, one pack each; the first expires today.
  void stock_two_lots() {
    std::erase_if(initial_stock_, [](const StockRow& r) { return r.lot.drug.value() == "D0003"; });
    initial_stock_.push_back(StockRow{Lot{DrugCode("D0003"), LotNo("DM2312901"), *parse_date("2026-12-31")},
                                      LocationCode("C-04-01"), 1});
    initial_stock_.push_back(StockRow{Lot{DrugCode("D0003"), LotNo("DM2511902"), *parse_date("2028-11-30")},
                                      LocationCode("C-04-03"), 1});
  }

  // Two packs of clopidogrel for one day, paid just before the first lot
  // expires: after midnight one good pack is all there is.
  PrescriptionId short_after_midnight() {
    stock_two_lots();
    start({}, ":memory:", just_before_midnight());
    json one_day = item("D0003", 2);
    one_day["days"] = 1;
    PrescriptionId id = create_ok(rx_json("MN-0010", json::array({one_day}), "P1", now()));
    EXPECT_TRUE(pay(id).ok());
    settle();
    const PrescriptionRecord& r = record(id);
    EXPECT_EQ(r.status, RxStatus::kAccepted) << "waiting for stock";
    EXPECT_EQ(r.packs.size(), 0u) << "no expired pack came out, and no good pack was stranded";
    EXPECT_EQ(stock_at("D0003", "DM2511902", "C-04-03"), 1);
    EXPECT_EQ(stock_at("D0003", "DM2312901", "C-04-01"), 1) << "the expired pack waits for its removal task";
    return id;
  }
};

TEST_F(PharmacyMidnightTest, ALotThatExpiresBeforeItsPackComesOutIsBlockedAndTheLineIsPickedFromTheNextLot) {
  start({}, ":memory:", just_before_midnight());
  json one_day = item("D0001", 1);
  one_day["days"] = 1;
  PrescriptionId id = create_ok(rx_json("MN-0001", json::array({one_day}), "P1", now()));
  ASSERT_TRUE(pay(id).ok());
  settle();
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.status, RxStatus::kReady);
  ASSERT_EQ(r.packs.size(), 1u) << "no expired pack came out";
  EXPECT_TRUE(r.packs[0].verified);
  EXPECT_EQ(r.packs[0].pack.lot.value(), "DM2506002");
  EXPECT_EQ(verified_by_key(r), planned_by_key(r));
  EXPECT_EQ(count_events(id, "pack.quarantined"), 0);
  // The expired lot stays in its channel, blocked, with a task to remove it.
  EXPECT_EQ(stock_at("D0001", "DM2312001", "C-01-01"), 9);
  EXPECT_EQ(stock_at("D0001", "DM2506002", "C-02-01"), 19);
  EXPECT_EQ(ph().stock_status(StockRow{Lot{DrugCode("D0001"), LotNo("DM2312001"), stock_expiry("D0001", "DM2312001", "C-01-01")},
                                       LocationCode("C-01-01"), 9}),
            StockStatus::kExpired);
  bool removal = false;
  for (const auto& t : ph().tasks(TaskKind::kRemove, TaskState::kOpen)) {
    removal = removal || (t.lot && t.lot->value() == "DM2312001" && t.location.value() == "C-01-01");
  }
  EXPECT_TRUE(removal);
}

TEST_F(PharmacyMidnightTest, CancellingAPrescriptionShortOfStockAfterMidnightLeavesTheGoodLotInStock) {
  PrescriptionId id = short_after_midnight();
  ASSERT_TRUE(cancel(id, "no stock left").ok());
  EXPECT_EQ(record(id).status, RxStatus::kCancelled);
  EXPECT_EQ(stock_at("D0003", "DM2511902", "C-04-03"), 1);
  EXPECT_EQ(stored_reserved("D0003", "DM2511902", "C-04-03"), 0);
}

TEST_F(PharmacyMidnightTest, APrescriptionShortOfStockWithNoPackOutMayBeRejected) {
  PrescriptionId id = short_after_midnight();
  auto rejected = reject(id, "no stock left");
  ASSERT_TRUE(rejected.ok()) << rejected.status().to_string();
  EXPECT_EQ(record(id).status, RxStatus::kRejected);
  EXPECT_EQ(stock_at("D0003", "DM2511902", "C-04-03"), 1);
}

TEST_F(PharmacyStockTest, APackReportedWhileACancellationIsBeingStoredIsStillRecorded) {
  // Two technicians pick the same line at the same moment; the second
  // prescription is cancelled in the instant between their two reports.
  PrescriptionId a = create_ok(rx_json("ST-0050", json::array({item("D0012", 1)}), "P1"));
  PrescriptionId b = create_ok(rx_json("ST-0051", json::array({item("D0012", 1)}), "P2"));
  ASSERT_TRUE(pay(a).ok());
  ASSERT_TRUE(pay(b).ok());
  for (size_t n = 0; record(a).packs.empty() && n < testing_service::kMaxTasks && sched().step(); ++n) {
  }
  ASSERT_EQ(record(a).packs.size(), 1u);
  ASSERT_TRUE(record(b).packs.empty());
  ASSERT_TRUE(cancel(b, "patient left").ok());
  settle();
  int recorded = 0;
  for (PrescriptionId id : {a, b}) {
    recorded += count_events(id, "pack.verified") + count_events(id, "pack.quarantined") +
                count_events(id, "pack.returned");
  }
  uint64_t put_out = shelf_->status().packs_out;
  EXPECT_EQ(put_out, static_cast<uint64_t>(recorded));
}

}  // namespace
}  // namespace rx
