#include "inventory/replenishment.h"

#include <gtest/gtest.h>

#include "unit/inventory/test_stock.h"

namespace rx::testing {
namespace {

const Zone kShanghai = Zone::shanghai();
const DrugCode kDrug("D0004");
const LocationCode kChannel("C-05-01");

Instant at(std::string_view local) { return *parse_instant(local, kShanghai); }

StockMovement dispensed(std::string_view local, int packs) {
  StockMovement m;
  m.kind = MovementKind::kDispensed;
  m.at = at(local);
  m.lot = Lot{kDrug, LotNo("DM2409005"), date("2027-09-30")};
  m.location = kChannel;
  m.delta = -packs;
  return m;
}

// One day of history: 2 packs an hour at 09:xx and 3 at 10:xx.
DemandForecast forecast() {
  return DemandForecast::from_movements({dispensed("2026-11-30T09:10:00", 2), dispensed("2026-11-30T10:20:00", 3)},
                                        at("2026-12-01T08:00:00"), 1, kShanghai);
}

StockProjection projection(StockRow row, int reserved = 0, bool blocked = false, bool quarantined = false) {
  row.blocked = blocked;
  row.quarantined = quarantined;
  return StockProjection{.row = std::move(row), .reserved = reserved};
}

StockLedger ledger_of(std::vector<StockProjection> rows) {
  auto ledger = StockLedger::from_rows(std::move(rows));
  EXPECT_TRUE(ledger.ok()) << ledger.status().to_string();
  return ledger.ok() ? std::move(ledger).value() : StockLedger{};
}

TEST(ReplenishThreshold, IsLeadTimeDemandPlusAPeakLeadTimeOfSafety) {
  // 09:45 + 30 min: 0.25 h at 2/h + 0.25 h at 3/h = 1.25 packs; safety
  // max(2, 3/h × 0.5 h = 1.5) = 2; ceil(3.25) = 4.
  const Threshold t = replenish_threshold(forecast(), kDrug, kChannel, 20, at("2026-12-01T09:45:00"), {});
  EXPECT_DOUBLE_EQ(t.lead_demand, 1.25);
  EXPECT_DOUBLE_EQ(t.safety, 2.0);
  EXPECT_EQ(t.packs, 4);
}

TEST(ReplenishThreshold, ALongerLeadTimeRaisesDemandAndSafety) {
  ReplenishmentSettings settings;
  settings.lead_time = std::chrono::hours(1);
  // 09:00 + 1 h: 2 packs; safety max(2, 3/h × 1 h) = 3.
  const Threshold t =
      replenish_threshold(forecast(), kDrug, kChannel, 20, at("2026-12-01T09:00:00"), settings);
  EXPECT_DOUBLE_EQ(t.lead_demand, 2.0);
  EXPECT_DOUBLE_EQ(t.safety, 3.0);
  EXPECT_EQ(t.packs, 5);
}

TEST(ReplenishThreshold, WithoutHistoryIsTheMinimumSafety) {
  const Threshold t = replenish_threshold(DemandForecast{}, kDrug, kChannel, 20, at("2026-12-01T09:45:00"), {});
  EXPECT_EQ(t.packs, 2);
  ReplenishmentSettings none;
  none.min_safety_packs = 0;
  EXPECT_EQ(replenish_threshold(DemandForecast{}, kDrug, kChannel, 20, at("2026-12-01T09:45:00"), none)
                .packs,
            0);
}

TEST(ReplenishThreshold, IsCappedAtCapacity) {
  const Threshold t = replenish_threshold(forecast(), kDrug, kChannel, 3, at("2026-12-01T09:45:00"), {});
  EXPECT_EQ(t.packs, 3);
}

TEST(ReplenishmentSettings, AreCheckedField) {
  EXPECT_TRUE(check_replenishment_settings({}).ok());
  ReplenishmentSettings s;
  s.history_days = 0;
  EXPECT_EQ(check_replenishment_settings(s).field(), "history_days");
  s = {};
  s.lead_time = std::chrono::seconds(10);
  EXPECT_EQ(check_replenishment_settings(s).field(), "lead_time");
  s = {};
  s.min_safety_packs = -1;
  EXPECT_EQ(check_replenishment_settings(s).field(), "min_safety_packs");
}

TEST(MachineLocationFills, CountsUsableAndStayingPacksPerLocation) {
  const StockLedger ledger = ledger_of({
      projection(stock_row("D0004", "A", "2027-09-30", "C-05-01", 10), 3),
      projection(stock_row("D0004", "OLD", "2026-11-18", "C-05-01", 2)),         // expired
      projection(stock_row("D0004", "BLK", "2027-10-31", "C-05-01", 1), 0, true),  // blocked
      projection(stock_row("D0004", "Q", "2027-10-31", "C-05-01", 1), 0, false, true),
      projection(stock_row("D0005", "E", "2027-09-30", "C-06-01", 0)),  // emptied
      projection(stock_row("D0004", "A", "2027-09-30", "B-01", 40)),    // reserve
      projection(stock_row("D0004", "A", "2027-09-30", "Q-BIN", 1)),    // not a machine
  });
  const auto rows = machine_location_fills(ledger, demo_today());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].location, kChannel);
  EXPECT_EQ(rows[0].drug, kDrug);
  EXPECT_EQ(rows[0].usable, 7);
  EXPECT_EQ(rows[0].staying, 11) << "the 3 packs held for plans are leaving";
  EXPECT_EQ(rows[1].location, LocationCode("C-06-01"));
  EXPECT_EQ(rows[1].usable, 0);
  EXPECT_EQ(rows[1].staying, 0);

  const auto one = location_fills(ledger, kChannel, demo_today());
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].usable, 7);
  EXPECT_TRUE(location_fills(ledger, LocationCode("C-09-09"), demo_today()).empty());
}

TEST(ReserveSource, IsTheFirstExpiringUsableLotInTheReserve) {
  const StockLedger ledger = ledger_of({
      projection(stock_row("D0004", "LATE", "2028-10-31", "B-01", 50)),
      projection(stock_row("D0004", "SOON", "2027-09-30", "B-02", 5)),
      projection(stock_row("D0004", "SOON", "2027-09-30", "B-03", 8)),
      projection(stock_row("D0004", "GONE", "2026-11-18", "B-04", 30)),            // expired
      projection(stock_row("D0004", "STOP", "2027-01-31", "B-05", 30), 0, true),   // blocked
      projection(stock_row("D0004", "HELD", "2027-02-28", "B-06", 4), 4),          // all reserved
      projection(stock_row("D0004", "MACH", "2027-01-31", "C-05-01", 9)),          // not the reserve
  });
  auto source = reserve_source(ledger, kDrug, demo_today());
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(source->lot.lot, LotNo("SOON"));
  EXPECT_EQ(source->from, LocationCode("B-03")) << "the place with most packs of the lot";
  EXPECT_EQ(source->packs, 8);
  EXPECT_FALSE(reserve_source(ledger, DrugCode("D0005"), demo_today()).has_value());
}

TEST(ReplenishNeed, FillsToCapacityFromTheReserve) {
  const LocationFill stock{kChannel, kDrug, 4, 6};
  const ReserveSource source{LocationCode("B-02"), Lot{kDrug, LotNo("SOON"), date("2027-09-30")}, 30};
  auto need = replenish_need(stock, 20, forecast(), source, at("2026-12-01T09:45:00"), {});
  ASSERT_TRUE(need.has_value());
  EXPECT_EQ(need->threshold.packs, 4);
  EXPECT_EQ(need->wanted, 14) << "20 places less the 6 packs staying in the channel";
  EXPECT_EQ(need->quantity, 14);
  EXPECT_EQ(need->reason, "below threshold: 4 usable packs, threshold 4 (1.2 expected in 30 min + 2.0 safety)");
}

TEST(ReplenishNeed, IsBoundedByTheReserveAndFlaggedWhenItIsEmpty) {
  const LocationFill stock{kChannel, kDrug, 1, 1};
  const ReserveSource small{LocationCode("B-02"), Lot{kDrug, LotNo("SOON"), date("2027-09-30")}, 5};
  auto bounded = replenish_need(stock, 20, forecast(), small, at("2026-12-01T09:45:00"), {});
  ASSERT_TRUE(bounded.has_value());
  EXPECT_EQ(bounded->wanted, 19);
  EXPECT_EQ(bounded->quantity, 5);

  auto empty = replenish_need(stock, 20, forecast(), std::nullopt, at("2026-12-01T09:45:00"), {});
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(empty->source.has_value());
  EXPECT_EQ(empty->quantity, 19);
  EXPECT_NE(empty->reason.find("reserve empty"), std::string::npos) << empty->reason;
}

TEST(ReplenishNeed, NoneAboveTheThresholdOrWithoutRoom) {
  const Instant now = at("2026-12-01T09:45:00");
  EXPECT_FALSE(replenish_need({kChannel, kDrug, 5, 5}, 20, forecast(), std::nullopt, now, {}));
  // Nothing usable, but the channel is full of packs that stay (expired, say): nothing fits.
  EXPECT_FALSE(replenish_need({kChannel, kDrug, 0, 20}, 20, forecast(), std::nullopt, now, {}));
}

}  // namespace
}  // namespace rx::testing
