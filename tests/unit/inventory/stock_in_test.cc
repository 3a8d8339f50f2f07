#include "inventory/stock_in.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "interop/gs1/pack_code.h"
#include "inventory/lot_acceptance.h"
#include "unit/inventory/test_stock.h"

namespace rx {
namespace {

using testing::date;
using testing::demo_today;

// GTIN-14 "02000000" + the 5 digits of the code's number + check digit, as the demo formulary makes them.
std::string gtin_of(int number) {
  std::string body = fmt::format("0200000{:06d}", number);
  return body + std::to_string(gs1_check_digit(body));
}

Drug drug(int number, Storage storage, bool machine_ok, Controlled controlled, int depth_mm) {
  Drug d;
  d.code = DrugCode(fmt::format("D{:04d}", number));
  d.gtin = gtin_of(number);
  d.nmpa_product_code = fmt::format("99000{:02d}", number);
  d.pack_w_mm = 90;
  d.pack_h_mm = 50;
  d.pack_d_mm = depth_mm;
  d.storage = storage;
  d.machine_ok = machine_ok;
  d.controlled = controlled;
  return d;
}

StockProjection row(std::string_view drug, std::string_view lot, std::string_view expiry, std::string_view location,
                    int quantity) {
  return StockProjection{testing::stock_row(drug, lot, expiry, location, quantity), 0};
}

// A GS1 DataMatrix's element string: ]d2, FNC1 as GS after the lot.
std::string gs1(int number, std::string_view expiry, std::string_view lot, std::string_view serial) {
  return gs1_element_string(gtin_of(number), date(expiry), lot, serial);
}

// An NMPA code: 7-digit product, 9-digit serial, 4 check digits.
std::string nmpa(int number, std::string_view serial9) { return fmt::format("99000{:02d}{}0000", number, serial9); }

class StockInTest : public ::testing::Test {
 protected:
  StockInTest()
      : formulary_({drug(1, Storage::kRoom, true, Controlled::kNone, 22),      // channel: 1000/22 -> 20 boxes
                    drug(2, Storage::kRoom, true, Controlled::kNone, 100),     // channel: 10 boxes
                    drug(6, Storage::kRoom, true, Controlled::kNone, 16),      // in the robot
                    drug(12, Storage::kRoom, false, Controlled::kNone, 42),    // a bottle: the shelf
                    drug(27, Storage::kCold, false, Controlled::kNone, 27),    // insulin: the fridge
                    drug(69, Storage::kRoom, false, Controlled::kPsychotropic2, 16)}) {  // the locked cabinet
    stock_ = {row("D0001", "DM2506002", "2028-06-30", "C-02-01", 15),
              row("D0001", "DM2312001", "2027-12-31", "C-01-01", 20),
              row("D0002", "DM2407003", "2027-07-31", "C-03-01", 0),  // an emptied channel
              row("D0006", "DM2409010", "2027-09-30", "R-1-0087", 56),
              row("D0012", "DM2411022", "2027-11-30", "S-01-01", 15),
              row("D0027", "DM2501049", "2027-01-10", "F-09-01", 12),
              row("D0069", "DM2401130", "2027-01-20", "S-10-04", 11)};
    locations_.capacity = {{"C-04-01", 20}, {"C-05-01", 20}, {"F-09-02", 50}, {"S-10-05", 50}, {"S-01-02", 50},
                           {"R-1-0124", 100}};
    locations_.channel_shelves = 0;  // only the channels above and in stock
  }

  StockInFacts facts() const {
    return StockInFacts{formulary_, demo_today(), 30, serials_, delivered_, stock_, locations_};
  }
  Result<StockInDecision> decide(std::string scan, int quantity = 1, std::optional<std::string> location = {}) {
    StockInRequest r;
    r.scan = std::move(scan);
    r.quantity = quantity;
    if (location) r.location = LocationCode(*location);
    return decide_stock_in(r, facts());
  }

  static void expect_refused(const Result<StockInDecision>& d, std::string_view reason, std::string_view field) {
    ASSERT_FALSE(d.ok()) << "accepted at " << d->location.value();
    EXPECT_EQ(d.status().reason(), reason) << d.status().to_string();
    EXPECT_EQ(d.status().field(), field) << d.status().to_string();
    EXPECT_FALSE(d.status().message().empty());
  }

  Formulary formulary_;
  std::vector<StockProjection> stock_;
  StockLocations locations_;
  std::unordered_set<std::string> serials_;
  std::map<std::string, DeliveredLot> delivered_;
};

TEST_F(StockInTest, ADataMatrixNamesDrugLotExpiryAndSerialAndJoinsItsLotWhereThereIsRoom) {
  auto d = decide(gs1(1, "2028-06-30", "DM2506002", "000123"));
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->drug->code.value(), "D0001");
  EXPECT_EQ(d->lot.lot.value(), "DM2506002");
  EXPECT_EQ(d->lot.expiry, date("2028-06-30"));
  EXPECT_EQ(d->serial, "000123");
  EXPECT_EQ(d->quantity, 1);
  EXPECT_EQ(d->location.value(), "C-02-01");
  EXPECT_TRUE(d->proposed);
}

TEST_F(StockInTest, ReadsTheParenthesisedFormAndAGs1StringWithoutSymbologyIdentifier) {
  auto paren = decide("(01)" + gtin_of(1) + "(17)280630(10)DM2506002(21)77");
  ASSERT_TRUE(paren.ok()) << paren.status().to_string();
  EXPECT_EQ(paren->lot.lot.value(), "DM2506002");
  EXPECT_EQ(paren->serial, "77");
  auto bare = decide("01" + gtin_of(1) + "17280630" + "10DM2506002\x1d" "2178");
  ASSERT_TRUE(bare.ok()) << bare.status().to_string();
  EXPECT_EQ(bare->serial, "78");
}

TEST_F(StockInTest, AFullChannelSendsANewLotToAnEmptyChannelOfTheDevice) {
  // C-01-01 holds 20 of 20; a new lot of D0001 may not share a channel with another lot.
  auto d = decide(gs1(1, "2029-01-31", "DM2701009", "1"), 5);
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->location.value(), "C-03-01") << "the first empty channel in code order";
  EXPECT_TRUE(d->serial.empty()) << "a serial is recorded only for one pack";
}

TEST_F(StockInTest, ALotWhoseChannelsAreFullGoesToAnEmptyChannelThenToTheReserveStore) {
  auto next = decide(gs1(1, "2027-12-31", "DM2312001", "9"), 6);  // C-02-01 holds another lot, C-01-01 is full
  ASSERT_TRUE(next.ok()) << next.status().to_string();
  EXPECT_EQ(next->location.value(), "C-03-01");

  auto too_many = decide(gs1(1, "2027-12-31", "DM2312001", "10"), 21);  // no channel holds 21 boxes
  ASSERT_TRUE(too_many.ok()) << too_many.status().to_string();
  EXPECT_EQ(too_many->location.value(), "B-01");

  stock_.push_back(row("D0001", "DM2312001", "2027-12-31", "B-03", 4));
  auto reserve = decide(gs1(1, "2027-12-31", "DM2312001", "11"), 21);
  ASSERT_TRUE(reserve.ok()) << reserve.status().to_string();
  EXPECT_EQ(reserve->location.value(), "B-03") << "the reserve location that holds the lot";
}

TEST_F(StockInTest, RobotShelfFridgeAndCabinetDrugsGoBesideTheirOtherLots) {
  auto robot = decide(gs1(6, "2029-11-30", "DM2611011", "1"), 10);
  ASSERT_TRUE(robot.ok()) << robot.status().to_string();
  EXPECT_EQ(robot->location.value(), "R-1-0087") << "a robot position may hold another lot";

  auto fridge = decide(gs1(27, "2028-02-29", "DM2602050", "1"), 10);
  ASSERT_TRUE(fridge.ok()) << fridge.status().to_string();
  EXPECT_EQ(fridge->location.value(), "F-09-01");

  auto cabinet = decide(gs1(69, "2029-11-30", "DM2611131", "1"), 2);
  ASSERT_TRUE(cabinet.ok()) << cabinet.status().to_string();
  EXPECT_EQ(cabinet->location.value(), "S-10-04");
}

TEST_F(StockInTest, ADrugWithoutStockGoesToAnEmptyLocationOfItsKind) {
  stock_.clear();
  auto fridge = decide(gs1(27, "2028-02-29", "DM2602050", "1"));
  ASSERT_TRUE(fridge.ok()) << fridge.status().to_string();
  EXPECT_EQ(fridge->location.value(), "F-09-02");
  auto cabinet = decide(gs1(69, "2029-11-30", "DM2611131", "1"));
  ASSERT_TRUE(cabinet.ok()) << cabinet.status().to_string();
  EXPECT_EQ(cabinet->location.value(), "S-10-05") << "controlled drugs only in the locked cabinet";
  auto bottle = decide(gs1(12, "2029-08-31", "DM2608024", "1"));
  ASSERT_TRUE(bottle.ok()) << bottle.status().to_string();
  EXPECT_EQ(bottle->location.value(), "S-01-02") << "not machine_ok: the shelf";
  auto box = decide(gs1(2, "2029-08-31", "DM2608001", "1"));
  ASSERT_TRUE(box.ok()) << box.status().to_string();
  EXPECT_EQ(box->location.value(), "C-04-01");
}

TEST_F(StockInTest, TheChannelMachinesEmptyChannelsAreProposedInCodeOrder) {
  locations_.channel_shelves = 10;
  auto d = decide(gs1(2, "2029-08-31", "DM2608001", "1"), 4);
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->location.value(), "C-01-02") << "C-01-01 holds D0001";
  locations_.channels_per_shelf = 1;
  locations_.channel_shelves = 2;  // C-01-01 and C-02-01 only, both holding D0001; then C-03-01 from the stock
  auto third = decide(gs1(2, "2029-08-31", "DM2608001", "1"), 4);
  ASSERT_TRUE(third.ok()) << third.status().to_string();
  EXPECT_EQ(third->location.value(), "C-03-01");
}

TEST_F(StockInTest, ARequestedLocationIsUsedWhenItSuits) {
  auto d = decide(gs1(1, "2028-06-30", "DM2506002", "5"), 5, "C-02-01");
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->location.value(), "C-02-01");
  EXPECT_FALSE(d->proposed);
  auto reserve = decide(gs1(1, "2028-06-30", "DM2506002", "6"), 500, "B-07");
  ASSERT_TRUE(reserve.ok()) << reserve.status().to_string();
  EXPECT_EQ(reserve->location.value(), "B-07");
}

TEST_F(StockInTest, OverCapacity) {
  // C-02-01: 15 of 20 boxes of D0001.
  ASSERT_TRUE(decide(gs1(1, "2028-06-30", "DM2506002", "1"), 5, "C-02-01").ok());
  auto d = decide(gs1(1, "2028-06-30", "DM2506002", "1"), 6, "C-02-01");
  expect_refused(d, kOverCapacity, "location");
  EXPECT_NE(d.status().message().find("holds 20 packs"), std::string::npos) << d.status().message();
  // A location's own figure wins over the default.
  locations_.capacity["C-02-01"] = 16;
  expect_refused(decide(gs1(1, "2028-06-30", "DM2506002", "1"), 2, "C-02-01"), kOverCapacity, "location");
}

TEST_F(StockInTest, UnsuitableLocations) {
  expect_refused(decide(gs1(27, "2028-02-29", "DM2602050", "1"), 1, "C-04-01"), kUnsuitableLocation, "location");
  expect_refused(decide(gs1(1, "2028-06-30", "DM2506002", "1"), 1, "F-09-02"), kUnsuitableLocation, "location");
  expect_refused(decide(gs1(1, "2028-06-30", "DM2506002", "1"), 1, "S-10-05"), kUnsuitableLocation, "location");
  expect_refused(decide(gs1(69, "2029-11-30", "DM2611131", "1"), 1, "S-01-02"), kUnsuitableLocation, "location");
  expect_refused(decide(gs1(12, "2029-08-31", "DM2608024", "1"), 1, "R-1-0124"), kUnsuitableLocation, "location");
  auto other_lot = decide(gs1(1, "2028-06-30", "DM2506002", "1"), 1, "C-01-01");
  expect_refused(other_lot, kUnsuitableLocation, "location");
  EXPECT_NE(other_lot.status().message().find("one lot"), std::string::npos) << other_lot.status().message();
  stock_.push_back(
      StockProjection{StockRow{Lot{DrugCode("D0001"), LotNo("DM2506002"), date("2028-06-30")}, LocationCode("Q-BIN"),
                               1, true, false},
                      0});
  stock_.push_back(row("D0001", "DM2506002", "2028-06-30", "R-2-0010", 3));
  stock_.back().row.quarantined = true;
  expect_refused(decide(gs1(1, "2028-06-30", "DM2506002", "1"), 1, "R-2-0010"), kUnsuitableLocation, "location");
}

TEST_F(StockInTest, AMalformedLocationIsBadInputNotARefusal) {
  auto d = decide(gs1(1, "2028-06-30", "DM2506002", "1"), 1, "C-11-01");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(d.status().field(), "location");
  EXPECT_EQ(d.status().reason(), "");
  EXPECT_NE(d.status().message().find("C-SS-CC"), std::string::npos) << d.status().message();
}

TEST_F(StockInTest, BadCodes) {
  expect_refused(decide("hello"), kBadCode, "scan");
  expect_refused(decide(""), kBadCode, "scan");
  std::string wrong_check = gtin_of(1);
  wrong_check.back() = wrong_check.back() == '9' ? '0' : static_cast<char>(wrong_check.back() + 1);
  expect_refused(decide("]d201" + wrong_check + "17280630" "10L1"), kBadCode, "scan");
}

TEST_F(StockInTest, UnknownProducts) {
  expect_refused(decide(gs1(99, "2028-06-30", "L1", "1")), kUnknownGtin, "scan");
  expect_refused(decide(nmpa(98, "000000001")), kUnknownGtin, "scan");
}

TEST_F(StockInTest, ExpiredAndShortDated) {
  expect_refused(decide(gs1(1, "2026-11-30", "L1", "1")), kExpired, "expiry");
  expect_refused(decide(gs1(1, "2026-12-30", "L1", "1")), kShortDated, "expiry");  // 29 days
  auto thirty = decide(gs1(1, "2026-12-31", "L1", "1"), 1, "C-04-01");             // 30 days
  EXPECT_TRUE(thirty.ok()) << thirty.status().to_string();
  // With no short-dated limit, a lot is still usable on its expiry day.
  StockInRequest r{gs1(1, "2026-12-01", "L1", "1"), 1, {}, {}, LocationCode("C-04-01")};
  StockInFacts f = facts();
  f.short_dated_days = 0;
  EXPECT_TRUE(decide_stock_in(r, f).ok());
  r.scan = gs1(1, "2026-11-30", "L1", "1");
  EXPECT_EQ(decide_stock_in(r, f).status().reason(), kExpired);
}

TEST_F(StockInTest, ASerialReceivedBeforeIsADuplicateForTheSameDrugOnly) {
  serials_.insert(stock_serial_key(DrugCode("D0001"), "000123"));
  expect_refused(decide(gs1(1, "2028-06-30", "DM2506002", "000123")), kDuplicateSerial, "scan");
  expect_refused(decide(gs1(1, "2028-06-30", "DM2506002", "000123"), 3), kDuplicateSerial, "scan");
  EXPECT_TRUE(decide(gs1(6, "2029-11-30", "DM2611011", "000123")).ok()) << "another drug's serial";
  EXPECT_TRUE(decide(gs1(1, "2028-06-30", "DM2506002", "000124")).ok());
}

TEST_F(StockInTest, ALotKnownWithAnotherExpiryOrBlockedIsRefused) {
  expect_refused(decide(gs1(1, "2028-07-31", "DM2506002", "1")), kExpiryMismatch, "expiry");
  stock_[0].row.blocked = true;
  expect_refused(decide(gs1(1, "2028-06-30", "DM2506002", "1")), kBlockedLot, "lot");
}

TEST_F(StockInTest, AnNmpaCodeTakesLotAndExpiryFromTheRequest) {
  StockInRequest r{nmpa(1, "000000042"), 1, LotNo("DM2506002"), date("2028-06-30"), {}};
  auto d = decide_stock_in(r, facts());
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->drug->code.value(), "D0001");
  EXPECT_EQ(d->serial, "000000042");
  EXPECT_EQ(d->location.value(), "C-02-01");
}

TEST_F(StockInTest, AnNmpaCodeWithoutLotOrExpiryNeedsThem) {
  StockInRequest r{nmpa(1, "000000042"), 1, {}, {}, {}};
  auto no_lot = decide_stock_in(r, facts());
  EXPECT_EQ(no_lot.status().reason(), kMissingLot) << no_lot.status().to_string();
  EXPECT_EQ(no_lot.status().field(), "lot");
  r.lot = LotNo("DM2506002");
  auto no_expiry = decide_stock_in(r, facts());
  EXPECT_EQ(no_expiry.status().reason(), kMissingExpiry) << no_expiry.status().to_string();
  EXPECT_EQ(no_expiry.status().field(), "expiry");
}

TEST_F(StockInTest, AnNmpaCodeTakesLotAndExpiryFromTheMostRecentDelivery) {
  delivered_["D0001"] = DeliveredLot{LotNo("DM2506002"), date("2028-06-30"), 4};
  StockInRequest r{nmpa(1, "000000042"), 1, {}, {}, {}};
  auto d = decide_stock_in(r, facts());
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->lot.lot.value(), "DM2506002");
  EXPECT_EQ(d->lot.expiry, date("2028-06-30"));
  // A lot typed in that is not the delivered one needs its expiry typed too.
  r.lot = LotNo("OTHER");
  EXPECT_EQ(decide_stock_in(r, facts()).status().reason(), kMissingExpiry);
}

TEST_F(StockInTest, TheRequestMayNotContradictTheCode) {
  StockInRequest r{gs1(1, "2028-06-30", "DM2506002", "1"), 1, LotNo("OTHER"), {}, {}};
  auto lot = decide_stock_in(r, facts());
  ASSERT_FALSE(lot.ok());
  EXPECT_EQ(lot.status().field(), "lot");
  EXPECT_EQ(lot.status().reason(), "");
  r.lot.reset();
  r.expiry = date("2028-07-01");
  EXPECT_EQ(decide_stock_in(r, facts()).status().field(), "expiry");
  r.expiry = date("2028-06-30");
  r.lot = LotNo("DM2506002");
  EXPECT_TRUE(decide_stock_in(r, facts()).ok()) << "the same values may be repeated";
}

TEST_F(StockInTest, QuantityIsBounded) {
  for (int q : {0, -1, kMaxStockInPacks + 1}) {
    auto d = decide(gs1(1, "2028-06-30", "DM2506002", "1"), q);
    ASSERT_FALSE(d.ok()) << q;
    EXPECT_EQ(d.status().field(), "quantity");
  }
  EXPECT_TRUE(decide(gs1(1, "2028-06-30", "DM2506002", "1"), kMaxStockInPacks, "B-02").ok());
}

}  // namespace
}  // namespace rx
