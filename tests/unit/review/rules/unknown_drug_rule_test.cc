#include "review/rules/unknown_drug_rule.h"

#include <gtest/gtest.h>

#include "unit/review/test_prescription.h"

namespace rx::testing {
namespace {

TEST(UnknownDrugRule, FormularyCodesAndGtinsPass) {
  auto by_gtin = plain_item();
  by_gtin.drug = DrugCode("02000000000220");  // metformin's GTIN-14
  auto by_gtin13 = plain_item();
  by_gtin13.drug = DrugCode("2000000000220");  // the same as GTIN-13
  auto rx = prescription_with({plain_item(), by_gtin, by_gtin13});
  EXPECT_TRUE(with_code(review(rx), "UNKNOWN_DRUG").empty());
}

TEST(UnknownDrugRule, EachUnknownItemBlocksAndNamesItsCode) {
  auto unknown1 = plain_item();
  unknown1.drug = DrugCode("X9999");
  auto unknown3 = plain_item();
  unknown3.drug = DrugCode("02000000000999");
  auto rx = prescription_with({plain_item(), unknown1, plain_item(), unknown3});
  auto found = with_code(review(rx), "UNKNOWN_DRUG");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_EQ(found[0].items, std::vector<int>{1});
  EXPECT_NE(found[0].message.find("X9999"), std::string::npos) << found[0].message;
  EXPECT_EQ(found[1].severity, Severity::kBlock);
  EXPECT_EQ(found[1].items, std::vector<int>{3});
  EXPECT_NE(found[1].message.find("02000000000999"), std::string::npos) << found[1].message;
}

TEST(UnknownDrugRule, AnUnknownDrugGetsNoDoseFinding) {
  auto unknown = item_of(metformin(), qty("100", Unit::kGram), Frequency::kQid, 7);
  unknown.drug = DrugCode("D9999");
  auto findings = review(prescription_with({unknown}));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "UNKNOWN_DRUG");
}

}  // namespace
}  // namespace rx::testing
