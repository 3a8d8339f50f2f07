#include "review/rules/controlled_rule.h"

#include <gtest/gtest.h>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

struct Case {
  std::optional<std::string> id_number = "110101198601150011";
  std::optional<std::string> agent_name;
  std::optional<std::string> agent_id_number;
  bool pain_patient = false;
  int age = 40;
  std::vector<Diagnosis> diagnoses;
};

std::vector<Finding> controlled(const Item& item, const Case& c = {}) {
  auto rx = prescription_with({item});
  rx.patient.id_number = c.id_number;
  rx.patient.agent_name = c.agent_name;
  rx.patient.agent_id_number = c.agent_id_number;
  rx.visit.pain_patient = c.pain_patient;
  rx.diagnoses = c.diagnoses;
  set_age(rx, c.age);
  // The rule needs no knowledge base: its limits are the regulation's.
  return with_code(review_prescription(rx, shipped_formulary(), review_at()), "CONTROLLED");
}

Item morphine_sr(int days) { return item_of(shipped("D0050"), qty("30", Unit::kMilligram), Frequency::kQ12h, days); }
Item alprazolam(int days) { return item_of(shipped("D0069"), qty("0.4", Unit::kMilligram), Frequency::kTid, days); }

TEST(ControlledRule, ANarcoticWithinItsLimitIsInfoForLockedStorageAndDoubleSignOff) {
  auto found = controlled(morphine_sr(7));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_NE(found[0].message.find("locked storage"), std::string::npos) << found[0].message;
}

TEST(ControlledRule, ANarcoticNeedsThePatientsIdNumber) {
  auto found = controlled(morphine_sr(3), Case{.id_number = std::nullopt});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_NE(found[0].message.find("patient.id_number"), std::string::npos) << found[0].message;
  EXPECT_EQ(controlled(morphine_sr(3), Case{.id_number = " "}).at(0).severity, Severity::kBlock);
}

struct AgentCase {
  const char* name;
  Item item;
  Case c;
  std::vector<Severity> expected;  // the CONTROLLED findings, in order
  const char* message_part;        // in the first finding's message
};

TEST(ControlledRule, AnAgentNamedOnANarcoticOrClass1PrescriptionNeedsAnIdNumber) {
  const AgentCase cases[] = {
      {"narcotic, agent without id", morphine_sr(3), Case{.agent_name = "王五"}, {Severity::kBlock},
       "patient.agent.id_number"},
      {"narcotic, agent with a blank id", morphine_sr(3), Case{.agent_name = "王五", .agent_id_number = "  "},
       {Severity::kBlock}, "王五"},
      {"class 1, agent without id", item_of(shipped("D0071"), qty("18", Unit::kMilligram), Frequency::kQd, 7),
       Case{.agent_name = "王五"}, {Severity::kBlock}, "agent"},
      {"patient and agent both without id", morphine_sr(3), Case{.id_number = std::nullopt, .agent_name = "王五"},
       {Severity::kBlock, Severity::kBlock}, "patient.id_number"},
      {"narcotic, agent with id", morphine_sr(3),
       Case{.agent_name = "王五", .agent_id_number = "110101197001010033"}, {Severity::kInfo}, "locked storage"},
      {"narcotic, no agent", morphine_sr(3), Case{}, {Severity::kInfo}, "locked storage"},
      {"narcotic, blank agent name", morphine_sr(3), Case{.agent_name = " "}, {Severity::kInfo}, "locked storage"},
      {"class 2, agent without id", alprazolam(7), Case{.agent_name = "王五"}, {Severity::kInfo}, "locked storage"},
  };
  for (const auto& k : cases) {
    auto found = controlled(k.item, k.c);
    std::vector<Severity> severities;
    for (const auto& f : found) severities.push_back(f.severity);
    EXPECT_EQ(severities, k.expected) << k.name;
    if (!found.empty()) {
      EXPECT_NE(found[0].message.find(k.message_part), std::string::npos) << k.name << ": " << found[0].message;
    }
  }
}

TEST(ControlledRule, SustainedReleaseNarcoticsAre7DaysAnd15ForPainPatients) {
  auto found = controlled(morphine_sr(8));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  EXPECT_EQ(found[0].evidence, "items[0].days = 8 > 7 (处方管理办法 第二十三条, controlled/sustained-release: 7 days)");
  EXPECT_EQ(controlled(morphine_sr(15), Case{.pain_patient = true}).at(0).severity, Severity::kInfo);
  found = controlled(morphine_sr(16), Case{.pain_patient = true});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].evidence,
            "items[0].days = 16 > 15 (处方管理办法 第二十四条, pain patient, controlled/sustained-release: 15 days)");
}

TEST(ControlledRule, MethylphenidateForAChildsAdhdMayRun15Days) {
  Item mph = item_of(shipped("D0071"), qty("18", Unit::kMilligram), Frequency::kQd, 15);
  Case child{.age = 9, .diagnoses = {{"F90.0", "注意缺陷多动障碍"}}};
  EXPECT_EQ(controlled(mph, child).at(0).severity, Severity::kInfo);
  mph.days = 16;
  EXPECT_EQ(controlled(mph, child).at(0).severity, Severity::kBlock);
  mph.days = 15;
  EXPECT_EQ(controlled(mph, Case{.age = 30, .diagnoses = child.diagnoses}).at(0).severity, Severity::kBlock);
  EXPECT_EQ(controlled(mph, Case{.age = 9}).at(0).severity, Severity::kBlock);
}

TEST(ControlledRule, PsychotropicClass2Over7DaysWarnsWithAReasonAndBlocksWithout) {
  EXPECT_EQ(controlled(alprazolam(7)).at(0).severity, Severity::kInfo);
  auto found = controlled(alprazolam(14));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kBlock);
  Item with_reason = alprazolam(14);
  with_reason.supply_reason = "慢性焦虑障碍, 病情稳定";
  found = controlled(with_reason);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarn);
  EXPECT_NE(found[0].message.find("慢性焦虑障碍"), std::string::npos);
}

TEST(ControlledRule, ClassTwoNeedsNoIdNumberAndOrdinaryDrugsGiveNothing) {
  EXPECT_EQ(controlled(alprazolam(7), Case{.id_number = std::nullopt}).at(0).severity, Severity::kInfo);
  EXPECT_TRUE(controlled(shipped_item("D0022", "500", Unit::kMilligram)).empty());
}

TEST(ControlledRule, MissingDaysAreSaidInTheInfo) {
  auto found = controlled(item_of(shipped("D0050"), qty("30", Unit::kMilligram), Frequency::kQ12h, std::nullopt));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_NE(found[0].message.find("days missing"), std::string::npos) << found[0].message;
}

}  // namespace
}  // namespace rx::testing
