// Stocktake in the service: a count by scan changes no stock until an admin
// approves it, survives a restart, and corrects only what was miscounted.
#include <gtest/gtest.h>

#include "interop/gs1/pack_code.h"
#include "unit/service/pharmacy_fixture.h"

namespace rx::testing_service {
namespace {

using std::chrono::year;

const Actor kAdmin{"admin", "zhou"};
// The shipped stock: 14 packs of clopidogrel lot DM2511004 in channel C-04-01.
constexpr std::string_view kDrug = "D0003";
constexpr std::string_view kLot = "DM2511004";
constexpr std::string_view kPlace = "C-04-01";

class StocktakeTest : public PharmacyTest {
 protected:
  std::string code(std::string serial) {
    const Drug* drug = formulary_->find(DrugCode(std::string(kDrug)));
    return gs1_element_string(drug->gtin, stock_expiry(kDrug, kLot, kPlace), kLot, serial);
  }
  Result<Stocktake> start_count(std::vector<LocationCode> locations, const Actor& actor = kTechnician) {
    return await<Stocktake>([&](auto done) { ph().start_stocktake(locations, actor, done); });
  }
  Result<Stocktake> scan(long long id, std::string location, std::string scan, std::optional<int> quantity = {},
                         std::optional<std::string> lot = {}) {
    return await<Stocktake>([&](auto done) {
      std::optional<LotNo> named;
      if (lot) named = LotNo(*lot);
      ph().scan_stocktake(id, LocationCode(location), scan, quantity, named, kTechnician, done);
    });
  }
  Result<Stocktake> approve(long long id, const Actor& actor) {
    return await<Stocktake>([&](auto done) { ph().approve_stocktake(id, actor, done); });
  }
  std::vector<StockMovement> adjustments() {
    MovementQuery q;
    q.kind = MovementKind::kAdjusted;
    q.location = LocationCode(std::string(kPlace));
    auto found = ph().movements(q);
    EXPECT_TRUE(found.ok()) << found.status().to_string();
    std::vector<StockMovement> out;
    for (const auto& m : found.ok() ? *found : std::vector<StockMovement>{}) {
      if (m.reason.starts_with("stocktake")) out.push_back(m);
    }
    return out;
  }
};

TEST_F(StocktakeTest, AnApprovedCountAdjustsTheStockAndAnUnapprovedOneDoesNot) {
  start();
  auto count = start_count({LocationCode(std::string(kPlace))});
  ASSERT_TRUE(count.ok()) << count.status().to_string();
  long long id = count->id;
  ASSERT_TRUE(scan(id, std::string(kPlace), code("000001")).ok());
  auto counted = scan(id, std::string(kPlace), code("000002"), 10);
  ASSERT_TRUE(counted.ok()) << counted.status().to_string();

  std::vector<CountLine> report = discrepancy_report(*counted);
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0].expected, 14);
  EXPECT_EQ(report[0].counted, 11);
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 14) << "a count not approved changes no stock";
  EXPECT_TRUE(adjustments().empty());

  auto by_technician = approve(id, kTechnician);
  ASSERT_FALSE(by_technician.ok());
  EXPECT_EQ(by_technician.status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 14);

  auto approved = approve(id, kAdmin);
  ASSERT_TRUE(approved.ok()) << approved.status().to_string();
  EXPECT_EQ(approved->state, StocktakeState::kApproved);
  EXPECT_EQ(approved->approved_by, "admin:zhou");
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 11);
  std::vector<StockMovement> adjusted = adjustments();
  ASSERT_EQ(adjusted.size(), 1u);
  EXPECT_EQ(adjusted[0].delta, -3);
  EXPECT_EQ(adjusted[0].on_hand, 11);
  EXPECT_EQ(adjusted[0].reason, "stocktake " + std::to_string(id));
  EXPECT_EQ(adjusted[0].actor, "admin:zhou");

  EXPECT_EQ(approve(id, kAdmin).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 11) << "approved once, applied once";
}

TEST_F(StocktakeTest, BadScansAndLocationsAreRefusedWithTheirField) {
  start();
  auto nowhere = start_count({LocationCode("NOWHERE")});
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.status().field(), "locations[0]");
  EXPECT_TRUE(ph().stocktakes().empty());

  auto count = start_count({LocationCode(std::string(kPlace))});
  ASSERT_TRUE(count.ok());
  auto garbled = scan(count->id, std::string(kPlace), "hello");
  EXPECT_EQ(garbled.status().reason(), "BAD_CODE");
  auto outside = scan(count->id, "C-01-01", code("000001"));
  EXPECT_EQ(outside.status().field(), "location");
  ASSERT_TRUE(scan(count->id, std::string(kPlace), code("000001")).ok());
  auto twice = scan(count->id, std::string(kPlace), code("000001"));
  EXPECT_EQ(twice.status().reason(), "DUPLICATE_SERIAL");
  EXPECT_EQ(scan(99, std::string(kPlace), code("000003")).status().code(), ErrorCode::kNotFound);
  auto now_count = ph().stocktake(count->id);
  ASSERT_TRUE(now_count.ok());
  EXPECT_EQ(discrepancy_report(*now_count)[0].counted, 1);
}

TEST_F(StocktakeTest, APlaceNoMachineHasIsNeitherCountedNorGivenStock) {
  start();
  // Shaped like a channel, but the channel machine has shelves 01-10 only.
  auto phantom = start_count({LocationCode(std::string(kPlace)), LocationCode("C-99-99")});
  ASSERT_FALSE(phantom.ok());
  EXPECT_EQ(phantom.status().field(), "locations[1]");
  EXPECT_NE(phantom.status().message().find("C-99-99"), std::string::npos) << phantom.status().message();
  EXPECT_FALSE(start_count({LocationCode("C-zz")}).ok());
  EXPECT_TRUE(ph().stocktakes().empty());

  auto everywhere = start_count({});
  ASSERT_TRUE(everywhere.ok()) << everywhere.status().to_string();
  for (const std::string place : {"C-99-99", "ZZZ", "R-9-0001"}) {
    auto counted = scan(everywhere->id, place, code("000001"), 50);
    ASSERT_FALSE(counted.ok()) << place;
    EXPECT_EQ(counted.status().field(), "location") << place;
  }
  auto now_count = ph().stocktake(everywhere->id);
  ASSERT_TRUE(now_count.ok());
  EXPECT_TRUE(discrepancy_report(*now_count).empty());
  ASSERT_TRUE(approve(everywhere->id, kAdmin).ok());
  for (const StockRow& row : ph().stock(std::nullopt)) EXPECT_NE(row.location.value(), "C-99-99");
}

TEST_F(StocktakeTest, AnNmpaScanCountsTheLotNamedWithItWhereTheLocationHoldsTwo) {
  start();
  const Drug* drug = formulary_->find(DrugCode(std::string(kDrug)));
  const std::string reserve = "B-07";
  const std::string second_lot = gs1_element_string(drug->gtin, year{2029} / 1 / 31, "ST-2", "000901");
  for (const std::string& pack : {code("000900"), second_lot}) {
    StockInRequest in;
    in.scan = pack;
    in.location = LocationCode(reserve);
    auto done = await<Pharmacy::StockInResult>([&](auto cb) { ph().stock_in(in, kTechnician, cb); });
    ASSERT_TRUE(done.ok()) << done.status().to_string();
  }
  auto count = start_count({LocationCode(reserve)});
  ASSERT_TRUE(count.ok());
  const std::string nmpa = "99000030000004560000";  // D0003's NMPA product 9900003, serial 000000456

  auto unnamed = scan(count->id, reserve, nmpa);
  EXPECT_EQ(unnamed.status().field(), "scan") << unnamed.status().to_string();
  auto unknown = scan(count->id, reserve, nmpa, 1, "NO-SUCH-LOT");
  EXPECT_EQ(unknown.status().field(), "lot") << unknown.status().to_string();
  auto mismatch = scan(count->id, reserve, code("000010"), 1, "ST-2");
  EXPECT_EQ(mismatch.status().field(), "lot") << mismatch.status().to_string();

  auto named = scan(count->id, reserve, nmpa, 1, "ST-2");
  ASSERT_TRUE(named.ok()) << named.status().to_string();
  bool counted = false;
  for (const auto& line : discrepancy_report(*named)) {
    if (line.lot.lot.value() == "ST-2") {
      EXPECT_EQ(line.counted, 1);
      EXPECT_EQ(line.expected, 1);
      EXPECT_EQ(line.lot.expiry, year{2029} / 1 / 31) << "the expiry is the ledger's";
      counted = true;
    }
  }
  EXPECT_TRUE(counted);
}

TEST_F(StocktakeTest, AnOpenCountSurvivesARestart) {
  TempDir dir;
  std::string db = (dir.path() / "rx.db").string();
  start({}, db);
  auto count = start_count({LocationCode(std::string(kPlace))});
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(scan(count->id, std::string(kPlace), code("000001"), 13).ok());
  stop();

  start({}, db);
  auto again = ph().stocktake(count->id);
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(again->state, StocktakeState::kOpen);
  EXPECT_EQ(discrepancy_report(*again)[0].counted, 13);
  // The pack already counted is still known; another one counts.
  EXPECT_EQ(scan(count->id, std::string(kPlace), code("000001")).status().reason(), "DUPLICATE_SERIAL");
  ASSERT_TRUE(scan(count->id, std::string(kPlace), code("000002")).ok());
  ASSERT_TRUE(approve(count->id, kAdmin).ok());
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 14);
  EXPECT_TRUE(adjustments().empty()) << "a count that matches corrects nothing";
}

TEST_F(StocktakeTest, PacksDispensedAfterALocationWasCountedAreNotCorrectedAway) {
  start();
  auto count = start_count({LocationCode(std::string(kPlace))});
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(scan(count->id, std::string(kPlace), code("000001"), 12).ok());  // 2 short of 14
  // Then 2 packs leave the location for a prescription.
  PrescriptionId id = create_ok(rx_json("ST-0001", json::array({item(std::string(kDrug), 2)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  ASSERT_EQ(record(id).status, RxStatus::kReady);
  ASSERT_EQ(stock_at(kDrug, kLot, kPlace), 12);

  ASSERT_TRUE(approve(count->id, kAdmin).ok());
  EXPECT_EQ(stock_at(kDrug, kLot, kPlace), 10) << "the count's shortfall of 2, on top of the 2 dispensed";
}

}  // namespace
}  // namespace rx::testing_service
