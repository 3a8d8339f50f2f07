#include "review/rules/lasa_rule.h"

#include <gtest/gtest.h>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

std::vector<Finding> lasa(std::vector<Item> items) {
  return with_code(review_with_knowledge(prescription_with(std::move(items))), "LASA");
}

TEST(LasaRule, TwoProductsOfOneGroupInOneToteAreTold) {
  auto found = lasa({shipped_item("D0049", "100", Unit::kMilligram, Frequency::kBid),
                     shipped_item("D0022", "500", Unit::kMilligram),
                     shipped_item("D0068", "50", Unit::kMilligram, Frequency::kQn)});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_EQ(found[0].items, (std::vector<int>{0, 2}));
  EXPECT_NE(found[0].evidence.find("[LASA-05; ISMP List of Confused Drug Names"), std::string::npos)
      << found[0].evidence;
}

TEST(LasaRule, OneProductOfAGroupAloneIsNotTold) {
  EXPECT_TRUE(lasa({shipped_item("D0049", "100", Unit::kMilligram, Frequency::kBid),
                    shipped_item("D0022", "500", Unit::kMilligram)})
                  .empty());
}

}  // namespace
}  // namespace rx::testing
