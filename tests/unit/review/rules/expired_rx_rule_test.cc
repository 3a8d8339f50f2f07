#include "review/rules/expired_rx_rule.h"

#include <gtest/gtest.h>

#include "unit/review/test_prescription.h"

namespace rx::testing {
namespace {

std::vector<Finding> expired(const Prescription& rx, std::string_view now) {
  return with_code(review(rx, review_at(now)), "EXPIRED_RX");
}

TEST(ExpiredRxRule, ValidUntilTheEndOfTheIssueDay) {
  auto rx = prescription_with({plain_item(), plain_item()});
  rx.issued_at = shanghai_time("2026-03-29T23:59:00+08:00");
  EXPECT_TRUE(expired(rx, "2026-03-29T23:59:59.999+08:00").empty());

  auto found = expired(rx, "2026-03-30T00:01:00+08:00");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_EQ(found[0].items, (std::vector<int>{0, 1}));
  EXPECT_NE(found[0].evidence.find("valid until 2026-03-30T00:00:00+08:00"), std::string::npos) << found[0].evidence;
}

TEST(ExpiredRxRule, DaysAreLocalDaysOfThePharmacyZone) {
  // 23:59 and 00:01 Shanghai time are 15:59 and 16:01 UTC: one UTC day, two local days.
  auto rx = prescription_with({plain_item()});
  rx.issued_at = shanghai_time("2026-03-29T23:59:00+08:00");
  ReviewContext utc{.now = shanghai_time("2026-03-30T00:01:00+08:00"), .zone = Zone::utc()};
  EXPECT_TRUE(with_code(review(rx, utc), "EXPIRED_RX").empty());
  ReviewContext shanghai{.now = utc.now, .zone = Zone::shanghai()};
  EXPECT_EQ(with_code(review(rx, shanghai), "EXPIRED_RX").size(), 1u);
}

TEST(ExpiredRxRule, AnExtensionOfThreeDays) {
  auto rx = prescription_with({plain_item()});
  rx.extended_validity_days = 3;
  EXPECT_TRUE(expired(rx, "2026-04-01T23:59:59+08:00").empty());
  auto found = expired(rx, "2026-04-02T00:00:00+08:00");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_NE(found[0].message.find("until the end of 2026-04-01"), std::string::npos) << found[0].message;
}

TEST(ExpiredRxRule, AnExtensionOfTwoDaysEndsADayEarlier) {
  auto rx = prescription_with({plain_item()});
  rx.extended_validity_days = 2;
  EXPECT_TRUE(expired(rx, "2026-03-31T23:59:59+08:00").empty());
  EXPECT_EQ(expired(rx, "2026-04-01T00:00:00+08:00").size(), 1u);
}

TEST(ExpiredRxRule, AnExtensionAboveThreeCountsAsThree) {
  auto rx = prescription_with({plain_item()});
  rx.extended_validity_days = 10;
  EXPECT_TRUE(expired(rx, "2026-04-01T12:00:00+08:00").empty());
  EXPECT_EQ(expired(rx, "2026-04-02T00:00:00+08:00").size(), 1u);
}

}  // namespace
}  // namespace rx::testing
