#include "inventory/expiry.h"

#include <gtest/gtest.h>

#include "unit/inventory/test_stock.h"

namespace rx::testing {
namespace {

const Zone kShanghai = Zone::shanghai();

Instant local(std::string_view text) { return *parse_instant(text, kShanghai); }

std::vector<std::string> lots_of(const std::vector<StockRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.lot.lot.value() + "@" + r.location.value());
  return out;
}

std::vector<StockRow> demo_rows() {
  return {stock_row("D0001", "LATE", "2028-06-30", "C-02-01", 20),
          stock_row("D0001", "SOON", "2027-02-28", "C-01-01", 9),
          stock_row("D0002", "EDGE", "2027-03-01", "R-1-0050", 4),
          stock_row("D0003", "GONE", "2026-11-18", "C-03-11", 10),
          stock_row("D0003", "EMPTY", "2026-12-05", "C-03-12", 0)};
}

TEST(NearExpiry, ListsLotsWithinTheDaysByExpiryIncludingExpiredOnes) {
  auto rows = near_expiry(demo_rows(), demo_today(), 90);  // through 2027-03-01
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  EXPECT_EQ(lots_of(*rows), (std::vector<std::string>{"GONE@C-03-11", "SOON@C-01-01", "EDGE@R-1-0050"}));
}

TEST(NearExpiry, TheLastDayCountsAndTheDayAfterDoesNot) {
  auto through_edge = near_expiry(demo_rows(), demo_today(), 90);
  auto before_edge = near_expiry(demo_rows(), demo_today(), 89);
  ASSERT_TRUE(through_edge.ok() && before_edge.ok());
  EXPECT_EQ(through_edge->size(), 3u);
  EXPECT_EQ(lots_of(*before_edge), (std::vector<std::string>{"GONE@C-03-11", "SOON@C-01-01"}));
}

TEST(NearExpiry, LeavesOutQuarantinedAndEmptyRows) {
  auto rows = demo_rows();
  rows[1].quarantined = true;
  auto out = near_expiry(rows, demo_today(), 90);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(lots_of(*out), (std::vector<std::string>{"GONE@C-03-11", "EDGE@R-1-0050"}));
}

TEST(NearExpiry, RefusesDaysOutOfRangeNamingTheField) {
  auto negative = near_expiry(demo_rows(), demo_today(), -1);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(negative.status().field(), "within_days");
  EXPECT_FALSE(near_expiry(demo_rows(), demo_today(), kMaxNearExpiryDays + 1).ok());
  EXPECT_TRUE(near_expiry(demo_rows(), demo_today(), kMaxNearExpiryDays).ok());
  EXPECT_TRUE(near_expiry(demo_rows(), demo_today(), 0).ok());
}

TEST(ExpiredUnblocked, ALotIsUsableUntilTheLastMillisecondOfItsDay) {
  std::vector<StockRow> rows = {stock_row("D0001", "TODAY", "2026-12-31", "C-01-01", 9)};
  EXPECT_TRUE(expired_unblocked(rows, kShanghai, local("2026-12-31T23:59:59.999+08:00")).empty());
  EXPECT_EQ(lots_of(expired_unblocked(rows, kShanghai, local("2027-01-01T00:00:00+08:00"))),
            std::vector<std::string>{"TODAY@C-01-01"});
}

TEST(ExpiredUnblocked, SkipsBlockedAndQuarantinedRowsButNotEmptyOnes) {
  auto rows = demo_rows();
  Instant now = local("2026-12-10T12:00:00+08:00");
  EXPECT_EQ(lots_of(expired_unblocked(rows, kShanghai, now)),
            (std::vector<std::string>{"GONE@C-03-11", "EMPTY@C-03-12"}));
  rows[3].blocked = true;
  rows[4].quarantined = true;
  EXPECT_TRUE(expired_unblocked(rows, kShanghai, now).empty());
}

TEST(ExpiredUnblocked, TheDayEndsInThePharmacysZone) {
  std::vector<StockRow> rows = {stock_row("D0001", "TODAY", "2026-12-31", "C-01-01", 9)};
  // 2026-12-31T16:00Z is midnight in Shanghai but still the 31st in UTC.
  Instant utc_afternoon = *parse_instant("2026-12-31T16:00:00Z", Zone::utc());
  EXPECT_EQ(expired_unblocked(rows, kShanghai, utc_afternoon).size(), 1u);
  EXPECT_TRUE(expired_unblocked(rows, Zone::utc(), utc_afternoon).empty());
}

TEST(NextExpiry, IsTheEndOfTheEarliestExpiryDayStillToBlock) {
  auto rows = demo_rows();
  EXPECT_EQ(next_expiry(rows, kShanghai), local("2026-11-19T00:00:00+08:00"));
  rows[3].blocked = true;  // GONE is dealt with; EMPTY's packs may be on their way to a patient
  EXPECT_EQ(next_expiry(rows, kShanghai), local("2026-12-06T00:00:00+08:00"));
  rows[4].blocked = true;
  EXPECT_EQ(next_expiry(rows, kShanghai), local("2027-03-01T00:00:00+08:00"));
  EXPECT_EQ(next_expiry(rows, Zone::utc()), *parse_instant("2027-03-01T00:00:00Z", Zone::utc()));
}

TEST(NextExpiry, NoneWithoutUnblockedRows) {
  EXPECT_FALSE(next_expiry({}, kShanghai).has_value());
  std::vector<StockRow> rows = {stock_row("D0001", "Q", "2027-01-01", "Q-BIN", 1)};
  rows[0].quarantined = true;
  EXPECT_FALSE(next_expiry(rows, kShanghai).has_value());
}

}  // namespace
}  // namespace rx::testing
