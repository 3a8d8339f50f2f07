#include "review/knowledge_base_parser.h"

#include <gtest/gtest.h>

#include <set>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

const char* kClass = R"(
[[class]]
id = "statin"
name = "statins"
atc = ["C10AA"]
source = "WHO ATC/DDD Index"
)";

// The error for `text` given as the file "kb.toml" after the class file "classes.toml".
std::string error_of(const std::string& text) {
  auto kb = parse_knowledge_base({{"classes.toml", kClass}, {"kb.toml", text}});
  EXPECT_FALSE(kb.ok()) << "expected an error for:\n" << text;
  return kb.ok() ? "" : kb.status().message();
}

TEST(KnowledgeBaseParser, TheShippedKnowledgeBaseParsesAndFitsTheFormulary) {
  auto kb = parse_knowledge_base(shipped_knowledge_files());
  ASSERT_TRUE(kb.ok()) << kb.status().message();
  EXPECT_GE(kb->interactions.size(), 16u);
  EXPECT_FALSE(kb->dose_limits.empty());
  EXPECT_FALSE(kb->allergens.empty());
  EXPECT_FALSE(kb->duplicate_classes.empty());
  EXPECT_FALSE(kb->age_rules.empty());
  EXPECT_FALSE(kb->pregnancy_rules.empty());
  EXPECT_EQ(kb->lasa_groups.size(), 7u);
  EXPECT_FALSE(kb->antimicrobial_tiers.empty());
  EXPECT_FALSE(kb->prescribers.empty());
  Status fits = check_against_formulary(*kb, shipped_formulary());
  EXPECT_TRUE(fits.ok()) << fits.message();
}

TEST(KnowledgeBaseParser, EveryShippedLasaGroupIsTheFormularysGroup) {
  for (const auto& g : shipped_knowledge().lasa_groups) {
    SCOPED_TRACE(g.id);
    std::set<std::string> from_formulary, from_kb;
    for (const auto& d : shipped_formulary().drugs()) {
      if (d.lasa_group == g.id) from_formulary.insert(d.code.value());
    }
    for (const auto& m : g.members) from_kb.insert(m.value());
    EXPECT_EQ(from_kb, from_formulary);
  }
}

TEST(KnowledgeBaseParser, AClassMayBeUsedInAnotherFileAndCoversItsPrefixes) {
  auto kb = parse_knowledge_base({{"b.toml", R"(
[[duplicate_therapy]]
id = "DUP-STATIN"
name = "statins"
drugs = ["statin", "C10BA02"]
source = "test"
)"},
                                  {"a.toml", kClass}});
  ASSERT_TRUE(kb.ok()) << kb.status().message();
  ASSERT_EQ(kb->duplicate_classes.size(), 1u);
  const DrugSet& set = kb->duplicate_classes[0].drugs;
  EXPECT_EQ(set.text, "statin, C10BA02");
  EXPECT_EQ(set.atc_prefixes, (std::vector<std::string>{"C10AA", "C10BA02"}));
  EXPECT_TRUE(set.matches(new_drug("X1", "pitavastatin", "C10AA08")));
  EXPECT_FALSE(set.matches(new_drug("X2", "ezetimibe", "C10AX09")));
  EXPECT_FALSE(set.matches(new_drug("X3", "a 中成药", "")));
}

TEST(KnowledgeBaseParser, InvalidTomlNamesTheLine) {
  EXPECT_EQ(error_of("\n\n[[interaction]]\nid = \"DDI-1\nseverity = \"major\"\n").substr(0, 10), "kb.toml:4:");
}

TEST(KnowledgeBaseParser, AnUnknownEntryKindIsRefused) {
  std::string e = error_of("\n[[interactions]]\nid = \"x\"\n");
  EXPECT_EQ(e.substr(0, 10), "kb.toml:2:") << e;
  EXPECT_NE(e.find("unknown entry kind 'interactions'"), std::string::npos) << e;
}

TEST(KnowledgeBaseParser, AMisspeltFieldIsRefusedAtItsLine) {
  std::string e = error_of(R"([[pregnancy]]
id = "PREG-1"
drugs = "statin"
level = "contraindicated"
reason = "r"
sorce = "typo"
source = "s"
)");
  EXPECT_EQ(e, "kb.toml:6: pregnancy 'PREG-1': unknown field 'sorce'");
}

TEST(KnowledgeBaseParser, AnEntryWithoutSourceIsRefused) {
  std::string e = error_of(R"([[pregnancy]]
id = "PREG-1"
drugs = "statin"
level = "contraindicated"
reason = "r"
)");
  EXPECT_EQ(e, "kb.toml:1: pregnancy 'PREG-1': source: is required and missing");
  std::string empty = error_of(R"([[pregnancy]]
id = "PREG-1"
drugs = "statin"
level = "contraindicated"
reason = "r"
source = "  "
)");
  EXPECT_EQ(empty, "kb.toml:6: pregnancy 'PREG-1': source: must not be empty");
}

TEST(KnowledgeBaseParser, AnUnknownSeveritySaysWhatIsExpected) {
  std::string e = error_of(R"([[interaction]]
id = "DDI-1"
a = "statin"
b = "J01FA09"
severity = "severe"
mechanism = "m"
advice = "a"
source = "s"
)");
  EXPECT_EQ(e, "kb.toml:5: interaction 'DDI-1': severity: expected one of contraindicated, major, moderate, minor, "
               "found 'severe'");
}

TEST(KnowledgeBaseParser, AnUndefinedClassOrABadAtcCodeIsRefused) {
  const std::string entry = "[[age]]\nid = \"AGE-1\"\nbelow = 18\nlevel = \"caution\"\nreason = \"r\"\nsource = \"s\"\n";
  EXPECT_EQ(error_of(entry + "drugs = \"fluoroquinolone\"\n"),
            "kb.toml:7: age 'AGE-1': drugs: 'fluoroquinolone' is not a class defined by a [[class]] entry");
  EXPECT_EQ(error_of(entry + "drugs = [\"J01MA\", \"01MA\"]\n"),
            "kb.toml:7: age 'AGE-1': drugs: expected a class id or an ATC code prefix such as M01A or C10AA01, "
            "found '01MA'");
}

TEST(KnowledgeBaseParser, AnIdDefinedTwiceNamesBothPlaces) {
  std::string e = error_of(R"([[duplicate_therapy]]
id = "DUP-1"
name = "n"
drugs = "statin"
source = "s"

[[duplicate_therapy]]
id = "DUP-1"
name = "n"
drugs = "statin"
source = "s"
)");
  EXPECT_EQ(e, "kb.toml:7: duplicate_therapy 'DUP-1' is defined twice; first at kb.toml:1");
}

TEST(KnowledgeBaseParser, DoseLimitsNeedAmountsWithUnitsAndAnAgeRangeThatIsOne) {
  const std::string head = "[[dose_limit]]\nid = \"DL-1\"\ndrugs = \"C10AA01\"\nsource = \"s\"\n";
  EXPECT_EQ(error_of(head + "max_daily = \"40\"\n"),
            "kb.toml:5: dose_limit 'DL-1': max_daily: expected an amount and a unit such as \"20 mg\", found \"40\"");
  EXPECT_NE(error_of(head + "max_daily = \"40 mgs\"\n").find("kb.toml:5: dose_limit 'DL-1': max_daily: unknown unit"),
            std::string::npos);
  EXPECT_EQ(error_of(head + "max_daily = \"-4 mg\"\n"),
            "kb.toml:5: dose_limit 'DL-1': max_daily: expected a positive amount such as \"20 mg\", found \"-4 mg\"");
  EXPECT_EQ(error_of(head + "max_daily = \"40 mg\"\nage_from = 12\nage_to = 6\n"),
            "kb.toml:7: dose_limit 'DL-1': age_to: must be above age_from (12), found 6");
  EXPECT_EQ(error_of(head + "age_from = \"12\"\nmax_daily = \"40 mg\"\n"),
            "kb.toml:5: dose_limit 'DL-1': age_from: expected whole years from 0 to 150, found \"12\"");
  EXPECT_EQ(error_of(head + "frequencies = [\"weekly\"]\n"),
            "kb.toml:5: dose_limit 'DL-1': frequencies: 'weekly' is not a frequency code such as qd or qw");
  EXPECT_NE(error_of(head).find("kb.toml:1: dose_limit 'DL-1': sets no limit"), std::string::npos);
}

TEST(KnowledgeBaseParser, AnAgeRuleHasExactlyOneBound) {
  std::string e = error_of(R"([[age]]
id = "AGE-1"
drugs = "statin"
below = 18
from = 65
level = "caution"
reason = "r"
source = "s"
)");
  EXPECT_EQ(e, "kb.toml:4: age 'AGE-1': below: expected exactly one of below (younger patients) and from (older "
               "patients)");
}

TEST(KnowledgeBaseParser, AllergenNamesAreMatchedWithoutCaseAndCrossReactivityIsRead) {
  auto kb = parse_knowledge_base({{"a.toml", R"(
[[class]]
id = "penicillin"
name = "penicillins"
atc = ["J01C"]
source = "WHO"

[[class]]
id = "cephalosporin"
name = "cephalosporins"
atc = ["J01DB", "J01DC"]
source = "WHO"

[[allergen]]
id = "penicillin"
names = ["Penicillins", "青霉素"]
drugs = "penicillin"
source = "BNF"

  [[allergen.cross_reactivity]]
  drugs = "cephalosporin"
  note = "n"
  source = "BNF cross"
)"}});
  ASSERT_TRUE(kb.ok()) << kb.status().message();
  EXPECT_NE(kb->find_allergen("PENICILLIN"), nullptr);
  EXPECT_NE(kb->find_allergen("penicillins"), nullptr);
  EXPECT_NE(kb->find_allergen("青霉素"), nullptr);
  EXPECT_EQ(kb->find_allergen("latex"), nullptr);
  ASSERT_EQ(kb->allergens[0].cross.size(), 1u);
  EXPECT_EQ(kb->allergens[0].cross[0].source, "BNF cross");
  EXPECT_EQ(kb->allergens[0].where, "a.toml:14");
}

TEST(KnowledgeBaseParser, ACrossReactivityWithoutSourceIsRefused) {
  std::string e = error_of(R"([[allergen]]
id = "statin"
drugs = "statin"
source = "s"

  [[allergen.cross_reactivity]]
  drugs = "C10BA"
  note = "n"
)");
  EXPECT_EQ(e, "kb.toml:6: [[allergen.cross_reactivity]]: source: is required and missing");
}

TEST(KnowledgeBaseParser, ALasaMemberMustBeAFormularyCode) {
  auto kb = parse_knowledge_base({{"lasa.toml", R"([[lasa]]
id = "LASA-99"
members = ["D0001", "D9999"]
reason = "r"
source = "s"
)"}});
  ASSERT_TRUE(kb.ok()) << kb.status().message();
  Status s = check_against_formulary(*kb, shipped_formulary());
  EXPECT_EQ(s.message(), "lasa.toml:1: lasa 'LASA-99': member 'D9999' is not a formulary code");
  EXPECT_EQ(error_of("[[lasa]]\nid = \"L\"\nmembers = [\"D0001\"]\nreason = \"r\"\nsource = \"s\"\n"),
            "kb.toml:3: lasa 'L': members: a LASA group needs two products, found 1");
}

TEST(KnowledgeBaseParser, TheMostSpecificAntimicrobialTierWins) {
  auto kb = parse_knowledge_base({{"t.toml", R"(
[[antimicrobial_tier]]
id = "AMT-FQ"
drugs = "J01MA"
tier = "non_restricted"
source = "s"

[[antimicrobial_tier]]
id = "AMT-LEVO"
drugs = "J01MA12"
tier = "restricted"
source = "s"
)"}});
  ASSERT_TRUE(kb.ok()) << kb.status().message();
  EXPECT_EQ(kb->antimicrobial_tier(shipped("D0037"))->id, "AMT-LEVO");
  EXPECT_EQ(kb->antimicrobial_tier(shipped("D0038"))->id, "AMT-FQ");
  EXPECT_EQ(kb->antimicrobial_tier(shipped("D0022")), nullptr);
}

}  // namespace
}  // namespace rx::testing
