#include "inventory/stock_status.h"

#include <gtest/gtest.h>

#include "unit/inventory/test_stock.h"

namespace rx::testing {
namespace {

StockStatus status_of(std::string_view expiry, bool quarantined = false, bool blocked = false) {
  auto row = stock_row("D0001", "DM2312001", expiry, "C-01-01", 9);
  row.quarantined = quarantined;
  row.blocked = blocked;
  return stock_status(row, demo_today(), 60);
}

TEST(StockStatus, UsableThroughTheExpiryDay) {
  EXPECT_EQ(status_of("2026-11-30"), StockStatus::kExpired);
  EXPECT_EQ(status_of("2026-12-01"), StockStatus::kNearExpiry);
}

TEST(StockStatus, NearExpiryWithinTheGivenDays) {
  EXPECT_EQ(status_of("2027-01-30"), StockStatus::kNearExpiry);  // today + 60
  EXPECT_EQ(status_of("2027-01-31"), StockStatus::kAvailable);
  EXPECT_EQ(stock_status(stock_row("D0001", "L", "2026-12-02", "C-01-01", 1), demo_today(), 0),
            StockStatus::kAvailable);
}

TEST(StockStatus, FlagsComeBeforeDates) {
  EXPECT_EQ(status_of("2026-11-18", true, false), StockStatus::kQuarantined);
  EXPECT_EQ(status_of("2028-06-30", true, true), StockStatus::kQuarantined);
  EXPECT_EQ(status_of("2026-11-18", false, true), StockStatus::kExpired) << "blocked because it expired";
  EXPECT_EQ(status_of("2028-06-30", false, true), StockStatus::kBlocked);
}

}  // namespace
}  // namespace rx::testing
