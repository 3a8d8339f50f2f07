#include "inventory/pack_count.h"

#include <gtest/gtest.h>

#include "unit/review/test_formulary.h"

namespace rx::testing {
namespace {

Result<int> packs(const Drug& drug, std::string_view amount, Unit unit) {
  Item item{.drug = drug.code, .quantity = qty(amount, unit)};
  return packs_needed(item, drug);
}

void expect_packs(const Drug& drug, std::string_view amount, Unit unit, int expected) {
  auto r = packs(drug, amount, unit);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(*r, expected);
}

TEST(PacksNeeded, AQuantityInPacksIsThatManyPacks) {
  expect_packs(metformin(), "3", Unit::kPack, 3);         // 盒
  expect_packs(insulin_glargine(), "2", Unit::kUnit, 2);  // 支
  expect_packs(insulin_glargine(), "2", Unit::kPack, 2);  // "pack" for any pack unit
  expect_packs(jizhi_syrup(), "1", Unit::kBottle, 1);     // 瓶
}

TEST(PacksNeeded, ContentUnitsRoundUpToWholePacks) {
  expect_packs(metformin(), "20", Unit::kTablet, 1);  // 20 per box
  expect_packs(metformin(), "21", Unit::kTablet, 2);
  expect_packs(metformin(), "60", Unit::kTablet, 3);
  expect_packs(metformin(), "1", Unit::kTablet, 1);
  expect_packs(amoxicillin(), "42", Unit::kCapsule, 2);  // 36 per box
  expect_packs(danshen_pills(), "180", Unit::kPill, 1);
}

TEST(PacksNeeded, AnotherUnitIsInvalidAndNamesBothUnits) {
  auto mass = packs(metformin(), "1500", Unit::kMilligram);
  ASSERT_FALSE(mass.ok());
  EXPECT_EQ(mass.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(mass.status().field(), "quantity.unit");
  EXPECT_EQ(mass.status().message(),
            "quantity 1500 mg of D0022 is neither in its pack unit (pack) nor in its content unit (tablet)");

  auto capsules = packs(metformin(), "10", Unit::kCapsule);
  ASSERT_FALSE(capsules.ok());
  EXPECT_NE(capsules.status().message().find("(tablet)"), std::string::npos);

  auto bottle = packs(insulin_glargine(), "1", Unit::kBottle);
  ASSERT_FALSE(bottle.ok());
  EXPECT_NE(bottle.status().message().find("pack unit (unit)"), std::string::npos) << bottle.status().message();
}

TEST(PacksNeeded, RefusesPartAndNonPositiveCounts) {
  for (auto [amount, unit] : {std::pair{"1.5", Unit::kPack}, std::pair{"2.5", Unit::kTablet},
                              std::pair{"0", Unit::kPack}, std::pair{"-1", Unit::kTablet}}) {
    SCOPED_TRACE(amount);
    auto r = packs(metformin(), amount, unit);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().field(), "quantity.value");
    EXPECT_NE(r.status().message().find("not a positive whole number"), std::string::npos);
  }
}

}  // namespace
}  // namespace rx::testing
