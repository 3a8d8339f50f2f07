#include "review/rules/pregnancy_rule.h"

#include <gtest/gtest.h>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

std::vector<Finding> pregnancy_findings(const Item& item, bool pregnant) {
  auto rx = prescription_with({item, shipped_item("D0022", "500", Unit::kMilligram)});
  rx.patient.sex = "F";
  rx.patient.pregnant = pregnant;
  return with_code(review_with_knowledge(rx), "PREGNANCY");
}

TEST(PregnancyRule, EachListedDrugIsContraindicatedInPregnancy) {
  struct Case {
    Item item;
    const char* entry;
  };
  for (const Case& c : {Case{shipped_item("D0004", "2.5", Unit::kMilligram), "[PREG-WARFARIN;"},
                        Case{shipped_item("D0019", "20", Unit::kMilligram), "[PREG-STATIN;"},
                        Case{shipped_item("D0010", "10", Unit::kMilligram), "[PREG-RAAS;"},
                        Case{shipped_item("D0011", "50", Unit::kMilligram), "[PREG-RAAS;"},
                        Case{shipped_item("D0051", "7.5", Unit::kMilligram, Frequency::kQw), "[PREG-METHOTREXATE;"}}) {
    SCOPED_TRACE(c.item.drug.value());
    auto found = pregnancy_findings(c.item, true);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].severity, Severity::kBlock);
    EXPECT_EQ(found[0].items, std::vector<int>{0});
    EXPECT_NE(found[0].evidence.find(c.entry), std::string::npos) << found[0].evidence;
    EXPECT_TRUE(pregnancy_findings(c.item, false).empty());
  }
}

TEST(PregnancyRule, OtherDrugsInPregnancyGiveNothing) {
  EXPECT_TRUE(pregnancy_findings(shipped_item("D0048", "500", Unit::kMilligram), true).empty());
}

}  // namespace
}  // namespace rx::testing
