// Expired lots blocked as they expire, their removal tasks, and recalls, in virtual time.
#include <algorithm>

#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::at_local;
using testing_service::item;
using testing_service::json;
using testing_service::kPharmacist;
using testing_service::rx_json;

class ExpiryAndRecallTest : public testing_service::PharmacyTest {
 protected:
  // The only stock of clopidogrel (D0003): lot TODAY-A, expiring on `expiry`,
  // at C-04-01, and lot LATER-B at C-04-03.
  void clopidogrel_lots(std::string_view expiry, int today_packs = 3, int later_packs = 5) {
    std::erase_if(initial_stock_, [](const StockRow& r) { return r.lot.drug.value() == "D0003"; });
    initial_stock_.push_back(StockRow{Lot{DrugCode("D0003"), LotNo("TODAY-A"), *parse_date(expiry)},
                                      LocationCode("C-04-01"), today_packs});
    initial_stock_.push_back(StockRow{Lot{DrugCode("D0003"), LotNo("LATER-B"), *parse_date("2028-11-30")},
                                      LocationCode("C-04-03"), later_packs});
  }

  const StockRow* row(std::string_view drug, std::string_view lot, std::string_view location) {
    rows_ = ph().stock(DrugCode(std::string(drug)));
    for (const auto& r : rows_) {
      if (r.lot.lot.value() == lot && r.location.value() == location) return &r;
    }
    return nullptr;
  }
  bool blocked(std::string_view drug, std::string_view lot, std::string_view location) {
    const StockRow* r = row(drug, lot, location);
    EXPECT_NE(r, nullptr) << "no row " << drug << " " << lot << " " << location;
    return r != nullptr && r->blocked;
  }

  std::vector<StockTask> removals(std::string_view lot) {
    std::vector<StockTask> out;
    for (const StockTask& t : ph().tasks(TaskKind::kRemove, std::nullopt)) {
      if (t.lot && t.lot->value() == lot) out.push_back(t);
    }
    return out;
  }

  // The stored events of a type, from the whole log.
  std::vector<Event> events_of(std::string_view type) {
    std::vector<Event> out;
    auto page = store_->events_after(EventSeq(0), 1'000'000);
    EXPECT_TRUE(page.ok()) << page.status().to_string();
    if (!page.ok()) return out;
    for (auto& e : *page) {
      if (e.type == type) out.push_back(std::move(e));
    }
    return out;
  }

  Status recall(std::optional<DrugCode> drug, std::string lot, std::string reason) {
    return await_status([&](auto done) { ph().recall(drug, LotNo(lot), reason, kPharmacist, done); });
  }

  // A paid prescription of D0003 for one day, so that a lot expiring today may serve it.
  PrescriptionId one_day_clopidogrel(std::string no, int packs) {
    json one_day = item("D0003", packs);
    one_day["days"] = 1;
    PrescriptionId id = create_ok(rx_json(std::move(no), json::array({one_day}), "P1", now()));
    EXPECT_TRUE(pay(id).ok());
    return id;
  }

  std::vector<StockRow> rows_;
};

TEST_F(ExpiryAndRecallTest, ALotExpiredAtOpenIsBlockedWithOneRemovalTaskPerLocation) {
  start();
  // D0032's lot DM2311061 expired on 2026-11-18, before the day the pharmacy opens.
  EXPECT_TRUE(blocked("D0032", "DM2311061", "C-03-11"));
  EXPECT_EQ(ph().stock_status(*row("D0032", "DM2311061", "C-03-11")), StockStatus::kExpired)
      << "the status still says why it is blocked";
  for (const StockRow& r : ph().stock(DrugCode("D0032"))) {
    if (r.lot.lot.value() != "DM2311061") {
      EXPECT_FALSE(r.blocked) << r.lot.lot.value();
    }
  }
  auto tasks = removals("DM2311061");
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].state, TaskState::kOpen);
  EXPECT_EQ(tasks[0].location.value(), "C-03-11");
  EXPECT_EQ(tasks[0].quantity, 10);
  EXPECT_EQ(tasks[0].reason, "expired");
  auto events = events_of("stock.blocked");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].payload.find("\"reason\":\"expired\""), std::string::npos) << events[0].payload;
}

TEST_F(ExpiryAndRecallTest, ARestartOpensNoSecondTaskAndBlocksNothingAgain) {
  testing_service::TempDir dir;
  const std::string db = dir.file("rx.db");
  start({}, db);
  ASSERT_EQ(removals("DM2311061").size(), 1u);
  stop();
  start({}, db);
  EXPECT_TRUE(blocked("D0032", "DM2311061", "C-03-11"));
  EXPECT_EQ(removals("DM2311061").size(), 1u);
  EXPECT_EQ(events_of("stock.blocked").size(), 1u);
}

TEST_F(ExpiryAndRecallTest, ALotIsBlockedAtTheEndOfItsLastDayAndNotBefore) {
  clopidogrel_lots("2026-12-01");
  open_pharmacy({}, ":memory:", testing_service::start_instant());
  run_until(at_local("2026-12-01T23:59:59.999+08:00"));
  EXPECT_FALSE(blocked("D0003", "TODAY-A", "C-04-01")) << "usable through its last millisecond";
  EXPECT_TRUE(removals("TODAY-A").empty());
  run_until(at_local("2026-12-02T00:00:00+08:00"));
  EXPECT_TRUE(blocked("D0003", "TODAY-A", "C-04-01"));
  EXPECT_FALSE(blocked("D0003", "LATER-B", "C-04-03"));
  ASSERT_EQ(removals("TODAY-A").size(), 1u);
  EXPECT_EQ(removals("TODAY-A")[0].opened_at, at_local("2026-12-02T00:00:00+08:00"));
  auto events = events_of("stock.blocked");
  ASSERT_EQ(events.size(), 2u);  // and the lot that had expired before the day began
  EXPECT_EQ(events.back().at, at_local("2026-12-02T00:00:00+08:00"));
}

TEST_F(ExpiryAndRecallTest, AClockJumpOverMidnightBlocksAtTheExpiryInstant) {
  clopidogrel_lots("2026-12-01");
  open_pharmacy({}, ":memory:", at_local("2026-12-01T10:00:00+08:00"));
  run_until(at_local("2026-12-03T15:30:00+08:00"));  // mid-day, two days on
  EXPECT_TRUE(blocked("D0003", "TODAY-A", "C-04-01"));
  auto events = events_of("stock.blocked");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().at, at_local("2026-12-02T00:00:00+08:00"));
  EXPECT_EQ(removals("TODAY-A").size(), 1u);
}

TEST_F(ExpiryAndRecallTest, ALotWhoseDayEndedWhileNothingHappenedIsBlockedAtTheNextEvent) {
  clopidogrel_lots("2026-12-02");
  start();  // 2026-12-01 09:00: the lot has a day to go, so no timer yet
  run_until(at_local("2026-12-03T09:00:00+08:00"));
  EXPECT_FALSE(blocked("D0003", "TODAY-A", "C-04-01")) << "the pharmacy was idle";
  PrescriptionId id = create_ok(rx_json("EX-0001", json::array({item("D0001", 1)}), "P1", now()));
  ASSERT_NE(id.value(), 0);
  settle();
  EXPECT_TRUE(blocked("D0003", "TODAY-A", "C-04-01"));
  EXPECT_EQ(removals("TODAY-A").size(), 1u);
}

TEST_F(ExpiryAndRecallTest, ALotExpiringTonightIsWatchedOnceADayHasEvents) {
  clopidogrel_lots("2026-12-03");
  start();
  run_until(at_local("2026-12-03T08:00:00+08:00"));
  create_ok(rx_json("EX-0002", json::array({item("D0001", 1)}), "P1", now()));
  run_until(at_local("2026-12-03T23:59:59.999+08:00"));
  EXPECT_FALSE(blocked("D0003", "TODAY-A", "C-04-01"));
  run_until(at_local("2026-12-04T00:00:00+08:00"));
  EXPECT_TRUE(blocked("D0003", "TODAY-A", "C-04-01"));
}

TEST_F(ExpiryAndRecallTest, PacksOfAnExpiredLotWaitingInABasketAreTakenBackAndPickedAgain) {
  clopidogrel_lots("2026-12-01", 1, 5);
  open_pharmacy({}, ":memory:", at_local("2026-12-01T23:50:00+08:00"));
  PrescriptionId id = one_day_clopidogrel("EX-0010", 1);
  run_until(at_local("2026-12-01T23:59:00+08:00"));
  {
    const PrescriptionRecord& r = record(id);
    ASSERT_EQ(r.status, RxStatus::kReady);
    ASSERT_EQ(r.packs.size(), 1u);
    ASSERT_EQ(r.packs[0].pack.lot.value(), "TODAY-A");
    ASSERT_TRUE(r.packs[0].verified);
  }
  settle();
  const PrescriptionRecord& r = record(id);
  EXPECT_EQ(r.status, RxStatus::kReady);
  ASSERT_EQ(r.packs.size(), 2u);
  EXPECT_FALSE(r.packs[0].verified) << "an expired pack is never handed out";
  EXPECT_NE(r.packs[0].verification.find("expired"), std::string::npos) << r.packs[0].verification;
  EXPECT_TRUE(r.packs[1].verified);
  EXPECT_EQ(r.packs[1].pack.lot.value(), "LATER-B");
  EXPECT_EQ(r.packs_planned(), 1);
  EXPECT_EQ(count_events(id, "pack.withdrawn"), 1);
  EXPECT_EQ(stock_at("D0003", "TODAY-A", "Q-BIN"), 1) << "the pack went to the quarantine bin";
  EXPECT_EQ(stock_at("D0003", "LATER-B", "C-04-03"), 4);
}

// --- Recall. ---

class RecallTest : public ExpiryAndRecallTest {
 protected:
  // D0001 from lot DM2312001 (FEFO's first), handed over at window 1.
  PrescriptionId handed_over_d0001(std::string no, std::string patient) {
    PrescriptionId id = create_ok(rx_json(std::move(no), json::array({item("D0001", 2)}), std::move(patient), now()));
    EXPECT_TRUE(pay(id).ok());
    EXPECT_TRUE(check_in(id).ok());
    settle();
    auto handed = hand_over(id);
    EXPECT_TRUE(handed.ok()) << handed.status().to_string();
    return id;
  }
};

TEST_F(RecallTest, ARecallBlocksTheLotOpensTasksAndReportsWhoReceivedIt) {
  start();
  PrescriptionId first = handed_over_d0001("RC-0001", "P100");
  PrescriptionId second = handed_over_d0001("RC-0002", "P200");
  ASSERT_TRUE(recall(std::nullopt, "DM2312001", "supplier recall notice 2026-17").ok());
  EXPECT_TRUE(blocked("D0001", "DM2312001", "C-01-01"));
  EXPECT_FALSE(blocked("D0001", "DM2506002", "C-02-01"));
  auto tasks = removals("DM2312001");
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].reason, "recall");
  EXPECT_EQ(tasks[0].quantity, 5);
  EXPECT_EQ(events_of("stock.recalled").size(), 1u);

  auto report = ph().recall_report(LotNo("DM2312001"), std::nullopt);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_TRUE(report->blocked);
  ASSERT_EQ(report->dispensed.size(), 2u);
  const RecallRecipient& a = report->dispensed[0];
  EXPECT_EQ(a.prescription_id, first);
  EXPECT_EQ(a.prescription_no, "RC-0001");
  EXPECT_EQ(a.patient_id.value(), "P100");
  EXPECT_EQ(a.packs, 2);
  EXPECT_EQ(a.codes.size(), 2u);
  EXPECT_EQ(a.handed_over_at, record(first).handed_over_at);
  EXPECT_TRUE(a.handed_over_at.has_value());
  EXPECT_EQ(a.window, record(first).window);
  EXPECT_EQ(report->dispensed[1].prescription_id, second);
  EXPECT_EQ(report->dispensed[1].patient_id.value(), "P200");
  ASSERT_EQ(report->recalls.size(), 1u);
  EXPECT_EQ(report->recalls[0].reason, "supplier recall notice 2026-17");
  EXPECT_EQ(report->tasks.size(), 1u);
}

TEST_F(RecallTest, RecallingAgainChangesNothing) {
  start();
  handed_over_d0001("RC-0003", "P100");
  ASSERT_TRUE(recall(DrugCode("D0001"), "DM2312001", "first notice").ok());
  long long seq = stored_last_seq();
  ASSERT_TRUE(recall(DrugCode("D0001"), "DM2312001", "second notice").ok());
  EXPECT_EQ(stored_last_seq(), seq);
  EXPECT_EQ(removals("DM2312001").size(), 1u);
  auto report = ph().recall_report(LotNo("DM2312001"), DrugCode("D0001"));
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->recalls.size(), 1u);
  EXPECT_EQ(report->recalls[0].reason, "first notice");
}

TEST_F(RecallTest, PacksOfARecalledLotNotYetHandedOverAreTakenBackAndPickedFromAnotherLot) {
  start();
  PrescriptionId id = create_ok(rx_json("RC-0010", json::array({item("D0001", 2)}), "P300", now()));
  ASSERT_TRUE(pay(id).ok());
  settle();
  ASSERT_EQ(record(id).status, RxStatus::kReady);
  ASSERT_EQ(record(id).packs[0].pack.lot.value(), "DM2312001");
  ASSERT_TRUE(recall(std::nullopt, "DM2312001", "contamination").ok());
  settle();
  const PrescriptionRecord& r = record(id);
  EXPECT_EQ(r.status, RxStatus::kReady);
  EXPECT_EQ(r.packs_verified(), 2);
  for (const auto& p : r.packs) {
    if (p.verified) {
      EXPECT_EQ(p.pack.lot.value(), "DM2506002");
    }
  }
  EXPECT_EQ(count_events(id, "pack.withdrawn"), 2);
  EXPECT_EQ(stock_at("D0001", "DM2312001", "Q-BIN"), 2);
  auto report = ph().recall_report(LotNo("DM2312001"), std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->dispensed.empty()) << "no pack of the lot is on its way to the patient any more";
}

TEST_F(RecallTest, AReportListsPrescriptionsStillOnTheirWayAsNotHandedOver) {
  start();
  PrescriptionId id = create_ok(rx_json("RC-0020", json::array({item("D0001", 1)}), "P400", now()));
  ASSERT_TRUE(pay(id).ok());
  settle();
  auto report = ph().recall_report(LotNo("DM2312001"), DrugCode("D0001"));
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->dispensed.size(), 1u);
  EXPECT_EQ(report->dispensed[0].status, RxStatus::kReady);
  EXPECT_FALSE(report->dispensed[0].handed_over_at.has_value());
  EXPECT_FALSE(report->blocked);
  EXPECT_TRUE(report->recalls.empty());
}

TEST_F(RecallTest, RefusesAnUnknownLotAnEmptyReasonAndAnUnknownDrug) {
  start();
  long long seq = stored_last_seq();
  Status unknown = recall(std::nullopt, "NO-SUCH-LOT", "notice");
  EXPECT_EQ(unknown.code(), ErrorCode::kNotFound);
  EXPECT_NE(unknown.message().find("NO-SUCH-LOT"), std::string::npos) << unknown.message();
  Status no_reason = recall(std::nullopt, "DM2312001", "");
  EXPECT_EQ(no_reason.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_reason.field(), "reason");
  Status no_lot = recall(std::nullopt, "", "notice");
  EXPECT_EQ(no_lot.field(), "lot");
  Status bad_drug = recall(DrugCode("D9999"), "DM2312001", "notice");
  EXPECT_EQ(bad_drug.field(), "drug");
  Status other_drug = recall(DrugCode("D0002"), "DM2312001", "notice");
  EXPECT_EQ(other_drug.code(), ErrorCode::kNotFound) << "the lot is D0001's";
  EXPECT_EQ(stored_last_seq(), seq);
  EXPECT_FALSE(blocked("D0001", "DM2312001", "C-01-01"));
}

TEST_F(ExpiryAndRecallTest, TheNearExpiryListFollowsTheDays) {
  start();
  auto within_30 = ph().near_expiry(30);  // through 2026-12-31
  ASSERT_TRUE(within_30.ok());
  std::set<std::string> lots;
  for (const auto& r : *within_30) lots.insert(r.lot.lot.value());
  EXPECT_EQ(lots, (std::set<std::string>{"DM2312001", "DM2312041", "DM2311061", "DM2312085", "DM2412152"}));
  EXPECT_EQ(within_30->front().lot.lot.value(), "DM2311061") << "earliest expiry first";
  auto bad = ph().near_expiry(-1);
  EXPECT_EQ(bad.status().field(), "within_days");
}

}  // namespace
}  // namespace rx
