#include "review/rules/prescription_format_rule.h"

#include <gtest/gtest.h>

#include "unit/review/test_prescription.h"

namespace rx::testing {
namespace {

TEST(PrescriptionFormatRule, IssuedUpToFiveMinutesAheadPasses) {
  auto rx = prescription_with({plain_item()});
  rx.issued_at = shanghai_time("2026-03-29T10:05:00+08:00");
  EXPECT_TRUE(review(rx, review_at("2026-03-29T10:00:00+08:00")).empty());
}

TEST(PrescriptionFormatRule, IssuedMoreThanFiveMinutesAheadWarns) {
  auto rx = prescription_with({plain_item(), plain_item()});
  rx.issued_at = shanghai_time("2026-03-29T10:05:00.001+08:00");
  auto found = with_code(review(rx, review_at("2026-03-29T10:00:00+08:00")), "FORMAT");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarn);
  EXPECT_EQ(found[0].items, (std::vector<int>{0, 1}));
  EXPECT_NE(found[0].message.find("issued_at"), std::string::npos) << found[0].message;
}

TEST(PrescriptionFormatRule, AnExtensionOutsideZeroToThreeWarns) {
  auto rx = prescription_with({plain_item()});
  rx.extended_validity_days = 3;
  EXPECT_TRUE(with_code(review(rx), "FORMAT").empty());
  rx.extended_validity_days = 4;
  auto found = with_code(review(rx), "FORMAT");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarn);
  EXPECT_EQ(found[0].evidence, "extended_validity_days = 4");
  rx.extended_validity_days = -1;
  EXPECT_EQ(with_code(review(rx), "FORMAT").size(), 1u);
}

}  // namespace
}  // namespace rx::testing
