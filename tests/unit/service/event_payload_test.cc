// The events whose payloads the service writes straight to text carry the
// same text as the JSON trees they replace.
#include <gtest/gtest.h>

#include "interop/json/prescription_json.h"
#include "service/record_codec.h"
#include "service/stock_json.h"
#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::item;
using testing_service::json;
using testing_service::kZone;
using testing_service::rx_json;

class EventPayloadTest : public testing_service::PharmacyTest {
 protected:
  const Event* find(const std::vector<Event>& events, std::string_view type) {
    for (const Event& e : events) {
      if (e.type == type) return &e;
    }
    ADD_FAILURE() << "no " << type << " event";
    return nullptr;
  }
};

TEST_F(EventPayloadTest, ReceivedAndDispensingAreTheTreesDump) {
  start();
  // Clopidogrel from the channel machine, amlodipine from the pick robot.
  PrescriptionId id = create_ok(rx_json("EP-0001", json::array({item("D0003", 2), item("D0006", 1)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.status, RxStatus::kReady);
  std::vector<Event> events = history(id);

  const Event* received = find(events, "prescription.received");
  ASSERT_NE(received, nullptr);
  json findings = json::array();
  for (const auto& f : r.findings) findings.push_back(finding_to_json(f));
  json received_tree = {{"prescription", prescription_to_json(r.rx, kZone)}, {"findings", findings}};
  EXPECT_EQ(received->payload, received_tree.dump());

  const Event* dispensing = find(events, "prescription.dispensing");
  ASSERT_NE(dispensing, nullptr);
  ASSERT_GE(r.plan.size(), 2u);
  json lines = plan_to_json(r.plan);
  EXPECT_EQ(dispensing->payload, json({{"plan", lines}}).dump());
}

TEST_F(EventPayloadTest, PacksAndTheHandOverAreTheTreesDump) {
  start();
  PrescriptionId id = create_ok(rx_json("EP-0003", json::array({item("D0003", 2), item("D0006", 1)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  ASSERT_TRUE(check_in(id).ok());
  run_for(Duration{4000});
  ASSERT_TRUE(hand_over(id).ok());
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.status, RxStatus::kHandedOver);
  std::vector<Event> events = history(id);

  size_t pack = 0;
  for (const Event& e : events) {
    if (e.type != "pack.verified") continue;
    ASSERT_LT(pack, r.packs.size());
    const DispensedPack& p = r.packs[pack++];
    json tree = {{"item", p.item},
                 {"code", p.pack.code},
                 {"drug", p.pack.drug.value()},
                 {"lot", p.pack.lot.value()},
                 {"location", p.location.value()},
                 {"outcome", "matched"},
                 {"verification", p.verification}};
    EXPECT_EQ(e.payload, tree.dump());
  }
  EXPECT_EQ(pack, 3u);

  const Event* handed = find(events, "prescription.handed_over");
  ASSERT_NE(handed, nullptr);
  json packs = json::array();
  for (const auto& p : r.packs) packs.push_back({{"code", p.pack.code}, {"lot", p.pack.lot.value()}});
  json tree = {{"window", *r.window}, {"confirm_high_alert", false}, {"packs", packs}};
  EXPECT_EQ(handed->payload, tree.dump());
}

TEST_F(EventPayloadTest, AMovementsEventIsItsJsonWithTheQuantity) {
  start();
  PrescriptionId id = create_ok(rx_json("EP-0002", json::array({item("D0003", 1)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  MovementQuery q;
  q.kind = MovementKind::kDispensed;
  auto movements = ph().movements(q);
  ASSERT_TRUE(movements.ok()) << movements.status().to_string();
  ASSERT_EQ(movements->size(), 1u);
  json tree = movement_json(movements->front(), kZone);
  tree["quantity"] = 1;
  auto events = store_->events_after(EventSeq(0), 100000);
  ASSERT_TRUE(events.ok()) << events.status().to_string();
  int seen = 0;
  for (const Event& e : *events) {
    if (e.type != "stock.dispensed") continue;
    ++seen;
    EXPECT_EQ(e.payload, tree.dump());
  }
  EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace rx
