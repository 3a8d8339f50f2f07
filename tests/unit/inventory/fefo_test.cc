#include "inventory/fefo.h"

#include <gtest/gtest.h>

#include "unit/inventory/test_stock.h"

namespace rx::testing {
namespace {

const DrugCode kAmoxicillin("D0032");

StockLedger ledger_of(const std::vector<StockRow>& rows) {
  StockLedger ledger;
  for (const auto& row : rows) EXPECT_TRUE(ledger.receive(row).ok());
  return ledger;
}

Allocation allocate(const StockLedger& ledger, int packs, std::optional<int> days = 7) {
  auto today = demo_today();
  auto r = allocate_fefo(ledger, kAmoxicillin, packs, today, course_end_date(today, days));
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : Allocation{};
}

AllocatedPick pick(std::string_view lot, std::string_view expiry, std::string_view location, int packs) {
  return AllocatedPick{.drug = kAmoxicillin,
                       .lot = LotNo(std::string(lot)),
                       .expiry = date(expiry),
                       .location = LocationCode(std::string(location)),
                       .packs = packs};
}

TEST(CourseEndDate, IsTheLastDayOfTheCourse) {
  EXPECT_EQ(course_end_date(demo_today(), 7), date("2026-12-07"));
  EXPECT_EQ(course_end_date(demo_today(), 1), demo_today());
  EXPECT_EQ(course_end_date(demo_today(), 31), date("2026-12-31"));
  EXPECT_EQ(course_end_date(demo_today(), std::nullopt), demo_today());
}

TEST(AllocateFefo, FirstExpiryFirstAcrossThreeLots) {
  auto ledger = ledger_of({
      stock_row("D0032", "DM2605063", "2029-05-31", "C-08-11", 20),
      stock_row("D0032", "DM2312060", "2027-01-15", "C-02-11", 3),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-04-11", 5),
  });
  auto a = allocate(ledger, 10);
  EXPECT_EQ(a.picks, (std::vector<AllocatedPick>{pick("DM2312060", "2027-01-15", "C-02-11", 3),
                                                 pick("DM2409062", "2027-09-30", "C-04-11", 5),
                                                 pick("DM2605063", "2029-05-31", "C-08-11", 2)}));
  EXPECT_EQ(a.short_packs, 0);
  EXPECT_EQ(a.allocated_packs(), 10);
}

TEST(AllocateFefo, AnExpiredLotIsNeverUsedEvenWhenItIsTheOnlyStock) {
  auto ledger = ledger_of({stock_row("D0032", "DM2311061", "2026-11-18", "C-03-11", 10)});
  auto a = allocate(ledger, 2, 1);
  EXPECT_TRUE(a.picks.empty());
  EXPECT_EQ(a.short_packs, 2);
}

TEST(AllocateFefo, ALotIsUsableThroughItsExpiryDay) {
  auto ledger = ledger_of({stock_row("D0032", "DM2311061", "2026-12-01", "C-03-11", 10)});
  auto a = allocate(ledger, 2, 1);
  EXPECT_EQ(a.picks, (std::vector<AllocatedPick>{pick("DM2311061", "2026-12-01", "C-03-11", 2)}));
  EXPECT_EQ(a.short_packs, 0);
}

TEST(AllocateFefo, ALotExpiringMidCourseIsSkipped) {
  auto ledger = ledger_of({
      stock_row("D0032", "DM2312041", "2026-12-20", "C-09-11", 12),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-04-11", 20),
  });
  // 30 days end on 2026-12-30, after the first lot's expiry.
  EXPECT_EQ(allocate(ledger, 2, 30).picks, (std::vector<AllocatedPick>{pick("DM2409062", "2027-09-30", "C-04-11", 2)}));
  // 20 days end on 2026-12-20: the first lot lasts exactly.
  EXPECT_EQ(allocate(ledger, 2, 20).picks, (std::vector<AllocatedPick>{pick("DM2312041", "2026-12-20", "C-09-11", 2)}));
}

TEST(AllocateFefo, ReservationsReduceWhatCanBeAllocated) {
  auto ledger = ledger_of({
      stock_row("D0032", "DM2312060", "2027-01-15", "C-02-11", 3),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-04-11", 5),
  });
  ASSERT_TRUE(ledger.reserve(kAmoxicillin, LotNo("DM2312060"), LocationCode("C-02-11"), 2).ok());
  ASSERT_TRUE(ledger.reserve(kAmoxicillin, LotNo("DM2409062"), LocationCode("C-04-11"), 4).ok());
  auto a = allocate(ledger, 3);
  EXPECT_EQ(a.picks, (std::vector<AllocatedPick>{pick("DM2312060", "2027-01-15", "C-02-11", 1),
                                                 pick("DM2409062", "2027-09-30", "C-04-11", 1)}));
  EXPECT_EQ(a.short_packs, 1);
}

TEST(AllocateFefo, QuarantinedAndBlockedRowsAreNeverUsed) {
  auto ledger = ledger_of({
      stock_row("D0032", "DM2312060", "2027-01-15", "C-02-11", 3),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-04-11", 5),
      stock_row("D0032", "DM2605063", "2029-05-31", "C-08-11", 4),
  });
  ASSERT_TRUE(ledger.set_quarantined(kAmoxicillin, LotNo("DM2312060"), LocationCode("C-02-11"), true).ok());
  ASSERT_TRUE(ledger.set_blocked(kAmoxicillin, LotNo("DM2409062"), LocationCode("C-04-11"), true).ok());
  auto a = allocate(ledger, 6);
  EXPECT_EQ(a.picks, (std::vector<AllocatedPick>{pick("DM2605063", "2029-05-31", "C-08-11", 4)}));
  EXPECT_EQ(a.short_packs, 2);
}

TEST(AllocateFefo, WithinALotMachinesFirstThenMostAvailableThenCode) {
  auto ledger = ledger_of({
      stock_row("D0032", "DM2409062", "2027-09-30", "S-01-01", 20),
      stock_row("D0032", "DM2409062", "2027-09-30", "F-01-01", 20),
      stock_row("D0032", "DM2409062", "2027-09-30", "R-1-0050", 5),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-02-11", 3),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-01-11", 3),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-03-11", 8),
  });
  auto a = allocate(ledger, 30);
  EXPECT_EQ(a.picks, (std::vector<AllocatedPick>{
                         pick("DM2409062", "2027-09-30", "C-03-11", 8), pick("DM2409062", "2027-09-30", "C-01-11", 3),
                         pick("DM2409062", "2027-09-30", "C-02-11", 3), pick("DM2409062", "2027-09-30", "R-1-0050", 5),
                         pick("DM2409062", "2027-09-30", "F-01-01", 11)}));
  EXPECT_EQ(a.short_packs, 0);
}

TEST(AllocateFefo, OnlyLocationsTheCallerCanPickFrom) {
  auto ledger = ledger_of({
      stock_row("D0032", "DM2312060", "2027-01-15", "R-1-0050", 3),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-04-11", 5),
      stock_row("D0032", "DM2409062", "2027-09-30", "S-01-01", 5),
  });
  auto no_robot = [](const LocationCode& loc) { return location_device(loc) != 'R'; };
  auto a = allocate_fefo(ledger, kAmoxicillin, 7, demo_today(), demo_today(), no_robot);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->picks, (std::vector<AllocatedPick>{pick("DM2409062", "2027-09-30", "C-04-11", 5),
                                                  pick("DM2409062", "2027-09-30", "S-01-01", 2)}));
  auto nothing =
      allocate_fefo(ledger, kAmoxicillin, 7, demo_today(), demo_today(), [](const LocationCode&) { return false; });
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->picks.empty());
  EXPECT_EQ(nothing->short_packs, 7);
}

TEST(AllocateFefo, ASplitSharesALotAmongItsLocationsButNeverChangesTheLot) {
  auto ledger = ledger_of({
      stock_row("D0032", "DM2312060", "2027-01-15", "C-01-11", 2),
      stock_row("D0032", "DM2312060", "2027-01-15", "C-02-11", 4),
      stock_row("D0032", "DM2312060", "2027-01-15", "C-03-11", 1),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-04-11", 9),
  });
  std::vector<std::vector<LotPlace>> asked;
  // One pack from each place of the lot; asks for more than a place has, so
  // the lot's own order fills what is left after the clamp.
  LotSplit one_each = [&](const std::vector<LotPlace>& places, int packs) {
    asked.push_back(places);
    EXPECT_EQ(packs, 5);
    return std::vector<int>{1, 1, 5};
  };
  auto a = allocate_fefo(ledger, kAmoxicillin, 5, demo_today(), demo_today(), {}, one_each);
  ASSERT_TRUE(a.ok());
  // The lot's places come most-available first: C-02-11 (4), C-01-11 (2), C-03-11 (1).
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0][0].location.value(), "C-02-11");
  EXPECT_EQ(asked[0][0].available, 4);
  EXPECT_EQ(a->picks, (std::vector<AllocatedPick>{pick("DM2312060", "2027-01-15", "C-02-11", 3),
                                                  pick("DM2312060", "2027-01-15", "C-01-11", 1),
                                                  pick("DM2312060", "2027-01-15", "C-03-11", 1)}));
  // More than the first lot holds: the split sees each lot in turn, FEFO first.
  asked.clear();
  LotSplit last_first = [&](const std::vector<LotPlace>& places, int packs) {
    asked.push_back(places);
    std::vector<int> out(places.size(), 0);
    out.back() = packs;
    return out;
  };
  auto b = allocate_fefo(ledger, kAmoxicillin, 9, demo_today(), demo_today(), {}, last_first);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(b->picks, (std::vector<AllocatedPick>{pick("DM2312060", "2027-01-15", "C-02-11", 4),
                                                  pick("DM2312060", "2027-01-15", "C-01-11", 2),
                                                  pick("DM2312060", "2027-01-15", "C-03-11", 1),
                                                  pick("DM2409062", "2027-09-30", "C-04-11", 2)}));
}

TEST(AllocateFefo, AShortageIsReportedNotHidden) {
  auto ledger = ledger_of({
      stock_row("D0032", "DM2311061", "2026-11-18", "C-03-11", 10),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-04-11", 2),
      stock_row("D0022", "DM2502042", "2028-02-29", "C-10-08", 20),
  });
  auto a = allocate(ledger, 5);
  EXPECT_EQ(a.picks, (std::vector<AllocatedPick>{pick("DM2409062", "2027-09-30", "C-04-11", 2)}));
  EXPECT_EQ(a.short_packs, 3);
  auto none = allocate_fefo(ledger, DrugCode("D0099"), 4, demo_today(), demo_today());
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->picks.empty());
  EXPECT_EQ(none->short_packs, 4);
}

TEST(AllocateFefo, AllocatingIsThenDispensedLotByLotExactly) {
  auto ledger = ledger_of({
      stock_row("D0032", "DM2312060", "2027-01-15", "C-02-11", 3),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-04-11", 5),
      stock_row("D0032", "DM2409062", "2027-09-30", "C-05-11", 5),
  });
  auto a = allocate(ledger, 7);
  ASSERT_EQ(a.short_packs, 0);
  for (const auto& p : a.picks) ASSERT_TRUE(ledger.reserve(p.drug, p.lot, p.location, p.packs).ok());
  for (const auto& p : a.picks) ASSERT_TRUE(ledger.dispense(p.drug, p.lot, p.location, p.packs).ok());
  auto rows = ledger.rows_for(kAmoxicillin);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].row.quantity, 0);  // DM2312060 C-02-11
  EXPECT_EQ(rows[1].row.quantity, 1);  // DM2409062 C-04-11 (code breaks the tie)
  EXPECT_EQ(rows[2].row.quantity, 5);  // DM2409062 C-05-11
  for (const auto& r : rows) EXPECT_EQ(r.reserved, 0);
  EXPECT_EQ(total_quantity(ledger), 13 - 7);
}

TEST(AllocateFefo, RefusesImpossibleRequests) {
  auto ledger = ledger_of({stock_row("D0032", "DM2409062", "2027-09-30", "C-04-11", 5)});
  auto negative = allocate_fefo(ledger, kAmoxicillin, -1, demo_today(), demo_today());
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.status().field(), "packs");
  auto backwards = allocate_fefo(ledger, kAmoxicillin, 1, demo_today(), date("2026-11-30"));
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.status().field(), "course_end");
  auto zero = allocate_fefo(ledger, kAmoxicillin, 0, demo_today(), demo_today());
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE(zero->picks.empty());
  EXPECT_EQ(zero->short_packs, 0);
}

}  // namespace
}  // namespace rx::testing
