#include "review/review.h"

#include <gtest/gtest.h>

#include "unit/review/test_prescription.h"

namespace rx::testing {
namespace {

TEST(Review, APlainPrescriptionHasNoFindings) {
  auto rx = prescription_with({plain_item(), item_of(levothyroxine(), qty("50", Unit::kMicrogram), Frequency::kQd, 7),
                               item_of(amoxicillin(), qty("500", Unit::kMilligram), Frequency::kTid, 5)});
  EXPECT_TRUE(review(rx).empty());
}

TEST(Review, OrdersFindingsByRuleThenItem) {
  // Six items (MAX_ITEMS), one unknown drug, two overdoses, one long supply; reviewed the next day.
  auto overdose = item_of(metformin(), qty("1", Unit::kGram), Frequency::kTid, 7);
  auto long_supply = plain_item();
  long_supply.days = 10;
  auto unknown = plain_item();
  unknown.drug = DrugCode("X9999");
  auto rx = prescription_with({overdose, plain_item(), unknown, long_supply, plain_item(), overdose});
  auto findings = review(rx, review_at("2026-03-30T08:00:00+08:00"));

  std::vector<std::pair<std::string, std::vector<int>>> got;
  for (const auto& f : findings) got.emplace_back(f.code, f.items);
  std::vector<std::pair<std::string, std::vector<int>>> expected = {
      {"MAX_ITEMS", {0, 1, 2, 3, 4, 5}},
      {"UNKNOWN_DRUG", {2}},
      {"EXPIRED_RX", {0, 1, 2, 3, 4, 5}},
      {"MAX_DAYS", {3}},
      {"DOSE_MAX", {0}},
      {"DOSE_MAX", {5}},
  };
  EXPECT_EQ(got, expected);
  EXPECT_TRUE(has_block(findings));
}

TEST(Review, GivesTheSameFindingsEveryTime) {
  auto rx = prescription_with({item_of(metformin(), std::nullopt, Frequency::kTid, std::nullopt),
                               item_of(amoxicillin(), qty("6", Unit::kCapsule), Frequency::kTid, 9)});
  auto first = review(rx);
  ASSERT_FALSE(first.empty());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(review(rx), first);
}

}  // namespace
}  // namespace rx::testing
