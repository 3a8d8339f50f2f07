#include "review/rules/dose_limit_rule.h"

#include <gtest/gtest.h>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

// The knowledge base's dose findings (DOSE_MAX, DOSE_MIN) for one item, for a patient of `age`
// and `weight_kg`.
std::vector<Finding> dose_findings(const Item& item, int age, std::optional<double> weight_kg = std::nullopt) {
  auto rx = prescription_with({item});
  set_age(rx, age);
  rx.patient.weight_kg = weight_kg;
  auto all = review_with_knowledge(rx);
  auto out = with_code(all, "DOSE_MAX");
  auto min = with_code(all, "DOSE_MIN");
  out.insert(out.end(), min.begin(), min.end());
  return out;
}

// Ibuprofen suspension D0044 is 20 mg/mL: a child's dose in mL is converted to mg, then held
// against 10 mg/kg a dose and 40 mg/kg a day.
TEST(DoseLimitRule, AChildsSuspensionDoseInMlIsHeldAgainstTheLimitPerKg) {
  Item ok = shipped_item("D0044", "10", Unit::kMillilitre, Frequency::kQ6h);  // 200 mg, 800 mg/day
  EXPECT_TRUE(dose_findings(ok, 6, 20.0).empty());

  Item single_over = shipped_item("D0044", "12.5", Unit::kMillilitre, Frequency::kTid);  // 250 mg, 750 mg/day
  auto found = dose_findings(single_over, 6, 20.0);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "DOSE_MAX");
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_EQ(found[0].evidence,
            "single dose 250 mg > max 200 mg (10 mg/kg × 20 kg) [DL-IBUPROFEN-CHILD; Children's Motrin (ibuprofen) "
            "oral suspension US prescribing information, Dosage and Administration: 5–10 mg/kg per dose, maximum "
            "daily dose 40 mg/kg; 布洛芬混悬液 说明书 (CN), 用法用量]");

  Item daily_over = shipped_item("D0044", "10", Unit::kMillilitre, Frequency::kQ6h);  // 800 mg/day
  found = dose_findings(daily_over, 6, 18.0);  // 180 mg a dose, 720 mg a day
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].evidence.find("single dose 200 mg > max 180 mg (10 mg/kg × 18 kg); daily 800 mg > max 720 mg "
                                   "(40 mg/kg × 18 kg)"),
            std::string::npos)
      << found[0].evidence;
}

TEST(DoseLimitRule, AChildWithoutAWeightGetsAnInfoThatThePerKgLimitWasNotChecked) {
  auto found = dose_findings(shipped_item("D0044", "10", Unit::kMillilitre, Frequency::kTid), 6);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_NE(found[0].message.find("patient.weight_kg is missing"), std::string::npos) << found[0].message;
}

TEST(DoseLimitRule, AdultLimitsDoNotApplyToChildrenNorChildrensToAdults) {
  // 300 mg capsule for an adult of 40 kg: the per-kg child limit (10 mg/kg) is not his.
  EXPECT_TRUE(dose_findings(shipped_item("D0043", "300", Unit::kMilligram, Frequency::kBid), 30, 40.0).empty());
  // 2 g of paracetamol at once: over the adult single dose of 1 g.
  auto found = dose_findings(shipped_item("D0048", "2", Unit::kGram, Frequency::kSt), 30);
  ASSERT_EQ(found.size(), 1u);  // 2 g once is within the formulary's 2 g a day
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_NE(found[0].evidence.find("single dose 2 g > max 1 g [DL-PARACETAMOL-ADULT;"), std::string::npos)
      << found[0].evidence;
}

TEST(DoseLimitRule, AFixedChildDoseByAgeBand) {
  // Montelukast: 10 mg tablets are for 15 and over; 5 mg a day for 6 to 14, 4 mg for 2 to 5.
  Item ten = shipped_item("D0059", "10", Unit::kMilligram);
  EXPECT_TRUE(dose_findings(ten, 15).empty());
  auto found = dose_findings(ten, 14);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].evidence.find("daily 10 mg > max 5 mg [DL-MONTELUKAST-6-14;"), std::string::npos)
      << found[0].evidence;
  found = dose_findings(ten, 4);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].evidence.find("daily 10 mg > max 4 mg [DL-MONTELUKAST-2-5;"), std::string::npos);
  EXPECT_NE(found[0].message.find("above the limit for patients aged 2 to 5"), std::string::npos) << found[0].message;
}

TEST(DoseLimitRule, OralMethotrexateIsOnceWeeklyOnly) {
  EXPECT_TRUE(dose_findings(shipped_item("D0051", "7.5", Unit::kMilligram, Frequency::kQw), 50).empty());
  auto found = dose_findings(shipped_item("D0051", "7.5", Unit::kMilligram, Frequency::kQd), 50);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_NE(found[0].evidence.find("frequency qd is not one of qw [DL-METHOTREXATE-WEEKLY;"), std::string::npos)
      << found[0].evidence;
  EXPECT_NE(found[0].message.find("fatal overdoses"), std::string::npos) << found[0].message;
}

TEST(DoseMinRule, ADailyDoseBelowTheKnownMinimumWarns) {
  EXPECT_TRUE(dose_findings(shipped_item("D0003", "75", Unit::kMilligram), 60).empty());
  auto found = dose_findings(shipped_item("D0003", "0.05", Unit::kGram), 60);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "DOSE_MIN");
  EXPECT_EQ(found[0].severity, Severity::kWarn);
  EXPECT_NE(found[0].evidence.find("daily 50 mg < min 75 mg [DL-CLOPIDOGREL-MIN;"), std::string::npos)
      << found[0].evidence;
  // Aspirin 25 mg tablets: two a day is 50 mg, below the antiplatelet 75 mg; four is 100 mg.
  EXPECT_EQ(dose_findings(shipped_item("D0002", "2", Unit::kTablet), 60).size(), 1u);
  EXPECT_TRUE(dose_findings(shipped_item("D0002", "4", Unit::kTablet), 60).empty());
}

TEST(DoseMinRule, AnIrregularFrequencyHasNoDailyTotalToCheck) {
  auto found = dose_findings(shipped_item("D0003", "300", Unit::kMilligram, Frequency::kSt), 60);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "DOSE_MIN");
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_NE(found[0].message.find("found st"), std::string::npos) << found[0].message;
}

TEST(DoseLimitRule, ADrugWithoutLimitsAndAReviewWithoutKnowledgeGiveNothing) {
  EXPECT_TRUE(dose_findings(shipped_item("D0004", "10", Unit::kMilligram), 60).empty());
  auto rx = prescription_with({shipped_item("D0051", "7.5", Unit::kMilligram, Frequency::kQd)});
  std::vector<Finding> out;
  DoseLimitRule().check(rx, shipped_formulary(), review_at(), out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace rx::testing
