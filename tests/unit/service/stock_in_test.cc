// Stock-in by scan and supplier deliveries through the service: one movement
// kind received per scan or row, refusals that change nothing, serials and
// delivery records that survive a restart, and stock-in interleaved with
// dispensing of the same lot without a movement lost.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "interop/gs1/pack_code.h"
#include "inventory/lot_acceptance.h"
#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::item;
using testing_service::json;
using testing_service::kTechnician;
using testing_service::rx_json;
using testing_service::TempDir;

Date day(std::string_view text) { return *parse_date(text); }

// D0001 aspirin 100 mg: DM2312001 (2026-12-31) 9 packs at C-01-01, DM2506002
// (2028-06-30) 20 at C-02-01 (full) and 19 at C-03-01. D0003 clopidogrel:
// DM2511004 (2028-11-30) 14 at C-04-01.
constexpr std::string_view kAspirinGtin = "02000000000015";
constexpr std::string_view kClopidogrelGtin = "02000000000039";

std::string aspirin(std::string_view serial, std::string_view lot = "DM2506002", std::string_view expiry = "2028-06-30") {
  return gs1_element_string(kAspirinGtin, day(expiry), lot, serial);
}

class StockInServiceTest : public testing_service::PharmacyTest {
 protected:
  void SetUp() override {
    PharmacyTest::SetUp();
    start();
  }

  Result<Pharmacy::StockInResult> stock_in(StockInRequest request) {
    return await<Pharmacy::StockInResult>([&](auto done) { ph().stock_in(request, kTechnician, done); });
  }
  Result<Pharmacy::StockInResult> scan(std::string code, int quantity = 1, std::optional<std::string> location = {}) {
    StockInRequest r;
    r.scan = std::move(code);
    r.quantity = quantity;
    if (location) r.location = LocationCode(*location);
    return stock_in(std::move(r));
  }
  Result<Pharmacy::DeliveryOutcome> deliver(std::string csv) {
    return await<Pharmacy::DeliveryOutcome>([&](auto done) { ph().receive_delivery(csv, kTechnician, done); });
  }

  std::vector<StockMovement> all_movements() {
    MovementQuery q;
    q.limit = 100'000;
    auto m = ph().movements(q);
    EXPECT_TRUE(m.ok()) << m.status().to_string();
    return m.ok() ? std::move(m).value() : std::vector<StockMovement>{};
  }

  // The ledger's rows as the service shows them, with their flags.
  std::vector<std::tuple<std::string, std::string, std::string, int>> stock_rows() {
    std::vector<std::tuple<std::string, std::string, std::string, int>> out;
    for (const auto& r : ph().stock(std::nullopt)) {
      out.emplace_back(r.lot.drug.value(), r.lot.lot.value(), r.location.value(), r.quantity);
    }
    return out;
  }

  void expect_refused_without_change(const Status& s, std::string_view reason) {
    EXPECT_EQ(s.reason(), reason) << s.to_string();
  }
};

TEST_F(StockInServiceTest, AScanIsReceivedAsOneMovementAtTheProposedLocation) {
  size_t before = all_movements().size();
  auto r = scan(aspirin("000001"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_TRUE(r->proposed);
  const StockMovement& m = r->movement;
  EXPECT_EQ(m.kind, MovementKind::kReceived);
  EXPECT_EQ(m.location.value(), "C-03-01") << "C-02-01 holds the lot but is full";
  EXPECT_EQ(m.lot.lot.value(), "DM2506002");
  EXPECT_EQ(m.delta, 1);
  EXPECT_EQ(m.on_hand, 20);
  EXPECT_EQ(m.serial, "000001");
  EXPECT_EQ(m.actor, kTechnician.label());
  EXPECT_EQ(m.reason, "stock-in");
  EXPECT_EQ(stock_at("D0001", "DM2506002", "C-03-01"), 20);

  auto stored = all_movements();
  ASSERT_EQ(stored.size(), before + 1);
  EXPECT_EQ(stored.back(), m) << "the answer is the stored movement";
  auto on_hand = ph().on_hand_at(DrugCode("D0001"), LotNo("DM2506002"), LocationCode("C-03-01"), now());
  ASSERT_TRUE(on_hand.ok());
  EXPECT_EQ(*on_hand, 20);
}

TEST_F(StockInServiceTest, SeveralPacksOfOneScanCarryNoSerial) {
  auto r = scan(gs1_element_string(kClopidogrelGtin, day("2028-11-30"), "DM2511004", "55"), 6);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->movement.location.value(), "C-04-01");
  EXPECT_EQ(r->movement.delta, 6);
  EXPECT_EQ(r->movement.serial, "");
  EXPECT_EQ(stock_at("D0003", "DM2511004", "C-04-01"), 20);
}

TEST_F(StockInServiceTest, RefusalsChangeNothing) {
  auto stock_before = stock_rows();
  size_t movements_before = all_movements().size();
  long long seq_before = stored_last_seq();

  expect_refused_without_change(scan("not a code").status(), kBadCode);
  expect_refused_without_change(scan(gs1_element_string("02000000009995", day("2028-06-30"), "L", "1")).status(),
                                kUnknownGtin);
  expect_refused_without_change(scan(aspirin("1", "NEW1", "2026-11-30")).status(), kExpired);
  expect_refused_without_change(scan(aspirin("1", "NEW1", "2026-12-20")).status(), kShortDated);
  expect_refused_without_change(scan(aspirin("1"), 1, "C-02-01").status(), kOverCapacity);
  expect_refused_without_change(scan(aspirin("1"), 1, "F-01-01").status(), kUnsuitableLocation);
  expect_refused_without_change(scan("99000010000000010000").status(), kMissingLot);
  auto bad_location = scan(aspirin("1"), 1, "X-1");
  EXPECT_EQ(bad_location.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_location.status().field(), "location");
  settle();

  EXPECT_EQ(stock_rows(), stock_before);
  EXPECT_EQ(all_movements().size(), movements_before);
  EXPECT_EQ(stored_last_seq(), seq_before);
}

TEST_F(StockInServiceTest, ASerialIsReceivedOnlyOnceEvenAfterARestart) {
  TempDir dir;
  std::string db = (dir.path() / "rx.db").string();
  stop();
  start({}, db);
  ASSERT_TRUE(scan(aspirin("000777")).ok());
  EXPECT_EQ(scan(aspirin("000777")).status().reason(), kDuplicateSerial);
  stop();
  start({}, db);
  auto again = scan(aspirin("000777"));
  EXPECT_EQ(again.status().reason(), kDuplicateSerial) << again.status().to_string();
  EXPECT_TRUE(scan(aspirin("000778")).ok());
}

TEST_F(StockInServiceTest, ADeliveryIsReceivedIntoTheReserveStoreAndNamesTheLotOfLaterNmpaScans) {
  auto d = deliver(
      "gtin,lot,expiry,quantity\n"
      "02000000000015,DM2611050,2029-10-31,60\n"
      "02000000000039,DM2611051,2029-09-30,24\n");
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  ASSERT_TRUE(d->problems.empty());
  EXPECT_EQ(d->id, 1);
  ASSERT_EQ(d->movements.size(), 2u);
  for (const auto& m : d->movements) {
    EXPECT_EQ(m.kind, MovementKind::kReceived);
    EXPECT_EQ(m.location.value(), "B-01");
    EXPECT_EQ(m.reason, "delivery 1");
  }
  EXPECT_EQ(stock_at("D0001", "DM2611050", "B-01"), 60);
  EXPECT_EQ(stock_at("D0003", "DM2611051", "B-01"), 24);

  // An NMPA code carries neither lot nor expiry: the delivery's are used.
  auto r = scan("99000010000000420000");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->movement.lot.lot.value(), "DM2611050");
  EXPECT_EQ(r->movement.lot.expiry, day("2029-10-31"));
  EXPECT_EQ(r->movement.serial, "000000042");
  EXPECT_NE(r->movement.location.value(), "B-01") << "a machine location has room: " << r->movement.location.value();
}

TEST_F(StockInServiceTest, TheMostRecentDeliveryIsRememberedAcrossARestart) {
  TempDir dir;
  std::string db = (dir.path() / "rx.db").string();
  stop();
  start({}, db);
  ASSERT_TRUE(deliver("gtin,lot,expiry,quantity\n02000000000015,OLDER,2029-01-31,5\n").ok());
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(deliver("gtin,lot,expiry,quantity\n02000000000039,X,2029-01-31,1\n").ok());
  auto tenth = deliver("gtin,lot,expiry,quantity\n02000000000015,NEWER,2029-02-28,5\n");
  ASSERT_TRUE(tenth.ok());
  EXPECT_EQ(tenth->id, 11);
  stop();
  start({}, db);
  auto r = scan("99000010000000990000", 1, "B-05");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->movement.lot.lot.value(), "NEWER") << "delivery 11 is newer than delivery 1";
  auto next = deliver("gtin,lot,expiry,quantity\n02000000000015,NEXT,2029-03-31,5\n");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->id, 12);
}

TEST_F(StockInServiceTest, ADeliveryWithARefusedRowReceivesNothingAndSaysWhereEachProblemIs) {
  auto stock_before = stock_rows();
  size_t movements_before = all_movements().size();
  auto d = deliver(
      "gtin,lot,expiry,quantity\n"
      "02000000000015,DM2611050,2029-10-31,60\n"
      "02000000009995,L2,2029-10-31,1\n"
      "02000000000039,L3,2026-12-15,abc\n"
      "02000000000039,L4,2026-11-01,2\n");
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->id, 0);
  EXPECT_TRUE(d->movements.empty());
  std::vector<std::tuple<int, std::string, std::string>> got;
  for (const auto& p : d->problems) got.emplace_back(p.row, p.column, p.code);
  std::vector<std::tuple<int, std::string, std::string>> expected = {
      {2, "gtin", "UNKNOWN_GTIN"}, {3, "quantity", "BAD_VALUE"}, {4, "expiry", "EXPIRED"}};
  EXPECT_EQ(got, expected);
  settle();
  EXPECT_EQ(stock_rows(), stock_before);
  EXPECT_EQ(all_movements().size(), movements_before);

  auto unreadable = deliver("gtin;lot;expiry;quantity\n");
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(StockInServiceTest, StockInInterleavedWithDispensingOfTheSameLotLosesNoMovement) {
  PrescriptionId id = create_ok(rx_json("SI-0001", json::array({item("D0001", 3)})));
  ASSERT_TRUE(pay(id).ok());
  // Wait until the plan names its lot and location, then stock that lot in there while its packs come out.
  for (int n = 0; n < 10000 && record(id).plan.empty() && sched().step(); ++n) {
  }
  ASSERT_FALSE(record(id).plan.empty());
  const auto& line = record(id).plan.front();
  DrugCode drug = line.drug;
  LotNo lot = line.lot;
  LocationCode location = line.location;
  Date expiry = line.expiry;
  ASSERT_EQ(drug.value(), "D0001");

  int answered = 0;
  int scans = 0;
  for (int i = 0; i < 6; ++i) {
    StockInRequest r;
    r.scan = gs1_element_string(kAspirinGtin, expiry, lot.value(), fmt::format("IL{:04d}", i));
    r.location = location;
    ph().stock_in(r, kTechnician, [&answered](Result<Pharmacy::StockInResult> result) {
      EXPECT_TRUE(result.ok()) << result.status().to_string();
      ++answered;
    });
    ++scans;
    for (int step = 0; step < 3; ++step) sched().step();  // the devices move on between scans
  }
  settle();
  EXPECT_EQ(answered, scans);
  ASSERT_TRUE(check_in(id).ok());
  settle();
  ASSERT_TRUE(hand_over(id).ok());

  MovementQuery q;
  q.drug = drug;
  q.lot = lot;
  q.location = location;
  q.limit = 100'000;
  auto moves = ph().movements(q);
  ASSERT_TRUE(moves.ok());
  int received = 0, dispensed = 0, balance = 0;
  for (const StockMovement& m : *moves) {
    if (m.kind == MovementKind::kReceived && m.reason == "stock-in") ++received;
    if (m.kind == MovementKind::kDispensed) dispensed -= m.delta;
    balance += m.delta;
    EXPECT_EQ(m.on_hand, balance) << "movement " << m.id << " carries the running balance";
  }
  EXPECT_EQ(received, scans);
  EXPECT_GT(dispensed, 0) << "the prescription's packs came out of this lot and location";
  testing_service::StockKeyT key{drug.value(), lot.value(), location.value()};
  EXPECT_EQ(dispensed, verified_by_key(record(id))[key]);
  EXPECT_EQ(stock_at(drug.value(), lot.value(), location.value()), balance);

  // The ledger's ids run without a gap: nothing was lost between the interleaved calls.
  auto all = all_movements();
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].id, static_cast<long long>(i + 1));
}

}  // namespace
}  // namespace rx
