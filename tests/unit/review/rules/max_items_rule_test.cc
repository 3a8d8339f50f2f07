#include "review/rules/max_items_rule.h"

#include <gtest/gtest.h>

#include "unit/review/test_prescription.h"

namespace rx::testing {
namespace {

TEST(MaxItemsRule, FiveItemsPass) {
  auto rx = prescription_with(std::vector<Item>(5, plain_item()));
  EXPECT_TRUE(with_code(review(rx), "MAX_ITEMS").empty());
}

TEST(MaxItemsRule, SixItemsBlockOnEveryItem) {
  auto rx = prescription_with(std::vector<Item>(6, plain_item()));
  auto found = with_code(review(rx), "MAX_ITEMS");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_EQ(found[0].items, (std::vector<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_NE(found[0].message.find("6 drugs"), std::string::npos) << found[0].message;
}

TEST(MaxItemsRule, CanBeRunAlone) {
  std::vector<Finding> out;
  MaxItemsRule().check(prescription_with(std::vector<Item>(7, plain_item())), test_formulary(), review_at(), out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].code, "MAX_ITEMS");
  EXPECT_EQ(out[0].evidence, "7 items > 5");
}

}  // namespace
}  // namespace rx::testing
