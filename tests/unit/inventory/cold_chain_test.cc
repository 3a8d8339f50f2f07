#include "inventory/cold_chain.h"

#include <gtest/gtest.h>

#include <cmath>

namespace rx::testing {
namespace {

Instant at(std::string_view local) { return *parse_instant(local, Zone::shanghai()); }
const Instant kNine = at("2026-12-01T09:00:00+08:00");
Instant minutes(int m) { return kNine + Duration{m * 60'000LL}; }

TemperatureReading reading(std::string sensor, std::string zone, Instant when, double celsius) {
  return TemperatureReading{std::move(sensor), std::move(zone), when, celsius};
}

Lot lot(std::string drug, std::string no) {
  return Lot{DrugCode(drug), LotNo(no), Date{std::chrono::year{2027} / 1 / 10}};
}

TEST(ColdChainConfig, DefaultsAreValidAndHoldTheirLocations) {
  ColdChainConfig config;
  ASSERT_TRUE(validate_cold_chain_config(config).ok());
  ASSERT_EQ(config.zones.size(), 2u);
  EXPECT_TRUE(config.zones[0].holds(LocationCode("F-09-01")));
  EXPECT_FALSE(config.zones[0].holds(LocationCode("S-01-04")));
  EXPECT_TRUE(config.zones[1].holds(LocationCode("S-01-04")));
  EXPECT_FALSE(config.zones[1].holds(LocationCode("S-10-01")));
}

TEST(ColdChainConfig, RefusesBadZonesAndSensorsOfUnknownZones) {
  ColdChainConfig swapped;
  swapped.zones[0].min_celsius = 9;
  Status s = validate_cold_chain_config(swapped);
  EXPECT_EQ(s.field(), "cold_chain.zones[0].min_celsius");

  ColdChainConfig twice;
  twice.zones[1].name = "fridge";
  EXPECT_EQ(validate_cold_chain_config(twice).field(), "cold_chain.zones[1].name");

  ColdChainConfig no_prefix;
  no_prefix.zones[1].location_prefixes.clear();
  EXPECT_EQ(validate_cold_chain_config(no_prefix).field(), "cold_chain.zones[1].locations");

  ColdChainConfig sensor;
  sensor.sensors["T1"] = "freezer";
  Status bad = validate_cold_chain_config(sensor);
  EXPECT_EQ(bad.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("freezer"), std::string::npos);
}

TEST(ColdChainMonitor, InRangeReadingsOpenNothingAndAreLoggedAtTheInterval) {
  ColdChainMonitor m{ColdChainConfig{}};
  auto first = m.record(reading("F1", "fridge", kNine, 5), kNine);
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_TRUE(first->log);
  EXPECT_FALSE(first->opened);
  auto second = m.record(reading("F1", "", minutes(1), 5.5), minutes(1));
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->log);
  auto fifth = m.record(reading("F1", "", minutes(5), 6), minutes(5));
  ASSERT_TRUE(fifth.ok());
  EXPECT_TRUE(fifth->log);
  EXPECT_EQ(m.sensors().at("F1").last_celsius, 6);
  EXPECT_TRUE(m.excursions().empty());
}

TEST(ColdChainMonitor, OutOfRangeOpensAnExcursionAndBackInRangeClosesIt) {
  ColdChainMonitor m{ColdChainConfig{}};
  ASSERT_TRUE(m.record(reading("F1", "fridge", kNine, 5), kNine).ok());
  auto warm = m.record(reading("F1", "", minutes(1), 9.5), minutes(1));
  ASSERT_TRUE(warm.ok());
  ASSERT_TRUE(warm->opened);
  EXPECT_TRUE(warm->log);
  EXPECT_EQ(warm->opened->kind, ExcursionKind::kHigh);
  EXPECT_EQ(warm->opened->started_at, minutes(1));
  auto warmer = m.record(reading("F1", "", minutes(2), 11), minutes(2));
  ASSERT_TRUE(warmer.ok());
  ASSERT_TRUE(warmer->continued);
  EXPECT_EQ(warmer->continued->extreme_celsius, 11);
  EXPECT_EQ(warmer->continued->readings, 2);
  auto back = m.record(reading("F1", "", minutes(3), 7), minutes(3));
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(back->closed);
  EXPECT_FALSE(back->opened);
  EXPECT_EQ(back->closed->ended_at, minutes(3));
  EXPECT_FALSE(m.sensors().at("F1").open_excursion);
  ASSERT_NE(m.find(1), nullptr);
  EXPECT_FALSE(m.find(1)->open());
}

TEST(ColdChainMonitor, TooWarmThenTooColdIsTwoExcursions) {
  ColdChainMonitor m{ColdChainConfig{}};
  ASSERT_TRUE(m.record(reading("F1", "fridge", kNine, 9), kNine).ok());
  auto cold = m.record(reading("F1", "", minutes(1), 1), minutes(1));
  ASSERT_TRUE(cold.ok());
  ASSERT_TRUE(cold->closed);
  ASSERT_TRUE(cold->opened);
  EXPECT_EQ(cold->closed->kind, ExcursionKind::kHigh);
  EXPECT_EQ(cold->opened->kind, ExcursionKind::kLow);
  EXPECT_EQ(cold->opened->id, 2);
}

TEST(ColdChainMonitor, CoolZoneHasItsOwnRange) {
  ColdChainMonitor m{ColdChainConfig{}};
  auto ok = m.record(reading("C1", "cool", kNine, 18), kNine);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(ok->opened);
  auto warm = m.record(reading("C1", "", minutes(1), 21), minutes(1));
  ASSERT_TRUE(warm.ok());
  ASSERT_TRUE(warm->opened);
  EXPECT_EQ(warm->opened->zone, "cool");
}

TEST(ColdChainMonitor, RefusesBadReadingsWithoutChange) {
  ColdChainConfig config;
  config.sensors["F9"] = "fridge";
  ColdChainMonitor m{config};
  EXPECT_EQ(m.record(reading("", "fridge", kNine, 5), kNine).status().field(), "sensor");
  EXPECT_EQ(m.record(reading("F 1", "fridge", kNine, 5), kNine).status().field(), "sensor");
  EXPECT_EQ(m.record(reading("F1", "", kNine, 5), kNine).status().field(), "zone");
  EXPECT_EQ(m.record(reading("F1", "freezer", kNine, 5), kNine).status().field(), "zone");
  EXPECT_EQ(m.record(reading("F1", "fridge", kNine, -127), kNine).status().field(), "celsius");
  EXPECT_EQ(m.record(reading("F1", "fridge", kNine, std::nan("")), kNine).status().field(), "celsius");
  EXPECT_EQ(m.record(reading("F1", "fridge", minutes(5), 5), kNine).status().field(), "at");
  EXPECT_EQ(m.record(reading("F9", "cool", kNine, 5), kNine).status().field(), "zone");
  EXPECT_TRUE(m.sensors().empty());

  ASSERT_TRUE(m.record(reading("F9", "", kNine, 5), kNine).ok());
  EXPECT_EQ(m.sensors().at("F9").zone, "fridge");
  EXPECT_EQ(m.record(reading("F9", "cool", minutes(1), 5), minutes(1)).status().field(), "zone");
  auto stale = m.record(reading("F9", "", kNine, 12), minutes(1));
  EXPECT_EQ(stale.status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(m.excursions().empty());
  EXPECT_EQ(m.sensors().at("F9").last_celsius, 5);
}

TEST(ColdChainMonitor, RefusesASensorPastTheLimit) {
  ColdChainMonitor m{ColdChainConfig{}};
  for (size_t i = 0; i < ColdChainMonitor::kMaxSensors; ++i) {
    ASSERT_TRUE(m.record(reading("T" + std::to_string(i), "fridge", kNine, 5), kNine).ok());
  }
  auto one_more = m.record(reading("T-extra", "fridge", kNine, 5), kNine);
  EXPECT_EQ(one_more.status().field(), "sensor");
  EXPECT_EQ(m.sensors().size(), ColdChainMonitor::kMaxSensors);
}

TEST(ColdChainMonitor, ASilentSensorOpensASilentExcursionUntilItReportsAgain) {
  ColdChainMonitor m{ColdChainConfig{}};
  ASSERT_TRUE(m.record(reading("F1", "fridge", kNine, 5), kNine).ok());
  EXPECT_EQ(m.next_silence_due(), minutes(15));
  EXPECT_TRUE(m.check_silence(minutes(14)).empty());
  auto silent = m.check_silence(minutes(15));
  ASSERT_EQ(silent.size(), 1u);
  EXPECT_EQ(silent[0].kind, ExcursionKind::kSilent);
  EXPECT_EQ(silent[0].started_at, kNine);
  EXPECT_FALSE(m.next_silence_due());
  EXPECT_TRUE(m.check_silence(minutes(40)).empty());  // one alert, not one per check

  auto back = m.record(reading("F1", "", minutes(41), 5), minutes(41));
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(back->closed);
  EXPECT_EQ(back->closed->kind, ExcursionKind::kSilent);
  EXPECT_EQ(back->closed->ended_at, minutes(41));
  EXPECT_EQ(m.next_silence_due(), minutes(56));
}

TEST(ColdChainMonitor, DecidesEachLotOnce) {
  ColdChainMonitor m{ColdChainConfig{}};
  ASSERT_TRUE(m.record(reading("F1", "fridge", kNine, 12), kNine).ok());
  ExposureDecision d{DrugCode("D0027"), LotNo("DM2501049"), true, "12 °C for 20 min", "pharmacist:wang", minutes(5)};
  auto first = m.decide(1, d);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->decisions.size(), 1u);
  d.quarantine = false;
  EXPECT_EQ(m.decide(1, d).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(m.decide(7, d).status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(m.find(1)->decisions[0].quarantine);
}

TEST(ColdChainMonitor, RestoresStateAndContinuesTheIds) {
  ColdChainMonitor m{ColdChainConfig{}};
  SensorState s{"F1", "fridge", kNine, 10, kNine, 4};
  Excursion e;
  e.id = 4;
  e.sensor = "F1";
  e.zone = "fridge";
  e.started_at = kNine;
  e.extreme_celsius = 10;
  e.readings = 1;
  ASSERT_TRUE(m.restore(s).ok());
  ASSERT_TRUE(m.restore(e).ok());
  EXPECT_FALSE(m.restore(e).ok());
  Excursion elsewhere = e;
  elsewhere.id = 5;
  elsewhere.zone = "freezer";
  EXPECT_FALSE(m.restore(elsewhere).ok());

  auto cold = m.record(reading("F1", "", minutes(1), 1), minutes(1));
  ASSERT_TRUE(cold.ok());
  ASSERT_TRUE(cold->closed);
  EXPECT_EQ(cold->closed->id, 4);
  ASSERT_TRUE(cold->opened);
  EXPECT_EQ(cold->opened->id, 5);
}

StockMovement movement(Lot l, std::string location, int delta, int on_hand) {
  StockMovement m;
  m.lot = std::move(l);
  m.location = LocationCode(std::move(location));
  m.delta = delta;
  m.on_hand = on_hand;
  m.kind = delta > 0 ? MovementKind::kReceived : MovementKind::kDispensed;
  return m;
}

TEST(ExposedLots, AreTheZonesLotsOnHandAtAnyMomentOfTheExcursion) {
  ColdZone fridge = default_cold_zones()[0];
  std::vector<LotBalance> start = {
      {lot("D0027", "A"), LocationCode("F-09-01"), 3},   // on hand all along
      {lot("D0028", "B"), LocationCode("F-09-03"), 1},   // dispensed during it: still exposed
      {lot("D0029", "C"), LocationCode("F-09-06"), 0},   // empty before, filled during it
      {lot("D0012", "D"), LocationCode("S-01-01"), 15},  // another zone
      {lot("D0058", "E"), LocationCode("F-09-09"), 0},   // empty throughout
  };
  std::vector<StockMovement> during = {
      movement(lot("D0028", "B"), "F-09-03", -1, 0),
      movement(lot("D0029", "C"), "F-09-06", 4, 4),
      movement(lot("D0029", "C"), "F-09-06", 2, 6),
      movement(lot("D0079", "F"), "F-09-10", 5, 5),  // a lot new to the fridge
      movement(lot("D0001", "G"), "C-01-01", 5, 5),
  };
  auto exposed = exposed_lots(fridge, start, during);
  ASSERT_EQ(exposed.size(), 4u);
  EXPECT_EQ(exposed[0].lot.drug.value(), "D0027");
  EXPECT_EQ(exposed[0].packs, 3);
  EXPECT_EQ(exposed[1].lot.drug.value(), "D0028");
  EXPECT_EQ(exposed[1].packs, 1);
  EXPECT_EQ(exposed[2].lot.drug.value(), "D0029");
  EXPECT_EQ(exposed[2].packs, 6);
  EXPECT_EQ(exposed[3].lot.drug.value(), "D0079");
  EXPECT_EQ(exposed[3].location.value(), "F-09-10");
}

TEST(ExposedLots, NoneWhenTheZoneWasEmpty) {
  ColdZone cool = default_cold_zones()[1];
  EXPECT_TRUE(exposed_lots(cool, {{lot("D0027", "A"), LocationCode("F-09-01"), 3}}, {}).empty());
}

Drug drug(std::string code, Storage storage) {
  Drug d;
  d.code = DrugCode(std::move(code));
  d.storage = storage;
  return d;
}

TEST(UnmonitoredStock, ListsColdAndCoolPacksOutsideTheirZones) {
  Formulary formulary({drug("D0027", Storage::kCold), drug("D0081", Storage::kCool), drug("D0001", Storage::kRoom)});
  std::vector<StockRow> rows = {
      {lot("D0027", "A"), LocationCode("F-09-01"), 3},
      {lot("D0027", "B"), LocationCode("S-02-01"), 2},   // insulin out of the fridge
      {lot("D0081", "C"), LocationCode("R-2-0087"), 5},  // cool pills in the robot
      {lot("D0081", "D"), LocationCode("S-01-05"), 5},
      {lot("D0001", "E"), LocationCode("C-01-01"), 9},  // room temperature anywhere
      {lot("D0027", "F"), LocationCode("C-01-02"), 0},  // nothing left there
      {lot("D9999", "G"), LocationCode("C-01-03"), 1},  // not in the formulary
  };
  auto out = unmonitored_stock(default_cold_zones(), rows, formulary);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].location.value(), "S-02-01");
  EXPECT_EQ(out[1].location.value(), "R-2-0087");

  std::vector<ColdZone> fridge_only = {default_cold_zones()[0]};
  EXPECT_EQ(unmonitored_stock(fridge_only, rows, formulary).size(), 1u);
}

TEST(ExcursionKind, NamesRoundTrip) {
  for (auto k : {ExcursionKind::kHigh, ExcursionKind::kLow, ExcursionKind::kSilent}) {
    EXPECT_EQ(parse_excursion_kind(excursion_kind_name(k)), k);
  }
  EXPECT_FALSE(parse_excursion_kind("warm"));
}

}  // namespace
}  // namespace rx::testing
