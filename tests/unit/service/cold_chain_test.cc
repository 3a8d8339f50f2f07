// The cold chain through the service: readings logged, excursions as events
// and alerts, the exposed lots of the shipped fridge, and the pharmacist's
// decision, durable over a restart.
#include <algorithm>

#include "unit/service/pharmacy_fixture.h"

namespace rx::testing_service {
namespace {

const Actor kSensorFeed{"technician", "sensor-feed"};

class ColdChainTest : public PharmacyTest {
 protected:
  Result<json> reading(std::string sensor, std::string zone, Instant at, double celsius) {
    TemperatureReading r{std::move(sensor), std::move(zone), at, celsius};
    return await<json>([&](auto done) { ph().record_temperature(r, kSensorFeed, done); });
  }
  json reading_ok(std::string sensor, std::string zone, Instant at, double celsius) {
    auto r = reading(std::move(sensor), std::move(zone), at, celsius);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : json();
  }
  Result<json> decide(long long excursion, std::string drug, std::string lot, bool quarantine,
                      std::string reason = "8.5 °C for 10 minutes, within the maker's allowance") {
    return await<json>([&](auto done) {
      ph().decide_exposure(excursion, DrugCode(drug), LotNo(lot), quarantine, reason, kPharmacist, done);
    });
  }
  // Events of `type` on record.
  std::vector<Event> events_of(std::string_view type) {
    auto all = store_->events_after(EventSeq(0), 1'000'000);
    EXPECT_TRUE(all.ok()) << all.status().to_string();
    std::vector<Event> out;
    if (!all.ok()) return out;
    for (auto& e : *all) {
      if (e.type == type) out.push_back(e);
    }
    return out;
  }
  Instant minutes(int m) { return start_instant() + Duration{m * 60'000LL}; }
  bool row_quarantined(std::string_view drug, std::string_view lot, std::string_view location) {
    for (const auto& r : ph().stock(DrugCode(std::string(drug)))) {
      if (r.lot.lot.value() == lot && r.location.value() == location) return r.quarantined;
    }
    ADD_FAILURE() << "no stock row " << drug << " " << lot << " " << location;
    return false;
  }
};

TEST_F(ColdChainTest, InRangeReadingsAreLoggedAtTheIntervalOnly) {
  start();
  run_until(minutes(1));
  EXPECT_TRUE(reading_ok("F1", "fridge", minutes(1), 5)["logged"]);
  for (int m = 2; m <= 5; ++m) {
    run_until(minutes(m));
    json r = reading_ok("F1", "", minutes(m), 5.5);
    EXPECT_FALSE(r["logged"]) << m;
    EXPECT_EQ(r["state"], "ok");
  }
  run_until(minutes(6));
  EXPECT_TRUE(reading_ok("F1", "", minutes(6), 6)["logged"]);
  EXPECT_EQ(events_of("temperature.reading").size(), 2u);
  json overview = ph().cold_chain_json();
  ASSERT_EQ(overview["sensors"].size(), 1u);
  EXPECT_EQ(overview["sensors"][0]["celsius"], 6);
  EXPECT_EQ(overview["sensors"][0]["zone"], "fridge");
  EXPECT_TRUE(overview["open_excursions"].empty());
}

TEST_F(ColdChainTest, ABadReadingIsRefusedAndStoresNothing) {
  start();
  auto unknown_zone = reading("F1", "freezer", now(), 5);
  EXPECT_EQ(unknown_zone.status().field(), "zone");
  auto broken = reading("F1", "fridge", now(), 85);
  EXPECT_EQ(broken.status().field(), "celsius");
  auto future = reading("F1", "fridge", now() + Duration{10 * 60'000}, 5);
  EXPECT_EQ(future.status().field(), "at");
  EXPECT_TRUE(events_of("temperature.reading").empty());
  EXPECT_TRUE(ph().cold_chain_json()["sensors"].empty());
}

TEST_F(ColdChainTest, AnExcursionIsAnAlertAndListsTheFridgeLots) {
  start();
  std::vector<Notice> alerts;
  ph().subscribe([&](const Notice& n) {
    if (n.type == "alert") alerts.push_back(n);
  });
  run_until(minutes(5));
  reading_ok("F1", "fridge", minutes(5), 5);
  run_until(minutes(10));
  json warm = reading_ok("F1", "", minutes(10), 9.5);
  EXPECT_EQ(warm["state"], "high");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].data["alert"], "opened");
  EXPECT_EQ(alerts[0].data["kind"], "high");
  long long id = alerts[0].data["id"];
  run_until(minutes(12));
  reading_ok("F1", "", minutes(12), 11);
  run_until(minutes(20));
  json back = reading_ok("F1", "", minutes(20), 6);
  EXPECT_EQ(back["state"], "ok");
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[1].data["alert"], "closed");
  EXPECT_EQ(alerts[1].data["extreme_celsius"], 11);
  EXPECT_EQ(events_of("temperature.excursion_opened").size(), 1u);
  EXPECT_EQ(events_of("temperature.excursion_closed").size(), 1u);
  // The readings out of range and the one that ended it are all logged.
  EXPECT_EQ(events_of("temperature.reading").size(), 4u);

  auto exposure = ph().exposure_json(id);
  ASSERT_TRUE(exposure.ok()) << exposure.status().to_string();
  const json& lots = (*exposure)["exposed"];
  // The shipped fridge holds ten lots, F-09-01 to F-09-10; nothing else is exposed.
  ASSERT_EQ(lots.size(), 10u);
  for (const auto& l : lots) {
    EXPECT_TRUE(l["location"].get<std::string>().starts_with("F-")) << l.dump();
    EXPECT_EQ(l["decision"], nullptr);
  }
  auto insulin = std::find_if(lots.begin(), lots.end(), [](const json& l) { return l["lot"] == "DM2501049"; });
  ASSERT_NE(insulin, lots.end());
  EXPECT_EQ((*insulin)["packs"], 12);
  EXPECT_EQ((*insulin)["storage"], "cold");

  EXPECT_EQ(ph().exposure_json(99).status().code(), ErrorCode::kNotFound);
  json overview = ph().cold_chain_json();
  EXPECT_TRUE(overview["open_excursions"].empty());
  ASSERT_EQ(overview["alerts"].size(), 1u);
  EXPECT_EQ(overview["alerts"][0]["open"], false);
}

TEST_F(ColdChainTest, TheCoolZoneExposesOnlyItsShelf) {
  start();
  reading_ok("C1", "cool", now(), 18);
  run_for(Duration{60'000});
  json warm = reading_ok("C1", "", now(), 23);
  ASSERT_TRUE(warm["excursion"].is_object());
  auto exposure = ph().exposure_json(warm["excursion"]["id"]);
  ASSERT_TRUE(exposure.ok()) << exposure.status().to_string();
  // S-01-01 to S-01-13 in the shipped stock.
  EXPECT_EQ((*exposure)["exposed"].size(), 13u);
  for (const auto& l : (*exposure)["exposed"]) EXPECT_TRUE(l["location"].get<std::string>().starts_with("S-01-"));
}

TEST_F(ColdChainTest, QuarantineFlagsTheLotAndReleaseChangesNothing) {
  start();
  reading_ok("F1", "fridge", now(), 12);
  auto q = decide(1, "D0027", "DM2501049", true, "12 °C: discard per the maker");
  ASSERT_TRUE(q.ok()) << q.status().to_string();
  EXPECT_EQ((*q)["quarantined_locations"], json::array({"F-09-01"}));
  EXPECT_TRUE(row_quarantined("D0027", "DM2501049", "F-09-01"));
  EXPECT_EQ(stock_at("D0027", "DM2501049", "F-09-01"), 12);  // a flag, not a movement

  auto r = decide(1, "D0028", "DM2507051", false);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_FALSE(row_quarantined("D0028", "DM2507051", "F-09-03"));
  EXPECT_EQ(events_of("cold_chain.decision").size(), 2u);

  auto exposure = ph().exposure_json(1);
  ASSERT_TRUE(exposure.ok());
  for (const auto& l : (*exposure)["exposed"]) {
    if (l["lot"] == "DM2501049") {
      EXPECT_EQ(l["decision"], "quarantine");
      EXPECT_EQ(l["quarantined"], true);
    }
    if (l["lot"] == "DM2507051") {
      EXPECT_EQ(l["decision"], "release");
    }
  }
}

TEST_F(ColdChainTest, RefusedDecisionsChangeNothing) {
  start();
  reading_ok("F1", "fridge", now(), 12);
  ASSERT_TRUE(decide(1, "D0027", "DM2501049", false).ok());
  size_t before = events_of("cold_chain.decision").size();
  EXPECT_EQ(decide(1, "D0027", "DM2501049", true).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(decide(1, "D0001", "DM2312001", true).status().code(), ErrorCode::kNotFound);  // not in the fridge
  EXPECT_EQ(decide(7, "D0027", "DM2501049", true).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(decide(1, "D0028", "DM2507051", true, "").status().field(), "reason");
  EXPECT_EQ(decide(1, "D0028", "DM2507051", true, std::string(501, 'x')).status().field(), "reason");
  EXPECT_FALSE(row_quarantined("D0027", "DM2501049", "F-09-01"));
  EXPECT_FALSE(row_quarantined("D0001", "DM2312001", "C-01-01"));
  EXPECT_FALSE(row_quarantined("D0028", "DM2507051", "F-09-03"));
  EXPECT_EQ(events_of("cold_chain.decision").size(), before);
}

TEST_F(ColdChainTest, ASilentSensorRaisesOneAlert) {
  start();
  std::vector<Notice> alerts;
  ph().subscribe([&](const Notice& n) {
    if (n.type == "alert") alerts.push_back(n);
  });
  reading_ok("F1", "fridge", now(), 5);
  Instant last = now();
  run_for(Duration{14 * 60'000});
  EXPECT_TRUE(alerts.empty());
  run_for(Duration{2 * 60'000});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].data["kind"], "silent");
  EXPECT_EQ(alerts[0].data["started_at"], format_local(last, kZone));
  settle();  // nothing more is armed once the only sensor is silent
  EXPECT_EQ(alerts.size(), 1u);
  json back = reading_ok("F1", "", now(), 5);
  EXPECT_EQ(back["state"], "ok");
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[1].data["alert"], "closed");
}

TEST_F(ColdChainTest, SensorsExcursionsAndDecisionsSurviveARestart) {
  TempDir dir;
  std::string db = (dir.path() / "rx.db").string();
  start({}, db);
  reading_ok("F1", "fridge", now(), 5);
  run_for(Duration{60'000});
  reading_ok("F1", "", now(), 10);
  ASSERT_TRUE(decide(1, "D0027", "DM2501049", true).ok());
  Instant restart_at = now() + Duration{60'000};
  stop();

  start({}, db, restart_at);
  EXPECT_TRUE(row_quarantined("D0027", "DM2501049", "F-09-01"));
  json overview = ph().cold_chain_json();
  ASSERT_EQ(overview["sensors"].size(), 1u);
  EXPECT_EQ(overview["sensors"][0]["state"], "high");
  ASSERT_EQ(overview["open_excursions"].size(), 1u);
  EXPECT_EQ(overview["open_excursions"][0]["decisions"].size(), 1u);
  EXPECT_EQ(decide(1, "D0027", "DM2501049", false).status().code(), ErrorCode::kConflict);
  json back = reading_ok("F1", "", now(), 5);
  EXPECT_EQ(back["state"], "ok");
  EXPECT_TRUE(ph().cold_chain_json()["open_excursions"].empty());
  // Ids carry on after the stored ones.
  json warm = reading_ok("F1", "", now() + Duration{60'000}, 9);
  EXPECT_EQ(warm["excursion"]["id"], 2);
}

TEST_F(ColdChainTest, AnInvalidZoneConfigurationStopsTheStart) {
  PharmacyConfig config;
  config.cold_chain.zones[0].max_celsius = 1;
  sched_ = std::make_unique<VirtualScheduler>(start_instant());
  auto store = SqliteStore::open(":memory:");
  ASSERT_TRUE(store.ok());
  store_ = std::move(store).value();
  pharmacy_ = std::make_unique<Pharmacy>(*sched_, *store_, *formulary_, config);
  Status opened = pharmacy_->open(initial_stock_);
  EXPECT_EQ(opened.field(), "cold_chain.zones[0].min_celsius");
}

TEST_F(ColdChainTest, CoolStockOutsideTheCoolZoneIsListedAsUnmonitored) {
  start();
  json unmonitored = ph().cold_chain_json()["unmonitored"];
  // The shipped stock keeps 速效救心丸 (cool) in the pick robot.
  ASSERT_EQ(unmonitored.size(), 1u);
  EXPECT_EQ(unmonitored[0]["drug"], "D0081");
  EXPECT_EQ(unmonitored[0]["location"], "R-2-0087");
  EXPECT_EQ(unmonitored[0]["storage"], "cool");
}

}  // namespace
}  // namespace rx::testing_service
