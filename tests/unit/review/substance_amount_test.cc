#include "review/substance_amount.h"

#include <gtest/gtest.h>

#include "unit/review/test_formulary.h"

namespace rx::testing {
namespace {

TEST(SubstanceAmount, MultipliesTheCountByTheStrengthExactly) {
  auto metformin_2 = substance_amount(qty("2", Unit::kTablet), metformin());
  ASSERT_TRUE(metformin_2.ok()) << metformin_2.status().to_string();
  EXPECT_EQ(metformin_2->compare(qty("1000", Unit::kMilligram)), std::strong_ordering::equal);

  auto lianhua_4 = substance_amount(qty("4", Unit::kCapsule), lianhua_capsules());  // 4 × 0.35 g
  ASSERT_TRUE(lianhua_4.ok());
  EXPECT_EQ(lianhua_4->compare(qty("1.4", Unit::kGram)), std::strong_ordering::equal);

  auto levo_half = substance_amount(qty("0.5", Unit::kTablet), levothyroxine());
  ASSERT_TRUE(levo_half.ok());
  EXPECT_EQ(*levo_half, qty("25", Unit::kMicrogram));
}

TEST(SubstanceAmount, RefusesAnotherCountableUnit) {
  auto r = substance_amount(qty("2", Unit::kCapsule), metformin());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "2 capsule is not counted in the unit of D0022 (tablet)");
}

TEST(SubstanceAmount, RefusesAConcentration) {
  auto r = substance_amount(qty("1", Unit::kUnit), insulin_glargine());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "the strength of D0027 (100 IU/mL) is not an amount per unit");
}

TEST(SubstanceInVolume, MultipliesTheVolumeByTheConcentrationPerMl) {
  auto glargine_02 = substance_in_volume(qty("0.2", Unit::kMillilitre), insulin_glargine());  // 100 IU/mL
  ASSERT_TRUE(glargine_02.ok()) << glargine_02.status().to_string();
  EXPECT_EQ(*glargine_02, qty("20", Unit::kIU));
  Drug suspension = metformin();
  suspension.strength = "20";
  suspension.strength_unit = "mg/mL";
  auto five_ml = substance_in_volume(qty("5", Unit::kMillilitre), suspension);
  ASSERT_TRUE(five_ml.ok());
  EXPECT_EQ(five_ml->compare(qty("100", Unit::kMilligram)), std::strong_ordering::equal);
}

TEST(SubstanceInVolume, RefusesAStrengthThatIsNotPerMl) {
  auto r = substance_in_volume(qty("5", Unit::kMillilitre), metformin());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "the strength of D0022 (500 mg) is not an amount per mL");
  EXPECT_FALSE(substance_in_volume(qty("5", Unit::kMillilitre), jizhi_syrup()).ok());
}

}  // namespace
}  // namespace rx::testing
