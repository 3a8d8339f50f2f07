#include "review/rules/antimicrobial_tier_rule.h"

#include <gtest/gtest.h>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

std::vector<Finding> tier_findings(const Item& item, std::string prescriber,
                                   const Formulary& formulary = shipped_formulary()) {
  auto rx = prescription_with({item});
  rx.prescriber.id = std::move(prescriber);
  return with_code(review_with_knowledge(rx, formulary), "ANTIMICROBIAL_TIER");
}

Item levofloxacin() { return shipped_item("D0037", "500", Unit::kMilligram); }

TEST(AntimicrobialTierRule, ARestrictedDrugNeedsAPrescriberWithThatAuthority) {
  EXPECT_TRUE(tier_findings(levofloxacin(), "D0012").empty());  // restricted authority
  EXPECT_TRUE(tier_findings(levofloxacin(), "D0001").empty());  // special authority
  auto found = tier_findings(levofloxacin(), "D0002");          // non-restricted only
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarn);
  EXPECT_NE(found[0].message.find("a restricted antimicrobial, and prescriber 'D0002' may prescribe up to "
                                  "non_restricted"),
            std::string::npos)
      << found[0].message;
  EXPECT_NE(found[0].evidence.find("[AMT-LEVOFLOXACIN-ORAL;"), std::string::npos) << found[0].evidence;
}

TEST(AntimicrobialTierRule, APrescriberNotOnTheListHasNoRestrictedAuthority) {
  auto found = tier_findings(levofloxacin(), "D0299");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("prescriber 'D0299' is not in the prescriber list"), std::string::npos);
  found = tier_findings(levofloxacin(), "");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("names no prescriber"), std::string::npos);
}

TEST(AntimicrobialTierRule, ASpecialUseDrugIsKnownByItsAtcClass) {
  Formulary formulary = formulary_with({new_drug("X0004", "meropenem", "J01DH02", "500")});
  Item meropenem = item_of(*formulary.find(DrugCode("X0004")), qty("500", Unit::kMilligram), Frequency::kQ8h, 5);
  auto found = tier_findings(meropenem, "D0012", formulary);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("a special antimicrobial"), std::string::npos) << found[0].message;
  EXPECT_TRUE(tier_findings(meropenem, "D0001", formulary).empty());
}

TEST(AntimicrobialTierRule, NonRestrictedAndNonAntimicrobialDrugsNeedNoAuthority) {
  EXPECT_TRUE(tier_findings(shipped_item("D0032", "500", Unit::kMilligram, Frequency::kTid), "D0299").empty());
  EXPECT_TRUE(tier_findings(shipped_item("D0022", "500", Unit::kMilligram), "D0299").empty());
}

}  // namespace
}  // namespace rx::testing
