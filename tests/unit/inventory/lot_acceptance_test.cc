#include "inventory/lot_acceptance.h"

#include <gtest/gtest.h>

#include "unit/inventory/test_stock.h"

namespace rx {
namespace {

using testing::date;

Lot lot(std::string_view expiry) { return Lot{DrugCode("D0001"), LotNo("L1"), date(expiry)}; }

TEST(LotAcceptance, ShelfLifeCountsWholeDaysFromToday) {
  Date today = date("2026-12-01");
  EXPECT_EQ(check_shelf_life(lot("2026-11-30"), today, 30).reason(), kExpired);
  EXPECT_EQ(check_shelf_life(lot("2026-12-01"), today, 30).reason(), kShortDated);
  EXPECT_EQ(check_shelf_life(lot("2026-12-30"), today, 30).reason(), kShortDated);
  EXPECT_TRUE(check_shelf_life(lot("2026-12-31"), today, 30).ok());
  EXPECT_TRUE(check_shelf_life(lot("2026-12-01"), today, 0).ok()) << "usable until the end of its expiry day";
  Status s = check_shelf_life(lot("2026-12-10"), today, 30);
  EXPECT_EQ(s.field(), "expiry");
  EXPECT_NE(s.message().find("in 9 days"), std::string::npos) << s.message();
}

TEST(LotAcceptance, TheStockMustAgreeAndNotBlockTheLot) {
  std::vector<StockProjection> stock = {{testing::stock_row("D0001", "L1", "2028-06-30", "C-01-01", 2), 0},
                                        {testing::stock_row("D0002", "L1", "2029-01-31", "C-02-01", 2), 0}};
  EXPECT_TRUE(check_lot_against_stock(lot("2028-06-30"), stock).ok());
  EXPECT_EQ(check_lot_against_stock(lot("2028-07-31"), stock).reason(), kExpiryMismatch);
  EXPECT_TRUE(check_lot_against_stock(lot("2028-06-30"), {}).ok());
  stock[0].row.blocked = true;
  EXPECT_EQ(check_lot_against_stock(lot("2028-06-30"), stock).reason(), kBlockedLot);
}

TEST(LotAcceptance, RefusalsAreKnownByName) {
  for (auto r : {kBadCode, kUnknownGtin, kExpired, kShortDated, kDuplicateSerial, kOverCapacity, kMissingLot,
                 kMissingExpiry}) {
    EXPECT_TRUE(is_stock_in_refusal(r)) << r;
  }
  EXPECT_FALSE(is_stock_in_refusal(""));
  EXPECT_FALSE(is_stock_in_refusal("UNKNOWN_DRUG"));
}

}  // namespace
}  // namespace rx
