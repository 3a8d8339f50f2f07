#include "review/rules/interaction_rule.h"

#include <gtest/gtest.h>

#include <map>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

struct Pair {
  std::string severity;  // as regulations.md groups it
  std::string text;      // the line, without "- " and ";"
};

// The pairs of regulations.md, "Clinical review rules", "Interactions (`DDI`)": the lines
// "    - pair;" under "  - contraindicated:", "  - major:" and "  - moderate:".
std::vector<Pair> regulation_pairs() {
  std::istringstream in(file_text(RXPRESS_SHARED_DIR "/regulations.md"));
  std::vector<Pair> pairs;
  std::string line, severity;
  bool in_section = false;
  while (std::getline(in, line)) {
    if (line.starts_with("- **Interactions (`DDI`)")) {
      in_section = true;
      continue;
    }
    if (!in_section) continue;
    if (line.starts_with("- **")) break;
    if (line.starts_with("  - ") && line.ends_with(":")) {
      severity = line.substr(4, line.size() - 5);
    } else if (line.starts_with("    - ")) {
      std::string text = line.substr(6);
      while (!text.empty() && (text.back() == ';' || text.back() == '.')) text.pop_back();
      pairs.push_back({severity, text});
    }
  }
  return pairs;
}

// Each pair of regulations.md as two items of shipped drugs that must trigger it.
std::map<std::string, std::pair<Item, Item>> pair_items() {
  return {
      {"simvastatin + clarithromycin",
       {shipped_item("D0018", "20", Unit::kMilligram), shipped_item("D0036", "250", Unit::kMilligram, Frequency::kBid)}},
      {"sildenafil + nitrates",
       {shipped_item("D0075", "50", Unit::kMilligram), shipped_item("D0016", "60", Unit::kMilligram)}},
      {"warfarin + NSAIDs (any member of the class)",
       {shipped_item("D0004", "2.5", Unit::kMilligram), shipped_item("D0047", "200", Unit::kMilligram)}},
      {"warfarin + aspirin",
       {shipped_item("D0004", "2.5", Unit::kMilligram), shipped_item("D0001", "100", Unit::kMilligram)}},
      {"warfarin + amiodarone",
       {shipped_item("D0004", "2.5", Unit::kMilligram), shipped_item("D0015", "200", Unit::kMilligram)}},
      {"warfarin + rifampicin",
       {shipped_item("D0004", "2.5", Unit::kMilligram), shipped_item("D0042", "450", Unit::kMilligram)}},
      {"methotrexate + trimethoprim-sulfamethoxazole",
       {shipped_item("D0051", "7.5", Unit::kMilligram, Frequency::kQw),
        shipped_item("D0039", "960", Unit::kMilligram, Frequency::kBid)}},
      {"spironolactone + potassium chloride",
       {shipped_item("D0012", "20", Unit::kMilligram), shipped_item("D0054", "1000", Unit::kMilligram)}},
      {"theophylline + ciprofloxacin",
       {shipped_item("D0060", "200", Unit::kMilligram, Frequency::kBid),
        shipped_item("D0038", "500", Unit::kMilligram, Frequency::kBid)}},
      {"digoxin + amiodarone",
       {shipped_item("D0014", "0.125", Unit::kMilligram), shipped_item("D0015", "200", Unit::kMilligram)}},
      {"tramadol + SSRIs",
       {shipped_item("D0049", "100", Unit::kMilligram, Frequency::kBid), shipped_item("D0066", "50", Unit::kMilligram)}},
      {"carbamazepine + clarithromycin",
       {shipped_item("D0072", "200", Unit::kMilligram, Frequency::kBid),
        shipped_item("D0036", "250", Unit::kMilligram, Frequency::kBid)}},
      {"QT-prolonging pairs (amiodarone + levofloxacin)",
       {shipped_item("D0015", "200", Unit::kMilligram), shipped_item("D0037", "500", Unit::kMilligram)}},
      {"simvastatin above 20 mg/day + amlodipine",
       {shipped_item("D0018", "40", Unit::kMilligram), shipped_item("D0006", "5", Unit::kMilligram)}},
      {"spironolactone + ACE inhibitors / ARBs",
       {shipped_item("D0012", "20", Unit::kMilligram), shipped_item("D0010", "10", Unit::kMilligram)}},
      {"clopidogrel + omeprazole",
       {shipped_item("D0003", "75", Unit::kMilligram), shipped_item("D0055", "20", Unit::kMilligram)}},
  };
}

Severity expected_severity(const std::string& group) {
  if (group == "moderate") return Severity::kWarn;
  if (group == "minor") return Severity::kInfo;
  return Severity::kBlock;
}

std::vector<Finding> ddi(const std::vector<Item>& items, const Formulary& formulary = shipped_formulary()) {
  return with_code(review_with_knowledge(prescription_with(items), formulary), "DDI");
}

TEST(InteractionRule, EveryPairOfTheRegulationsIsInTheKnowledgeBaseAtItsSeverity) {
  auto pairs = regulation_pairs();
  ASSERT_EQ(pairs.size(), 16u) << "regulations.md's interaction list changed: update pair_items()";
  auto items = pair_items();
  for (const auto& p : pairs) {
    SCOPED_TRACE(p.severity + ": " + p.text);
    auto it = items.find(p.text);
    ASSERT_NE(it, items.end()) << "no test prescription for this pair";
    for (bool reversed : {false, true}) {
      auto found = reversed ? ddi({it->second.second, it->second.first}) : ddi({it->second.first, it->second.second});
      ASSERT_EQ(found.size(), 1u);
      EXPECT_EQ(found[0].severity, expected_severity(p.severity));
      EXPECT_EQ(found[0].items, (std::vector<int>{0, 1}));
      EXPECT_NE(found[0].message.find(p.severity), std::string::npos) << found[0].message;
      EXPECT_NE(found[0].evidence.find("[DDI-"), std::string::npos) << found[0].evidence;
    }
  }
}

TEST(InteractionRule, TheEvidenceSaysWhichEntryFiredAndItsSource) {
  auto found = ddi({shipped_item("D0018", "20", Unit::kMilligram),
                    shipped_item("D0036", "250", Unit::kMilligram, Frequency::kBid)});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence,
            "D0018 simvastatin (C10AA01) matches 'C10AA01' and D0036 clarithromycin (J01FA09) matches 'J01FA09' "
            "[DDI-001; Zocor (simvastatin) US prescribing information, 4 Contraindications (strong CYP3A4 "
            "inhibitors); FDA Drug Safety Communication of 8 June 2011 on simvastatin]");
}

TEST(InteractionRule, AClassPairFiresForADrugOnlyItsAtcClassKnows) {
  // Naproxen (M01AE02) is in no formulary row and no entry by name: only the NSAID class has it.
  Formulary formulary = formulary_with({new_drug("X0001", "naproxen", "M01AE02", "250")});
  auto found = ddi({shipped_item("D0004", "2.5", Unit::kMilligram),
                    item_of(*formulary.find(DrugCode("X0001")), qty("250", Unit::kMilligram), Frequency::kBid, 5)},
                   formulary);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_NE(found[0].evidence.find("X0001 naproxen (M01AE02) matches 'nsaid'"), std::string::npos)
      << found[0].evidence;
}

TEST(InteractionRule, SimvastatinWithAmlodipineCountsOnlyAbove20MgADay) {
  auto amlodipine = shipped_item("D0006", "5", Unit::kMilligram);
  EXPECT_TRUE(ddi({shipped_item("D0018", "20", Unit::kMilligram), amlodipine}).empty());
  EXPECT_TRUE(ddi({shipped_item("D0018", "1", Unit::kTablet), amlodipine}).empty());
  auto above = ddi({shipped_item("D0018", "0.02", Unit::kGram, Frequency::kBid), amlodipine});
  ASSERT_EQ(above.size(), 1u);
  EXPECT_EQ(above[0].severity, Severity::kWarn);
  EXPECT_NE(above[0].evidence.find("simvastatin's daily dose 40 mg is above 20 mg"), std::string::npos)
      << above[0].evidence;
  auto unknown = ddi({item_of(shipped("D0018"), std::nullopt, std::nullopt, 7), amlodipine});
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_NE(unknown[0].evidence.find("daily dose is unknown"), std::string::npos) << unknown[0].evidence;
}

TEST(InteractionRule, DrugsThatDoNotInteractGiveNothing) {
  EXPECT_TRUE(ddi({shipped_item("D0022", "500", Unit::kMilligram), shipped_item("D0006", "5", Unit::kMilligram),
                   shipped_item("D0019", "20", Unit::kMilligram)})
                  .empty());
  // Levofloxacin eye drops are not systemic: no QT pair with amiodarone.
  EXPECT_TRUE(ddi({shipped_item("D0015", "200", Unit::kMilligram),
                   item_of(shipped("D0078"), std::nullopt, Frequency::kQid, 7)})
                  .empty());
}

TEST(InteractionRule, WithoutAKnowledgeBaseNothingIsChecked) {
  auto rx = prescription_with({shipped_item("D0018", "20", Unit::kMilligram),
                               shipped_item("D0036", "250", Unit::kMilligram, Frequency::kBid)});
  std::vector<Finding> out;
  InteractionRule().check(rx, shipped_formulary(), review_at(), out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace rx::testing
