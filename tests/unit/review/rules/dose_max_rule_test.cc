#include "review/rules/dose_max_rule.h"

#include <gtest/gtest.h>

#include "unit/review/test_prescription.h"

namespace rx::testing {
namespace {

std::vector<Finding> dose_findings(const Item& item) { return review(prescription_with({plain_item(), item})); }

void expect_block(const Item& item, const std::string& evidence) {
  auto found = with_code(dose_findings(item), "DOSE_MAX");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_EQ(found[0].items, std::vector<int>{1});
  EXPECT_EQ(found[0].evidence, evidence);
}

void expect_clean(const Item& item) { EXPECT_TRUE(dose_findings(item).empty()); }

TEST(DoseMaxRule, ExactlyAtTheLimitPassesOneMicrogramAboveBlocks) {
  expect_clean(item_of(metformin(), qty("850", Unit::kMilligram), Frequency::kTid, 7));  // 2550 mg
  expect_block(item_of(metformin(), qty("2550001", Unit::kMicrogram), Frequency::kQd, 7),
               "daily 2550.001 mg > max 2550 mg (label (CN))");
}

TEST(DoseMaxRule, ADoseInGramsAgainstALimitInMilligrams) {
  expect_clean(item_of(metformin(), qty("0.85", Unit::kGram), Frequency::kTid, 7));
  expect_block(item_of(metformin(), qty("1", Unit::kGram), Frequency::kTid, 7),
               "daily 3000 mg > max 2550 mg (label (CN))");
}

TEST(DoseMaxRule, CountsEveryDoseOfTheDay) {
  expect_clean(item_of(metformin(), qty("1275", Unit::kMilligram), Frequency::kQ12h, 7));
  expect_block(item_of(metformin(), qty("1000", Unit::kMilligram), Frequency::kQ8h, 7),
               "daily 3000 mg > max 2550 mg (label (CN))");
  expect_block(item_of(amoxicillin(), qty("1.5", Unit::kGram), Frequency::kQ6h, 7),
               "daily 6000 mg > max 4000 mg (label (CN))");
}

TEST(DoseMaxRule, TabletsAndCapsulesAreConvertedThroughTheStrength) {
  expect_clean(item_of(metformin(), qty("1", Unit::kTablet), Frequency::kTid, 7));
  expect_block(item_of(metformin(), qty("2", Unit::kTablet), Frequency::kTid, 7),
               "daily 3000 mg > max 2550 mg (label (CN))");
  expect_clean(item_of(amoxicillin(), qty("4", Unit::kCapsule), Frequency::kQid, 7));  // 4000 mg
  expect_block(item_of(amoxicillin(), qty("6", Unit::kCapsule), Frequency::kTid, 7),
               "daily 4500 mg > max 4000 mg (label (CN))");
  expect_clean(item_of(metformin(), qty("0.5", Unit::kTablet), Frequency::kQd, 7));
}

TEST(DoseMaxRule, ACountedLimitComparesCountsDirectly) {
  expect_clean(item_of(danshen_pills(), qty("10", Unit::kPill), Frequency::kTid, 7));
  expect_block(item_of(danshen_pills(), qty("11", Unit::kPill), Frequency::kTid, 7),
               "daily 33 pill > max 30 pill (label (CN) daily dose)");
  expect_clean(item_of(lianhua_capsules(), qty("4", Unit::kCapsule), Frequency::kTid, 7));
  expect_clean(item_of(jizhi_syrup(), qty("20", Unit::kMillilitre), Frequency::kTid, 7));
  expect_block(item_of(jizhi_syrup(), qty("50", Unit::kMillilitre), Frequency::kTid, 7),
               "daily 150 mL > max 120 mL (label (CN) daily dose)");
}

TEST(DoseMaxRule, UnitsOfAnotherKindAreNeverCompared) {
  struct Case {
    Item item;
    std::string evidence_part;
  };
  std::vector<Case> cases = {
      {item_of(metformin(), qty("2", Unit::kCapsule), Frequency::kTid, 7), "not counted in the unit of D0022"},
      {item_of(metformin(), qty("5", Unit::kMillilitre), Frequency::kTid, 7), "a dose in mL"},
      {item_of(danshen_pills(), qty("270", Unit::kMilligram), Frequency::kTid, 7), "limit in pill"},
      {item_of(lianhua_capsules(), qty("1", Unit::kTablet), Frequency::kTid, 7), "not counted in the unit of D0082"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.item.drug.value() + " " + c.item.dose->to_string());
    auto found = dose_findings(c.item);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].code, "DOSE_MAX");
    EXPECT_EQ(found[0].severity, Severity::kInfo);
    EXPECT_EQ(found[0].items, std::vector<int>{1});
    EXPECT_NE(found[0].message.find("could not be checked"), std::string::npos) << found[0].message;
    EXPECT_NE(found[0].evidence.find(c.evidence_part), std::string::npos) << found[0].evidence;
  }
}

TEST(DoseMaxRule, ADrugWithoutAMaximumIsNotChecked) {
  expect_clean(item_of(levothyroxine(), qty("5", Unit::kMilligram), Frequency::kQid, 7));
  expect_clean(item_of(insulin_glargine(), qty("80", Unit::kIU), Frequency::kTid, 7));
  expect_clean(item_of(aspirin_100(), std::nullopt, std::nullopt, 7));
}

TEST(DoseMaxRule, WeeklyAndAsNeededDosesAreBoundedByOneDoseOnItsDay) {
  // One qw dose is taken on one day, so it is held against the daily maximum, not a seventh of it.
  expect_clean(item_of(metformin(), qty("2", Unit::kGram), Frequency::kQw, 7));
  expect_block(item_of(metformin(), qty("3", Unit::kGram), Frequency::kQw, 7),
               "daily 3000 mg > max 2550 mg (label (CN))");
  expect_clean(item_of(metformin(), qty("500", Unit::kMilligram), Frequency::kPrn, 7));
  expect_block(item_of(metformin(), qty("2600", Unit::kMilligram), Frequency::kPrn, 7),
               "daily 2600 mg > max 2550 mg (label (CN))");
  expect_block(item_of(metformin(), qty("2600", Unit::kMilligram), Frequency::kSt, 1),
               "daily 2600 mg > max 2550 mg (label (CN))");
}

TEST(DoseMaxRule, AMissingDoseOrFrequencySkipsTheCheckWithAnInfo) {
  struct Case {
    Item item;
    std::string message_part;
  };
  std::vector<Case> cases = {
      {item_of(metformin(), std::nullopt, Frequency::kTid, 7), "dose missing"},
      {item_of(metformin(), qty("5", Unit::kGram), std::nullopt, 7), "frequency missing"},
      {item_of(metformin(), std::nullopt, std::nullopt, 7), "dose and frequency missing"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message_part);
    auto found = dose_findings(c.item);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].code, "FORMAT");
    EXPECT_EQ(found[0].severity, Severity::kInfo);
    EXPECT_EQ(found[0].items, std::vector<int>{1});
    EXPECT_NE(found[0].message.find(c.message_part + ", so the DOSE_MAX check was skipped"), std::string::npos)
        << found[0].message;
  }
}

TEST(DoseMaxRule, TheMessageNamesTheDrugAndTheDose) {
  auto found = with_code(dose_findings(item_of(metformin(), qty("2", Unit::kTablet), Frequency::kTid, 7)), "DOSE_MAX");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message,
            "item 1 (D0022 metformin): the daily dose 3000 mg (2 tablet tid) is above the adult maximum of 2550 mg");
}

}  // namespace
}  // namespace rx::testing
