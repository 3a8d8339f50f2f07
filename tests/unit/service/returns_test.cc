// Returns in the service: packs of a cancelled prescription go back to stock
// only when scanned again, and to quarantine at closing time otherwise; a
// prescription not collected is cancelled at closing time; packs brought back
// after hand-over (退药) are quarantined and reported to the HIS.
#include <gtest/gtest.h>

#include "interop/gs1/pack_code.h"
#include "unit/service/pharmacy_fixture.h"

namespace rx::testing_service {
namespace {

// The shipped stock: 14 packs of clopidogrel lot DM2511004 in channel C-04-01.
constexpr std::string_view kDrug = "D0003";
constexpr std::string_view kLot = "DM2511004";
constexpr std::string_view kPlace = "C-04-01";

class ReturnsTest : public PharmacyTest {
 protected:
  // A prescription of two packs of clopidogrel, paid and picked.
  PrescriptionId ready(std::string no) {
    PrescriptionId id = create_ok(rx_json(std::move(no), json::array({item(std::string(kDrug), 2)})));
    EXPECT_TRUE(pay(id).ok());
    run_for(std::chrono::minutes(3));
    EXPECT_EQ(record(id).status, RxStatus::kReady);
    return id;
  }
  Result<StockMovement> return_pack(const std::string& scan, std::optional<LocationCode> location = {}) {
    return await<StockMovement>([&](auto done) { ph().return_pack(scan, location, kTechnician, done); });
  }
  Result<const PrescriptionRecord*> give_back(PrescriptionId id, std::vector<std::string> scans) {
    return await<const PrescriptionRecord*>(
        [&](auto done) { ph().return_after_handover(id, scans, "patient allergic", kPharmacist, done); });
  }
  int quarantined(std::string_view drug, std::string_view lot) {
    for (const auto& r : ph().stock(DrugCode(std::string(drug)))) {
      if (r.lot.lot.value() == lot && r.location.value() == "Q-BIN") return r.quantity;
    }
    return 0;
  }
  std::vector<OutboxRow> outbox() {
    auto state = store_->load();
    EXPECT_TRUE(state.ok()) << state.status().to_string();
    return state.ok() ? state->outbox : std::vector<OutboxRow>{};
  }
};

TEST_F(ReturnsTest, ACancelledPrescriptionsPacksGoBackOnlyWhenScannedAgain) {
  start();
  PrescriptionId id = ready("RT-0001");
  ASSERT_EQ(stock_at(kDrug, kLot, kPlace), 12);
  ASSERT_TRUE(cancel(id, "patient left").ok());
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 12) << "nothing goes back unscanned";
  std::vector<AwaitingReturn> awaiting = ph().awaiting_returns();
  ASSERT_EQ(awaiting.size(), 2u);
  EXPECT_EQ(awaiting[0].prescription, id);
  EXPECT_EQ(awaiting[0].location.value(), kPlace);
  EXPECT_EQ(count_events(id, "pack.awaiting_return"), 2);

  // Another pack of the same lot is not the pack that left.
  const Pack& first = record(id).packs[0].pack;
  std::string wrong = gs1_element_string(first.gtin, first.expiry, first.lot.value(), "999999999");
  auto refused = return_pack(wrong);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().reason(), "NOT_AWAITING_RETURN");
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 12);
  EXPECT_EQ(ph().awaiting_returns().size(), 2u);

  auto back = return_pack(first.code);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(back->kind, MovementKind::kReturned);
  EXPECT_EQ(back->delta, 1);
  EXPECT_EQ(back->prescription, id);
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 13);
  EXPECT_EQ(ph().awaiting_returns().size(), 1u);
  EXPECT_EQ(return_pack(first.code).status().reason(), "NOT_AWAITING_RETURN") << "a pack goes back once";
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 13);
}

TEST_F(ReturnsTest, APackGoesBackToAnotherLocationWhenOneIsGiven) {
  start();
  PrescriptionId id = ready("RT-0002");
  ASSERT_TRUE(cancel(id, "duplicate").ok());
  const Pack& p = record(id).packs[0].pack;
  auto nowhere = return_pack(p.code, LocationCode("Q-BIN"));
  EXPECT_EQ(nowhere.status().field(), "location");
  // Shaped like a channel, but the channel machine has shelves 01-10 only:
  // a pack put there would be planned from a place no device picks from.
  const size_t awaiting = ph().awaiting_returns().size();
  for (const char* phantom : {"C-99-99", "C-zz", "R-9-0001"}) {
    auto refused = return_pack(p.code, LocationCode(phantom));
    ASSERT_FALSE(refused.ok()) << phantom;
    EXPECT_EQ(refused.status().field(), "location") << phantom;
    for (const StockRow& row : ph().stock(std::nullopt)) EXPECT_NE(row.location.value(), phantom);
  }
  EXPECT_EQ(ph().awaiting_returns().size(), awaiting) << "a refused return changes nothing";
  auto back = return_pack(p.code, LocationCode("C-04-02"));
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(stock_at(kDrug, kLot, "C-04-02"), 1);
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 12);
}

TEST_F(ReturnsTest, AtClosingTimeUnreturnedPacksAreQuarantinedAndUncollectedPrescriptionsCancelled) {
  PharmacyConfig config;
  config.closing_time = std::chrono::hours(22);
  // Not start(): with a closing time the scheduler never runs dry.
  open_pharmacy(config, ":memory:", start_instant());
  run_for(std::chrono::seconds(1));
  PrescriptionId cancelled = ready("RT-0003");
  PrescriptionId uncollected = ready("RT-0004");
  ASSERT_TRUE(cancel(cancelled, "patient left").ok());
  ASSERT_EQ(ph().awaiting_returns().size(), 2u);
  size_t outbox_before = outbox().size();

  run_until(at_local("2026-12-01T21:59:59+08:00"));
  EXPECT_EQ(ph().awaiting_returns().size(), 2u);
  EXPECT_EQ(record(uncollected).status, RxStatus::kReady);
  run_until(at_local("2026-12-01T22:00:01+08:00"));

  EXPECT_EQ(quarantined(kDrug, kLot), 2) << "the cancelled prescription's packs";
  EXPECT_EQ(count_movements(cancelled, MovementKind::kQuarantined), 2);
  EXPECT_EQ(record(uncollected).status, RxStatus::kCancelled);
  EXPECT_EQ(record(uncollected).reason, "not collected by closing time");
  // Its packs now wait to be scanned back, until the next closing.
  std::vector<AwaitingReturn> awaiting = ph().awaiting_returns();
  ASSERT_EQ(awaiting.size(), 2u);
  EXPECT_EQ(awaiting[0].prescription, uncollected);
  // The HIS learns of the cancellation.
  std::vector<OutboxRow> rows = outbox();
  ASSERT_EQ(rows.size(), outbox_before + 1);
  EXPECT_EQ(rows.back().message_type, "OMP^O09");
  EXPECT_EQ(rows.back().prescription, uncollected);
  EXPECT_NE(rows.back().message.find("NOT_COLLECTED"), std::string::npos);

  run_until(at_local("2026-12-02T22:00:01+08:00"));
  EXPECT_TRUE(ph().awaiting_returns().empty());
  EXPECT_EQ(quarantined(kDrug, kLot), 4);
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 10);
}

TEST_F(ReturnsTest, PacksAwaitingReturnSurviveARestart) {
  TempDir dir;
  std::string db = (dir.path() / "rx.db").string();
  start({}, db);
  PrescriptionId id = ready("RT-0005");
  ASSERT_TRUE(cancel(id, "patient left").ok());
  std::string code = record(id).packs[1].pack.code;
  stop();
  start({}, db);
  ASSERT_EQ(ph().awaiting_returns().size(), 2u);
  ASSERT_TRUE(return_pack(code).ok());
  EXPECT_EQ(ph().awaiting_returns().size(), 1u);
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 13);
}

TEST_F(ReturnsTest, PacksReturnedAfterHandOverAreQuarantinedAndReportedForTheRefund) {
  start();
  PrescriptionId id = ready("RT-0006");
  ASSERT_TRUE(check_in(id).ok());
  run_for(std::chrono::seconds(5));
  ASSERT_TRUE(hand_over(id).ok());
  const Pack& p = record(id).packs[0].pack;
  size_t outbox_before = outbox().size();

  auto not_ours = give_back(id, {gs1_element_string(p.gtin, p.expiry, p.lot.value(), "999999999")});
  EXPECT_EQ(not_ours.status().reason(), "NOT_THIS_PRESCRIPTION");
  EXPECT_EQ(not_ours.status().field(), "scans[0]");
  EXPECT_EQ(quarantined(kDrug, kLot), 0);

  auto back = give_back(id, {p.code});
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ((*back)->status, RxStatus::kHandedOver);
  EXPECT_EQ(quarantined(kDrug, kLot), 1);
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 12) << "a pack handed over never goes back to stock";
  EXPECT_EQ(count_events(id, "prescription.returned"), 1);
  std::vector<OutboxRow> rows = outbox();
  ASSERT_EQ(rows.size(), outbox_before + 1);
  EXPECT_EQ(rows.back().message_type, "RDS^O13");
  EXPECT_NE(rows.back().message.find("|-1|"), std::string::npos) << rows.back().message;
  EXPECT_NE(rows.back().message.find("RETURNED: patient allergic"), std::string::npos);

  auto again = give_back(id, {p.code});
  EXPECT_EQ(again.status().reason(), "ALREADY_RETURNED");
  EXPECT_EQ(quarantined(kDrug, kLot), 1);

  PrescriptionId open = ready("RT-0007");
  EXPECT_EQ(give_back(open, {record(open).packs[0].pack.code}).status().code(), ErrorCode::kConflict);
}

}  // namespace
}  // namespace rx::testing_service
