#include "review/rules/max_days_rule.h"

#include <gtest/gtest.h>

#include "unit/review/test_prescription.h"

namespace rx::testing {
namespace {

Prescription supply_of(int days, VisitType visit = VisitType::kOutpatient,
                       std::optional<std::string> reason = std::nullopt) {
  auto item = plain_item();
  item.days = days;
  item.supply_reason = std::move(reason);
  auto short_item = plain_item();
  short_item.days = 3;  // within every limit
  auto rx = prescription_with({short_item, item});
  rx.visit.type = visit;
  return rx;
}

std::vector<Finding> max_days(const Prescription& rx) { return with_code(review(rx), "MAX_DAYS"); }

void expect_one(const std::vector<Finding>& found, Severity severity, std::vector<int> items) {
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "MAX_DAYS");
  EXPECT_EQ(found[0].severity, severity);
  EXPECT_EQ(found[0].items, items);
}

TEST(MaxDaysRule, OutpatientSevenDaysPassEightBlock) {
  EXPECT_TRUE(max_days(supply_of(7)).empty());
  auto found = max_days(supply_of(8));
  expect_one(found, Severity::kBlock, {1});
  EXPECT_NE(found[0].evidence.find("8 days > 7 days (outpatient)"), std::string::npos) << found[0].evidence;
}

TEST(MaxDaysRule, EmergencyThreeDaysPassFourBlock) {
  EXPECT_TRUE(max_days(supply_of(3, VisitType::kEmergency)).empty());
  auto found = max_days(supply_of(4, VisitType::kEmergency));
  expect_one(found, Severity::kBlock, {1});
  EXPECT_NE(found[0].evidence.find("4 days > 3 days (emergency)"), std::string::npos) << found[0].evidence;
  // A 7-day item is over the emergency limit as well.
  auto rx = supply_of(3, VisitType::kEmergency);
  rx.items[0].days = 7;
  expect_one(max_days(rx), Severity::kBlock, {0});
}

TEST(MaxDaysRule, ChronicVisitWithAReasonWarnsWithoutBlocks) {
  expect_one(max_days(supply_of(28, VisitType::kChronic, "高血压长期用药")), Severity::kWarn, {1});
  expect_one(max_days(supply_of(28, VisitType::kChronic)), Severity::kBlock, {1});
  expect_one(max_days(supply_of(28, VisitType::kChronic, "  ")), Severity::kBlock, {1});
}

TEST(MaxDaysRule, TwelveWeeksIsTheMostEvenWithAReason) {
  expect_one(max_days(supply_of(84, VisitType::kChronic, "稳定期慢病")), Severity::kWarn, {1});
  auto found = max_days(supply_of(85, VisitType::kChronic, "稳定期慢病"));
  expect_one(found, Severity::kBlock, {1});
  EXPECT_NE(found[0].evidence.find("85 days > 84 days"), std::string::npos) << found[0].evidence;
}

TEST(MaxDaysRule, ElderlyFromTheSixtyFifthBirthdayOnTheIssueDay) {
  auto rx = supply_of(30, VisitType::kOutpatient, "长期用药");
  rx.patient.birth_date = *parse_date("1961-03-29");  // 65 on 2026-03-29
  auto found = max_days(rx);
  expect_one(found, Severity::kWarn, {1});
  EXPECT_NE(found[0].evidence.find("elderly patient, 65 years"), std::string::npos) << found[0].evidence;

  rx.patient.birth_date = *parse_date("1961-03-30");  // 64 until the next day
  found = max_days(rx);
  expect_one(found, Severity::kWarn, {1});
  EXPECT_NE(found[0].message.find("neither on a chronic visit nor 65 or older"), std::string::npos) << found[0].message;
}

TEST(MaxDaysRule, AnyReasonOverTheNormalLimitWarns) {
  auto found = max_days(supply_of(14, VisitType::kOutpatient, "出差"));
  expect_one(found, Severity::kWarn, {1});
  EXPECT_NE(found[0].message.find("出差"), std::string::npos) << found[0].message;
}

TEST(MaxDaysRule, MissingDaysSkipsTheCheckWithAnInfo) {
  auto item = plain_item();
  item.days.reset();
  auto findings = review(prescription_with({plain_item(), item}));
  EXPECT_TRUE(with_code(findings, "MAX_DAYS").empty());
  auto format = with_code(findings, "FORMAT");
  ASSERT_EQ(format.size(), 1u);
  EXPECT_EQ(format[0].severity, Severity::kInfo);
  EXPECT_EQ(format[0].items, std::vector<int>{1});
  EXPECT_NE(format[0].message.find("MAX_DAYS check was skipped"), std::string::npos) << format[0].message;
}

}  // namespace
}  // namespace rx::testing
