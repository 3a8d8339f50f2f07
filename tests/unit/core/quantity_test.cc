#include "core/quantity.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

TEST(Quantity, ConvertsMassExactly) {
  auto g = Quantity::parse("2.5", Unit::kGram);
  ASSERT_TRUE(g.ok());
  auto mg = g->to(Unit::kMilligram);
  ASSERT_TRUE(mg.ok());
  EXPECT_EQ(mg->to_string(), "2500 mg");
  auto ug = mg->to(Unit::kMicrogram);
  ASSERT_TRUE(ug.ok());
  EXPECT_EQ(ug->amount_string(), "2500000");
  auto back = ug->to(Unit::kGram);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, *g);
}

TEST(Quantity, RefusesInexactDownConversion) {
  auto ug = Quantity::parse("0.5", Unit::kMicrogram);
  ASSERT_TRUE(ug.ok());
  EXPECT_FALSE(ug->to(Unit::kGram).ok());  // 0.0000005 g needs 7 decimals
  EXPECT_TRUE(ug->to(Unit::kMicrogram).ok());
}

TEST(Quantity, NeverComparesDifferentKinds) {
  auto mg = Quantity::whole(5, Unit::kMilligram);
  auto ml = Quantity::whole(5, Unit::kMillilitre);
  auto tab = Quantity::whole(5, Unit::kTablet);
  auto cap = Quantity::whole(5, Unit::kCapsule);
  auto iu = Quantity::whole(5, Unit::kIU);
  auto u = Quantity::whole(5, Unit::kU);
  EXPECT_FALSE(mg.compare(ml).has_value());
  EXPECT_FALSE(tab.compare(cap).has_value());
  EXPECT_FALSE(iu.compare(u).has_value());
  EXPECT_FALSE(mg.to(Unit::kMillilitre).ok());
  EXPECT_FALSE(tab.plus(cap).ok());
}

TEST(Quantity, ComparesAcrossUnitsOfOneKind) {
  auto one_g = Quantity::whole(1, Unit::kGram);
  auto mg999 = Quantity::whole(999, Unit::kMilligram);
  ASSERT_TRUE(one_g.compare(mg999).has_value());
  EXPECT_EQ(*one_g.compare(mg999), std::strong_ordering::greater);
  EXPECT_EQ(*one_g.compare(Quantity::whole(1'000'000, Unit::kMicrogram)), std::strong_ordering::equal);
  auto sum = one_g.plus(mg999);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->to_string(), "1999 mg");
}

TEST(Quantity, ParsesUnitsInChineseAndEnglish) {
  EXPECT_EQ(*parse_unit("片"), Unit::kTablet);
  EXPECT_EQ(*parse_unit("tablet"), Unit::kTablet);
  EXPECT_EQ(*parse_unit("粒"), Unit::kCapsule);
  EXPECT_EQ(*parse_unit("丸"), Unit::kPill);
  EXPECT_EQ(*parse_unit("袋"), Unit::kSachet);
  EXPECT_EQ(*parse_unit("吸"), Unit::kPuff);
  EXPECT_EQ(*parse_unit("支"), Unit::kUnit);
  EXPECT_EQ(*parse_unit("瓶"), Unit::kBottle);
  EXPECT_EQ(*parse_unit("盒"), Unit::kPack);
  EXPECT_EQ(*parse_unit("pack"), Unit::kPack);
  EXPECT_EQ(*parse_unit("mcg"), Unit::kMicrogram);
  EXPECT_EQ(*parse_unit("ug"), Unit::kMicrogram);
  EXPECT_EQ(*parse_unit("µg"), Unit::kMicrogram);
  EXPECT_EQ(*parse_unit("%"), Unit::kPercent);
  EXPECT_FALSE(parse_unit("grain").ok());
  EXPECT_FALSE(parse_unit("").ok());
}

TEST(Quantity, ParseRejectsGarbageAndExcessPrecision) {
  EXPECT_FALSE(Quantity::parse("abc", Unit::kMilligram).ok());
  EXPECT_FALSE(Quantity::parse("1.2.3", Unit::kMilligram).ok());
  EXPECT_FALSE(Quantity::parse("0.0000001", Unit::kMilligram).ok());
  EXPECT_TRUE(Quantity::parse("0.000001", Unit::kMilligram).ok());
  auto q = Quantity::of(0.1, Unit::kMilligram);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->micros(), 100000);
}

}  // namespace
}  // namespace rx
