#include "inventory/stocktake.h"

#include <gtest/gtest.h>

#include "unit/inventory/test_stock.h"

namespace rx {
namespace {

using testing::date;
using testing::stock_row;

Instant at(std::string_view text) { return *parse_instant(text, Zone::shanghai()); }

Lot lot(std::string_view drug, std::string_view no, std::string_view expiry) {
  return Lot{DrugCode(std::string(drug)), LotNo(std::string(no)), date(expiry)};
}

CountScan scan(std::string_view location, Lot l, int packs, std::string serial, Instant when) {
  return CountScan{LocationCode(std::string(location)), std::move(l), packs, std::move(serial), when};
}

Stocktake count_of(std::vector<std::string> locations) {
  Stocktake c;
  c.id = 7;
  for (auto& l : locations) c.scope.push_back(LocationCode(l));
  c.started_at = at("2026-12-01T18:00:00");
  c.started_by = "technician:li";
  return c;
}

TEST(Stocktake, ReportsExpectedAgainstCountedPerLotAndLocation) {
  Stocktake c = count_of({"C-01-01", "C-02-01"});
  std::vector<StockRow> shelf = {stock_row("D0001", "A1", "2027-06-30", "C-01-01", 3),
                                 stock_row("D0001", "B2", "2027-09-30", "C-01-01", 2),
                                 stock_row("D0002", "C3", "2027-01-31", "C-02-01", 5)};
  Lot a1 = lot("D0001", "A1", "2027-06-30");
  ASSERT_TRUE(record_scan(c, scan("C-01-01", a1, 1, "S1", at("2026-12-01T18:01:00")), shelf).ok());
  ASSERT_TRUE(record_scan(c, scan("C-01-01", a1, 1, "S2", at("2026-12-01T18:01:05")), shelf).ok());
  ASSERT_TRUE(record_scan(c, scan("C-01-01", a1, 2, "S3", at("2026-12-01T18:01:10")), shelf).ok());

  std::vector<CountLine> report = discrepancy_report(c);
  ASSERT_EQ(report.size(), 2u);
  EXPECT_EQ(report[0], (CountLine{a1, LocationCode("C-01-01"), 3, 4}));
  EXPECT_EQ(report[0].difference(), 1);
  // A lot on record but not found: counted 0, two packs short.
  EXPECT_EQ(report[1], (CountLine{lot("D0001", "B2", "2027-09-30"), LocationCode("C-01-01"), 2, 0}));
  EXPECT_EQ(report[1].difference(), -2);
  // C-02-01 is not counted yet: it has no line and no correction.
  EXPECT_EQ(uncounted_locations(c), std::vector<LocationCode>{LocationCode("C-02-01")});
}

TEST(Stocktake, ExpectedIsTheStockAtTheLocationsLastScan) {
  Stocktake c = count_of({});
  Lot a1 = lot("D0001", "A1", "2027-06-30");
  ASSERT_TRUE(record_scan(c, scan("C-01-01", a1, 1, "S1", at("2026-12-01T18:01:00")),
                          {stock_row("D0001", "A1", "2027-06-30", "C-01-01", 5)})
                  .ok());
  // A pack was dispensed from the location before its last scan: 4 remain.
  ASSERT_TRUE(record_scan(c, scan("C-01-01", a1, 3, "S2", at("2026-12-01T18:02:00")),
                          {stock_row("D0001", "A1", "2027-06-30", "C-01-01", 4)})
                  .ok());
  std::vector<CountLine> report = discrepancy_report(c);
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0].expected, 4);
  EXPECT_EQ(report[0].counted, 4);
  EXPECT_EQ(c.counts[0].counted_at, at("2026-12-01T18:02:00"));
  // Every location is in scope; none is listed as left to count.
  EXPECT_TRUE(uncounted_locations(c).empty());
}

TEST(Stocktake, AnEmptyLocationIsCountedWithoutAPack) {
  Stocktake c = count_of({"C-05-01"});
  Status s = record_scan(c, scan("C-05-01", Lot{}, 0, "", at("2026-12-01T18:03:00")),
                         {stock_row("D0003", "L9", "2027-01-31", "C-05-01", 2)});
  ASSERT_TRUE(s.ok()) << s.to_string();
  std::vector<CountLine> report = discrepancy_report(c);
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0].difference(), -2);
  EXPECT_TRUE(uncounted_locations(c).empty());
}

TEST(Stocktake, RefusedScansChangeNothing) {
  Stocktake c = count_of({"C-01-01"});
  Lot a1 = lot("D0001", "A1", "2027-06-30");
  std::vector<StockRow> shelf = {stock_row("D0001", "A1", "2027-06-30", "C-01-01", 3)};
  ASSERT_TRUE(record_scan(c, scan("C-01-01", a1, 1, "S1", at("2026-12-01T18:01:00")), shelf).ok());
  const std::vector<CountLine> before = discrepancy_report(c);

  Status outside = record_scan(c, scan("C-09-09", a1, 1, "S2", at("2026-12-01T18:02:00")), shelf);
  EXPECT_EQ(outside.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(outside.field(), "location");

  Status twice = record_scan(c, scan("C-01-01", a1, 1, "S1", at("2026-12-01T18:02:00")), shelf);
  EXPECT_EQ(twice.code(), ErrorCode::kConflict);
  EXPECT_EQ(twice.reason(), "DUPLICATE_SERIAL");

  Status too_many = record_scan(c, scan("C-01-01", a1, kMaxPacksPerScan + 1, "", at("2026-12-01T18:02:00")), shelf);
  EXPECT_EQ(too_many.field(), "quantity");
  Status none = record_scan(c, scan("C-01-01", a1, 0, "", at("2026-12-01T18:02:00")), shelf);
  EXPECT_EQ(none.field(), "quantity");

  Status other_expiry =
      record_scan(c, scan("C-01-01", lot("D0001", "A1", "2027-07-31"), 1, "S3", at("2026-12-01T18:02:00")), shelf);
  EXPECT_EQ(other_expiry.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(other_expiry.message().find("2027-06-30"), std::string::npos) << other_expiry.message();

  EXPECT_EQ(discrepancy_report(c), before);
  EXPECT_EQ(c.serials, std::vector<std::string>{"S1"});
  EXPECT_EQ(c.counts[0].counted_at, at("2026-12-01T18:01:00"));
}

TEST(Stocktake, AnApprovedCountTakesNoMoreScansAndIsApprovedOnce) {
  Stocktake c = count_of({"C-01-01"});
  ASSERT_TRUE(approve_count(c, at("2026-12-01T19:00:00"), "admin:zhou").ok());
  EXPECT_EQ(c.state, StocktakeState::kApproved);
  EXPECT_EQ(c.approved_by, "admin:zhou");
  Status again = approve_count(c, at("2026-12-01T19:01:00"), "admin:qian");
  EXPECT_EQ(again.code(), ErrorCode::kConflict);
  EXPECT_EQ(c.approved_by, "admin:zhou");
  Status late = record_scan(c, scan("C-01-01", lot("D0001", "A1", "2027-06-30"), 1, "S1", at("2026-12-01T19:02:00")),
                            {});
  EXPECT_EQ(late.code(), ErrorCode::kConflict);
  EXPECT_TRUE(c.counts.empty());
}

}  // namespace
}  // namespace rx
