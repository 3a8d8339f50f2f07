#include "planning/reslotting.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace rx {
namespace {

Drug box(int n) {
  Drug d;
  d.code = DrugCode(fmt::format("D{:04d}", n));
  d.gtin = fmt::format("0200000000{:04d}", n);
  d.pack_w_mm = 90;
  d.pack_h_mm = 50;
  d.pack_d_mm = 50;  // 20 boxes a channel
  d.machine_ok = true;
  return d;
}

Slot channel(int drug, int shelf, int ch) {
  return Slot{LocationCode(fmt::format("C-{:02d}-{:02d}", shelf, ch)), DrugCode(fmt::format("D{:04d}", drug)), 20};
}

const ReslotSuggestion* find(const std::vector<ReslotSuggestion>& list, const std::string& drug) {
  for (const auto& s : list) {
    if (s.drug.value() == drug) return &s;
  }
  return nullptr;
}

TEST(Reslotting, AFastMoverFarOutGainsChannelsAndMovesNearer) {
  Formulary f({box(1), box(2)});
  ReslottingInput in;
  in.formulary = &f;
  // D0001 sells 100 times as much as D0002, yet has one channel 1.0 m out.
  in.current.push_back(channel(1, 1, 20));
  for (int ch = 1; ch <= 10; ++ch) in.current.push_back(channel(2, 2, ch));
  in.demand[DrugCode("D0001")] = 1000;
  in.demand[DrugCode("D0002")] = 10;
  auto list = suggest_reslotting(in);
  ASSERT_TRUE(list.ok()) << list.status().to_string();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].drug.value(), "D0001");  // most demanded first
  const ReslotSuggestion* fast = find(*list, "D0001");
  EXPECT_TRUE(fast->gain);
  EXPECT_FALSE(fast->lose);
  EXPECT_TRUE(fast->move_nearer);
  EXPECT_EQ(fast->channels_now, 1);
  EXPECT_GT(fast->channels_planned, 500);
  EXPECT_NEAR(*fast->nearest_now_m, 1.0, 1e-9);
  EXPECT_NEAR(*fast->nearest_planned_m, 0.05, 1e-9);
  EXPECT_EQ(static_cast<int>(fast->planned.size()), fast->channels_planned);
  const ReslotSuggestion* slow = find(*list, "D0002");
  EXPECT_TRUE(slow->lose);
  EXPECT_FALSE(slow->gain);
  EXPECT_LT(slow->channels_planned, 10);
  EXPECT_DOUBLE_EQ(slow->demand, 10);
}

TEST(Reslotting, ALayoutThatFollowsTheDemandNeedsNothing) {
  Formulary f({box(1), box(2), box(3)});
  SlottingInput plan;
  plan.formulary = &f;
  plan.demand = {{DrugCode("D0001"), 30}, {DrugCode("D0002"), 20}, {DrugCode("D0003"), 10}};
  auto slots = plan_slots(plan);
  ASSERT_TRUE(slots.ok());
  ReslottingInput in;
  in.formulary = &f;
  in.current = *slots;
  in.demand = plan.demand;
  auto list = suggest_reslotting(in);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

TEST(Reslotting, SmallDifferencesStayBelowTheThresholds) {
  Formulary f({box(1), box(2)});
  ReslottingInput in;
  in.formulary = &f;
  in.demand = {{DrugCode("D0001"), 10}, {DrugCode("D0002"), 10}};
  SlottingInput plan;
  plan.formulary = &f;
  plan.demand = in.demand;
  in.current = *plan_slots(plan);
  // One channel of D0001 handed to D0002: a change of one.
  for (Slot& s : in.current) {
    if (s.drug.value() == "D0001") {
      s.drug = DrugCode("D0002");
      break;
    }
  }
  auto strict = suggest_reslotting(in);
  ASSERT_TRUE(strict.ok());
  EXPECT_EQ(strict->size(), 2u);
  in.min_channel_change = 2;
  auto lenient = suggest_reslotting(in);
  ASSERT_TRUE(lenient.ok());
  EXPECT_TRUE(lenient->empty());
  in.min_channel_change = 0;
  EXPECT_EQ(suggest_reslotting(in).status().field(), "min_channel_change");
}

TEST(Reslotting, DemandCountsDispensedPacksInThePeriodOnly) {
  Instant t0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 1};
  auto mv = [&](MovementKind kind, std::string drug, int delta, int day) {
    StockMovement m;
    m.kind = kind;
    m.lot.drug = DrugCode(std::move(drug));
    m.delta = delta;
    m.at = t0 + std::chrono::days(day);
    return m;
  };
  std::vector<StockMovement> ledger = {
      mv(MovementKind::kDispensed, "D0001", -2, 0),  mv(MovementKind::kDispensed, "D0001", -3, 27),
      mv(MovementKind::kDispensed, "D0001", -5, 28),  // the day after the period
      mv(MovementKind::kReceived, "D0002", 40, 3),   mv(MovementKind::kDispensed, "D0002", -1, 10),
  };
  auto demand = dispensed_demand(ledger, t0, t0 + std::chrono::days(28));
  EXPECT_DOUBLE_EQ(demand[DrugCode("D0001")], 5);
  EXPECT_DOUBLE_EQ(demand[DrugCode("D0002")], 1);
  EXPECT_EQ(demand.size(), 2u);
}

}  // namespace
}  // namespace rx
