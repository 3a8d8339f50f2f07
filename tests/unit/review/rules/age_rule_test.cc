#include "review/rules/age_rule.h"

#include <gtest/gtest.h>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

std::vector<Finding> age_findings(const Item& item, std::optional<int> age) {
  auto rx = prescription_with({item});
  if (age) {
    set_age(rx, *age);
  } else {
    rx.patient.birth_date.reset();
  }
  return with_code(review_with_knowledge(rx), "AGE");
}

TEST(AgeRule, FluoroquinolonesAreContraindicatedUnder18) {
  Item levofloxacin = shipped_item("D0037", "500", Unit::kMilligram);
  auto found = age_findings(levofloxacin, 17);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_NE(found[0].evidence.find("age 17 on the day of issue; D0037 levofloxacin (J01MA12) matches "
                                   "'fluoroquinolone' [AGE-FLUOROQUINOLONE;"),
            std::string::npos)
      << found[0].evidence;
  EXPECT_TRUE(age_findings(levofloxacin, 18).empty());
  EXPECT_EQ(age_findings(shipped_item("D0038", "250", Unit::kMilligram, Frequency::kBid), 9).size(), 1u);
}

TEST(AgeRule, TopicalEyeDropsAreNotSystemicFluoroquinolones) {
  EXPECT_TRUE(age_findings(item_of(shipped("D0078"), std::nullopt, Frequency::kQid, 7), 8).empty());
}

TEST(AgeRule, AspirinIsContraindicatedUnder16) {
  Item aspirin = shipped_item("D0001", "100", Unit::kMilligram);
  ASSERT_EQ(age_findings(aspirin, 15).size(), 1u);
  EXPECT_NE(age_findings(aspirin, 15)[0].message.find("Reye's syndrome"), std::string::npos);
  EXPECT_TRUE(age_findings(aspirin, 16).empty());
}

TEST(AgeRule, BenzodiazepinesInOlderAdultsWarn) {
  Item estazolam = shipped_item("D0070", "1", Unit::kMilligram, Frequency::kQn);
  auto found = age_findings(estazolam, 65);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarn);
  EXPECT_NE(found[0].message.find("use with caution for patients 65 and over"), std::string::npos)
      << found[0].message;
  EXPECT_TRUE(age_findings(estazolam, 64).empty());
}

TEST(AgeRule, AnUnknownAgeChecksNothing) {
  EXPECT_TRUE(age_findings(shipped_item("D0037", "500", Unit::kMilligram), std::nullopt).empty());
}

}  // namespace
}  // namespace rx::testing
