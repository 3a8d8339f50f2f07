#include "review/rules/duplicate_therapy_rule.h"

#include <gtest/gtest.h>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

std::vector<Finding> duplicates(std::vector<Item> items, const Formulary& formulary = shipped_formulary()) {
  return with_code(review_with_knowledge(prescription_with(std::move(items)), formulary), "DUPLICATE_THERAPY");
}

TEST(DuplicateTherapyRule, TheSameDrugTwiceBlocksEvenInTwoStrengths) {
  auto found = duplicates({shipped_item("D0001", "100", Unit::kMilligram), shipped_item("D0022", "500", Unit::kMilligram),
                           shipped_item("D0002", "25", Unit::kMilligram)});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_EQ(found[0].items, (std::vector<int>{0, 2}));
  EXPECT_NE(found[0].evidence.find("same substance B01AC06"), std::string::npos) << found[0].evidence;
}

TEST(DuplicateTherapyRule, TheSameChinesePatentMedicineTwiceBlocksByItsCode) {
  auto pills = item_of(shipped("D0080"), qty("10", Unit::kPill), Frequency::kTid, 7);
  auto found = duplicates({pills, pills});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
}

TEST(DuplicateTherapyRule, TwoDrugsOfOneClassWarn) {
  struct Case {
    const char* a;
    const char* b;
    const char* entry;
  };
  for (const Case& c : {Case{"D0043", "D0045", "[DUP-NSAID;"}, Case{"D0018", "D0020", "[DUP-STATIN;"},
                        Case{"D0010", "D0011", "[DUP-RAAS;"}}) {
    SCOPED_TRACE(std::string(c.a) + " + " + c.b);
    auto found = duplicates({shipped_item(c.a, "1", Unit::kTablet), shipped_item(c.b, "1", Unit::kTablet)});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, Severity::kWarn);
    EXPECT_EQ(found[0].items, (std::vector<int>{0, 1}));
    EXPECT_NE(found[0].evidence.find(c.entry), std::string::npos) << found[0].evidence;
  }
}

TEST(DuplicateTherapyRule, ANewMemberOfAClassIsADuplicateByItsAtcCode) {
  Formulary formulary = formulary_with({new_drug("X0003", "pantoprazole", "A02BC02", "40")});
  auto found = duplicates({shipped_item("D0055", "20", Unit::kMilligram),
                           item_of(*formulary.find(DrugCode("X0003")), qty("40", Unit::kMilligram), Frequency::kQd, 7)},
                          formulary);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarn);
  EXPECT_NE(found[0].message.find("proton pump inhibitors"), std::string::npos) << found[0].message;
}

TEST(DuplicateTherapyRule, DrugsOfDifferentClassesAreNoDuplicate) {
  EXPECT_TRUE(duplicates({shipped_item("D0055", "20", Unit::kMilligram), shipped_item("D0018", "20", Unit::kMilligram),
                          shipped_item("D0010", "10", Unit::kMilligram)})
                  .empty());
}

}  // namespace
}  // namespace rx::testing
