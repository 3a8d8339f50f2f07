#include "inventory/demand_forecast.h"

#include <gtest/gtest.h>

#include "unit/inventory/test_stock.h"

namespace rx::testing {
namespace {

const Zone kShanghai = Zone::shanghai();
const DrugCode kDrug("D0004");
const LocationCode kChannel("C-05-01");
const LocationCode kOtherChannel("C-06-01");

Instant at(std::string_view local) { return *parse_instant(local, kShanghai); }

StockMovement movement(MovementKind kind, std::string_view local, int delta, const LocationCode& location = kChannel) {
  StockMovement m;
  m.kind = kind;
  m.at = at(local);
  m.lot = Lot{kDrug, LotNo("DM2409005"), date("2027-09-30")};
  m.location = location;
  m.delta = delta;
  return m;
}

StockMovement dispensed(std::string_view local, int packs, const LocationCode& location = kChannel) {
  return movement(MovementKind::kDispensed, local, -packs, location);
}

// Two days of history before 12:00 on 1 December: 4 packs at 09:xx, 6 at
// 10:xx and 2 at 13:xx, so 2.0, 3.0 and 1.0 packs an hour on an average day.
DemandForecast two_day_forecast() {
  const std::vector<StockMovement> history{
      dispensed("2026-11-29T11:59:00", 5),  // before the two days: ignored
      dispensed("2026-11-29T13:00:00", 2),
      dispensed("2026-11-30T09:10:00", 3),
      dispensed("2026-11-30T10:20:00", 6),
      movement(MovementKind::kReceived, "2026-11-30T10:30:00", 20),  // not demand
      dispensed("2026-12-01T09:30:00", 1),
      dispensed("2026-12-01T09:40:00", 7, kOtherChannel),
      dispensed("2026-12-01T12:00:00", 4),  // at `now`: not yet history
  };
  return DemandForecast::from_movements(history, at("2026-12-01T12:00:00"), 2, kShanghai);
}

TEST(LocalHour, IsTheHourInThePharmacysZone) {
  EXPECT_EQ(local_hour(*parse_instant("2026-12-01T01:30:00Z", kShanghai), kShanghai), 9);
  EXPECT_EQ(local_hour(*parse_instant("2026-12-01T16:00:00Z", kShanghai), kShanghai), 0);
  EXPECT_EQ(local_hour(*parse_instant("2026-12-01T15:59:59Z", kShanghai), kShanghai), 23);
  EXPECT_EQ(local_hour(*parse_instant("2026-12-01T01:30:00Z", kShanghai), Zone::utc()), 1);
}

TEST(DemandForecast, AveragesDispensedPacksPerLocalHourOverTheDays) {
  const DemandForecast f = two_day_forecast();
  EXPECT_DOUBLE_EQ(f.rate(kDrug, kChannel, 9), 2.0);
  EXPECT_DOUBLE_EQ(f.rate(kDrug, kChannel, 10), 3.0);
  EXPECT_DOUBLE_EQ(f.rate(kDrug, kChannel, 13), 1.0);
  EXPECT_DOUBLE_EQ(f.rate(kDrug, kChannel, 11), 0.0);
  EXPECT_DOUBLE_EQ(f.rate(kDrug, kChannel, 12), 0.0) << "a movement at `now` is not history";
  EXPECT_DOUBLE_EQ(f.peak_rate(kDrug, kChannel), 3.0);
}

TEST(DemandForecast, KeepsLocationsAndDrugsApart) {
  const DemandForecast f = two_day_forecast();
  EXPECT_DOUBLE_EQ(f.rate(kDrug, kOtherChannel, 9), 3.5);
  EXPECT_DOUBLE_EQ(f.rate(DrugCode("D0005"), kChannel, 9), 0.0);
  EXPECT_DOUBLE_EQ(f.peak_rate(DrugCode("D0005"), kChannel), 0.0);
  EXPECT_DOUBLE_EQ(f.rate(kDrug, kChannel, 24), 0.0);
  EXPECT_DOUBLE_EQ(f.rate(kDrug, kChannel, -1), 0.0);
}

TEST(DemandForecast, DemandOverASpanTakesEachHourProRata) {
  const DemandForecast f = two_day_forecast();
  // 15 min of 09:xx at 2.0/h and 15 min of 10:xx at 3.0/h.
  EXPECT_DOUBLE_EQ(f.demand(kDrug, kChannel, at("2026-12-02T09:45:00"), std::chrono::minutes(30)), 1.25);
  // A whole 10:xx, then half of the empty 11:xx.
  EXPECT_DOUBLE_EQ(f.demand(kDrug, kChannel, at("2026-12-02T10:00:00"), std::chrono::minutes(90)), 3.0);
  // 08:30 to 14:00: 2 + 3 + 0 + 0 + 1.
  EXPECT_DOUBLE_EQ(f.demand(kDrug, kChannel, at("2026-12-02T08:30:00"), std::chrono::minutes(330)), 6.0);
  EXPECT_DOUBLE_EQ(f.demand(kDrug, kChannel, at("2026-12-02T09:45:00"), Duration::zero()), 0.0);
}

TEST(DemandForecast, DemandCrossesMidnight) {
  const std::vector<StockMovement> history{dispensed("2026-11-30T23:10:00", 4), dispensed("2026-12-01T00:20:00", 2)};
  const DemandForecast f = DemandForecast::from_movements(history, at("2026-12-01T12:00:00"), 1, kShanghai);
  // 30 min of 23:xx at 4/h and 30 min of 00:xx at 2/h.
  EXPECT_DOUBLE_EQ(f.demand(kDrug, kChannel, at("2026-12-01T23:30:00"), std::chrono::hours(1)), 3.0);
}

TEST(DemandForecast, NoHistoryForecastsNothing) {
  const DemandForecast f = DemandForecast::from_movements({}, at("2026-12-01T12:00:00"), 28, kShanghai);
  EXPECT_DOUBLE_EQ(f.demand(kDrug, kChannel, at("2026-12-01T09:00:00"), std::chrono::hours(3)), 0.0);
  EXPECT_DOUBLE_EQ(f.peak_rate(kDrug, kChannel), 0.0);
}

}  // namespace
}  // namespace rx::testing
