#include "inventory/delivery.h"

#include <gtest/gtest.h>

#include "inventory/lot_acceptance.h"
#include "unit/inventory/test_stock.h"

namespace rx {
namespace {

using testing::date;
using testing::demo_today;

Formulary two_drugs() {
  Drug a;
  a.code = DrugCode("D0001");
  a.gtin = "02000000000015";
  Drug b;
  b.code = DrugCode("D0002");
  b.gtin = "02000000000022";
  return Formulary({a, b});
}

DeliveryRow line(int row, std::string gtin, std::string lot, std::string_view expiry, int quantity) {
  return DeliveryRow{row, row + 1, std::move(gtin), std::move(lot), date(expiry), quantity};
}

TEST(Delivery, AcceptedRowsAreReceivedIntoTheReserveStore) {
  Formulary f = two_drugs();
  StockLocations locations;
  locations.reserve = LocationCode("B-02");
  auto check = check_delivery({line(1, "02000000000015", "L1", "2028-06-30", 40),
                               line(2, "02000000000022", "L2", "2027-12-31", 5)},
                              f, demo_today(), 30, {}, locations);
  EXPECT_TRUE(check.problems.empty());
  ASSERT_EQ(check.receipts.size(), 2u);
  EXPECT_EQ(check.receipts[0],
            (DeliveryReceipt{1, "02000000000015", Lot{DrugCode("D0001"), LotNo("L1"), date("2028-06-30")}, 40,
                             LocationCode("B-02")}));
  EXPECT_EQ(check.receipts[1].lot.drug.value(), "D0002");
}

TEST(Delivery, EveryRefusedRowIsReportedWithItsRowColumnAndCode) {
  Formulary f = two_drugs();
  std::vector<StockProjection> stock = {
      {testing::stock_row("D0001", "OLD", "2027-05-31", "C-01-01", 3), 0},
      {testing::stock_row("D0002", "RECALLED", "2028-05-31", "C-02-01", 0), 0}};
  stock[1].row.blocked = true;
  auto check = check_delivery({line(1, "02000000000039", "L1", "2028-06-30", 1),   // not in the formulary
                               line(2, "02000000000015", "L2", "2026-11-30", 1),   // expired
                               line(3, "02000000000015", "L3", "2026-12-20", 1),   // short-dated
                               line(4, "02000000000015", "OLD", "2027-06-30", 1),  // stock has another expiry
                               line(5, "02000000000022", "RECALLED", "2028-05-31", 1),
                               line(6, "02000000000015", "L6", "2028-06-30", 1),   // fine
                               line(7, "02000000000015", "L6", "2028-07-31", 1)},  // row 6 said otherwise
                              f, demo_today(), 30, stock, StockLocations{});
  ASSERT_EQ(check.receipts.size(), 1u);
  EXPECT_EQ(check.receipts[0].row, 6);
  std::vector<std::tuple<int, std::string, std::string>> got;
  for (const auto& p : check.problems) {
    got.emplace_back(p.row, p.column, p.code);
    EXPECT_EQ(p.line, p.row + 1);
    EXPECT_FALSE(p.message.empty());
  }
  std::vector<std::tuple<int, std::string, std::string>> expected = {
      {1, "gtin", "UNKNOWN_GTIN"},    {2, "expiry", "EXPIRED"},      {3, "expiry", "SHORT_DATED"},
      {4, "expiry", "EXPIRY_MISMATCH"}, {5, "lot", "BLOCKED_LOT"}, {7, "expiry", "EXPIRY_MISMATCH"}};
  EXPECT_EQ(got, expected);
  EXPECT_NE(check.problems.back().message.find("row 6"), std::string::npos) << check.problems.back().message;
}

TEST(Delivery, TheLastRowOfAProductIsWhatItWasLastDeliveredWith) {
  std::map<std::string, DeliveredLot> delivered;
  delivered["D0002"] = DeliveredLot{LotNo("X"), date("2027-01-31"), 1};
  Lot a1{DrugCode("D0001"), LotNo("A1"), date("2028-01-31")};
  Lot a2{DrugCode("D0001"), LotNo("A2"), date("2028-02-29")};
  remember_delivery(delivered, 2, {DeliveryReceipt{1, "g", a1, 1, LocationCode("B-01")},
                                   DeliveryReceipt{2, "g", a2, 1, LocationCode("B-01")}});
  ASSERT_EQ(delivered.size(), 2u);
  EXPECT_EQ(delivered.at("D0001"), (DeliveredLot{LotNo("A2"), date("2028-02-29"), 2}));
  EXPECT_EQ(delivered.at("D0002").delivery, 1) << "a product the delivery did not name keeps its record";
}

}  // namespace
}  // namespace rx
