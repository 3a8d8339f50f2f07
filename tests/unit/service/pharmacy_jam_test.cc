// A jammed channel: the line is picked again from another channel, and the
// jammed one is not used until it is cleared.
#include <set>

#include "unit/service/pharmacy_fixture.h"

namespace rx::testing_service {
namespace {

class PharmacyJamTest : public PharmacyTest {};

// The plan's locations, one set per prescription.dispensing event, in order.
std::vector<std::vector<std::string>> planned_locations(const std::vector<Event>& history) {
  std::vector<std::vector<std::string>> out;
  for (const auto& e : history) {
    if (e.type != "prescription.dispensing") continue;
    std::vector<std::string> locations;
    const json payload = json::parse(e.payload);
    for (const auto& line : payload["plan"]) locations.push_back(line["location"]);
    out.push_back(locations);
  }
  return out;
}

TEST_F(PharmacyJamTest, TheLineMovesToAnotherChannelWhileItsChannelIsJammed) {
  // Every ejection jams, and nobody clears a jam within the test.
  channel_params_.faults = FaultRates::none();
  channel_params_.faults.jam = 1.0;
  channel_params_.faults.jam_clear_mean_s = 1e7;
  start();
  // D0001 is in three channels: C-01-01 (the lot that expires first), C-02-01
  // and C-03-01 (a later lot).
  PrescriptionId id = create_ok(rx_json("RX-JAM-1", json::array({item("D0001", 1)})));
  ASSERT_TRUE(pay(id).ok());
  run_for(Duration{10 * 60 * 1000});

  auto plans = planned_locations(history(id));
  ASSERT_EQ(plans.size(), 3u) << "one plan per channel, each jamming in turn";
  EXPECT_EQ(plans[0], std::vector<std::string>{"C-01-01"});
  std::set<std::string> used;
  for (const auto& p : plans) {
    ASSERT_EQ(p.size(), 1u);
    EXPECT_TRUE(used.insert(p[0]).second) << p[0] << " was planned again while jammed";
  }
  EXPECT_EQ(used, (std::set<std::string>{"C-01-01", "C-02-01", "C-03-01"}));
  // With every channel of the drug jammed the prescription waits, saying why.
  const PrescriptionRecord& r = record(id);
  EXPECT_EQ(r.status, RxStatus::kAccepted);
  ASSERT_FALSE(r.shortages.empty());
  EXPECT_NE(r.shortages[0].find("D0001"), std::string::npos) << r.shortages[0];
  EXPECT_EQ(channel_->jammed_channels().size(), 3u);
}

TEST_F(PharmacyJamTest, AClearedChannelIsUsedAgain) {
  channel_params_.faults = FaultRates::none();
  start();
  EXPECT_FALSE(channel_->location_blocked(LocationCode("C-01-01")));
  PrescriptionId id = create_ok(rx_json("RX-JAM-2", json::array({item("D0001", 1)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  auto plans = planned_locations(history(id));
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0], std::vector<std::string>{"C-01-01"});
  EXPECT_EQ(record(id).status, RxStatus::kReady);
}

}  // namespace
}  // namespace rx::testing_service
