// The whole review with the shipped knowledge base: common prescriptions stay clean, and one
// prescription with several problems gets each finding once.
#include <gtest/gtest.h>

#include "unit/review/shipped_knowledge.h"

namespace rx::testing {
namespace {

TEST(KnowledgeReview, CommonChronicPrescriptionsGiveNoFindings) {
  std::vector<std::vector<Item>> prescriptions = {
      {shipped_item("D0022", "500", Unit::kMilligram, Frequency::kTid), shipped_item("D0006", "5", Unit::kMilligram),
       shipped_item("D0019", "20", Unit::kMilligram, Frequency::kQn)},
      {shipped_item("D0001", "100", Unit::kMilligram), shipped_item("D0003", "75", Unit::kMilligram),
       shipped_item("D0020", "10", Unit::kMilligram, Frequency::kQn)},
      {shipped_item("D0011", "50", Unit::kMilligram), shipped_item("D0013", "20", Unit::kMilligram)},
  };
  for (const auto& items : prescriptions) {
    auto rx = prescription_with(items);
    set_age(rx, 62);
    auto findings = review_with_knowledge(rx);
    EXPECT_TRUE(findings.empty()) << findings.front().code << ": " << findings.front().message;
  }
}

TEST(KnowledgeReview, EachProblemOfOnePrescriptionIsFoundOnce) {
  auto rx = prescription_with({shipped_item("D0004", "2.5", Unit::kMilligram),                    // warfarin
                               shipped_item("D0043", "600", Unit::kMilligram, Frequency::kTid),    // ibuprofen
                               shipped_item("D0037", "500", Unit::kMilligram),                     // levofloxacin
                               shipped_item("D0034", "250", Unit::kMilligram, Frequency::kBid)});  // cefuroxime
  set_age(rx, 11);
  rx.patient.weight_kg = 30;
  rx.patient.allergies = {"penicillin"};
  rx.prescriber.id = "D0002";
  std::vector<std::pair<std::string, std::vector<int>>> expected = {
      {"DOSE_MAX", {1}},            // 600 mg > 10 mg/kg × 30 kg; 1800 mg/day > 40 mg/kg × 30 kg
      {"DDI", {0, 1}},              // warfarin + NSAID
      {"ALLERGY", {3}},             // cephalosporin with a penicillin allergy: cross-reactivity
      {"AGE", {2}},                 // fluoroquinolone under 18
      {"ANTIMICROBIAL_TIER", {2}},  // restricted levofloxacin from a non-restricted prescriber
  };
  std::vector<std::pair<std::string, std::vector<int>>> got;
  for (const auto& f : review_with_knowledge(rx)) got.emplace_back(f.code, f.items);
  EXPECT_EQ(got, expected);
}

}  // namespace
}  // namespace rx::testing
