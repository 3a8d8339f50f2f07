#include "review/rules/allergy_rule.h"

#include <gtest/gtest.h>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

std::vector<Finding> allergy_findings(std::vector<std::string> allergies, std::vector<Item> items,
                                      const Formulary& formulary = shipped_formulary()) {
  auto rx = prescription_with(std::move(items));
  rx.patient.allergies = std::move(allergies);
  return with_code(review_with_knowledge(rx, formulary), "ALLERGY");
}

Item amoxicillin_500() { return shipped_item("D0032", "500", Unit::kMilligram, Frequency::kTid); }
Item cefuroxime_250() { return shipped_item("D0034", "250", Unit::kMilligram, Frequency::kBid); }

TEST(AllergyRule, PenicillinAllergyBlocksPenicillinsAndWarnsForCephalosporins) {
  auto found = allergy_findings({"penicillin"}, {amoxicillin_500(), cefuroxime_250(),
                                                 shipped_item("D0035", "500", Unit::kMilligram)});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_EQ(found[0].items, std::vector<int>{0});
  EXPECT_EQ(found[0].evidence,
            "patient.allergies[0] = 'penicillin'; D0032 amoxicillin (J01CA04) matches 'penicillin' [penicillin; BNF, "
            "Penicillins: contra-indications, penicillin hypersensitivity]");
  EXPECT_EQ(found[1].severity, Severity::kWarn);
  EXPECT_EQ(found[1].items, std::vector<int>{1});
  EXPECT_NE(found[1].evidence.find("cross-reactivity"), std::string::npos) << found[1].evidence;
}

TEST(AllergyRule, TheAllergenMayBeNamedInChineseOrAnyCase) {
  EXPECT_EQ(allergy_findings({"青霉素"}, {amoxicillin_500()}).size(), 1u);
  EXPECT_EQ(allergy_findings({"Penicillins"}, {amoxicillin_500()}).size(), 1u);
}

TEST(AllergyRule, ANewPenicillinIsCoveredByItsAtcClass) {
  Formulary formulary = formulary_with({new_drug("X0002", "phenoxymethylpenicillin", "J01CE02", "250")});
  auto found = allergy_findings(
      {"penicillin"}, {item_of(*formulary.find(DrugCode("X0002")), qty("500", Unit::kMilligram), Frequency::kQid, 5)},
      formulary);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
}

TEST(AllergyRule, SulfonamideAllergyBlocksSmzTmp) {
  auto found = allergy_findings({"sulfonamide"}, {shipped_item("D0039", "960", Unit::kMilligram, Frequency::kBid),
                                                  amoxicillin_500()});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].items, std::vector<int>{0});
  EXPECT_EQ(found[0].severity, Severity::kBlock);
}

TEST(AllergyRule, NsaidAllergyBlocksEveryNsaidAndAspirin) {
  auto found = allergy_findings({"nsaid"}, {shipped_item("D0043", "300", Unit::kMilligram, Frequency::kBid),
                                            shipped_item("D0001", "100", Unit::kMilligram),
                                            shipped_item("D0047", "200", Unit::kMilligram),
                                            shipped_item("D0048", "500", Unit::kMilligram)});
  ASSERT_EQ(found.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(found[i].items, std::vector<int>{i});
    EXPECT_EQ(found[i].severity, Severity::kBlock);
  }
}

TEST(AllergyRule, AnAtcCodeBlocksTheDrugsItCovers) {
  auto found = allergy_findings({"j01ca04"}, {amoxicillin_500(), shipped_item("D0033", "625", Unit::kMilligram)});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].items, std::vector<int>{0});
  EXPECT_EQ(found[0].evidence, "patient.allergies[0] = 'j01ca04'; D0032 amoxicillin (J01CA04) starts with J01CA04");
  EXPECT_EQ(allergy_findings({"J01C"}, {amoxicillin_500(), shipped_item("D0033", "625", Unit::kMilligram)}).size(), 2u);
}

TEST(AllergyRule, AnUnknownAllergyIsToldOnceAsInfo) {
  auto found = allergy_findings({"seafood", " "}, {amoxicillin_500()});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_NE(found[0].message.find("'seafood'"), std::string::npos);
}

TEST(AllergyRule, NoAllergyOrAnUnrelatedOneGivesNothing) {
  EXPECT_TRUE(allergy_findings({}, {amoxicillin_500()}).empty());
  EXPECT_TRUE(allergy_findings({"sulfonamide"}, {amoxicillin_500()}).empty());
}

}  // namespace
}  // namespace rx::testing
