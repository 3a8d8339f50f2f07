#include "inventory/return_check.h"

#include <gtest/gtest.h>

#include "unit/inventory/test_stock.h"

namespace rx {
namespace {

using testing::date;
using testing::stock_row;

constexpr std::string_view kGtin = "02000000000015";  // D0001 in the demo formulary

Pack pack(std::string lot, std::string expiry, std::string serial) {
  Pack p;
  p.drug = DrugCode("D0001");
  p.gtin = std::string(kGtin);
  p.lot = LotNo(lot);
  p.expiry = date(expiry);
  p.serial = serial;
  p.code = gs1_element_string(kGtin, p.expiry, lot, serial);
  return p;
}

std::vector<AwaitingReturn> awaiting() {
  return {AwaitingReturn{PrescriptionId(3), pack("A1", "2027-06-30", "S1"), LocationCode("C-01-01"), {}, "cancelled"},
          AwaitingReturn{PrescriptionId(4), pack("A1", "2027-06-30", "S2"), LocationCode("C-01-01"), {}, "cancelled"},
          AwaitingReturn{PrescriptionId(4), pack("OLD", "2026-11-30", "S3"), LocationCode("C-02-01"), {}, "cancelled"}};
}

TEST(ReturnCheck, FindsTheVeryPackByGtinLotAndSerial) {
  StockLedger ledger;
  auto found = match_return(gs1_element_string(kGtin, date("2027-06-30"), "A1", "S2"), awaiting(),
                            date("2026-12-01"), ledger);
  ASSERT_TRUE(found.ok()) << found.status().to_string();
  EXPECT_EQ(*found, 1u);
}

TEST(ReturnCheck, AnotherPackOfTheSameLotIsNotAwaitingReturn) {
  StockLedger ledger;
  auto found = match_return(gs1_element_string(kGtin, date("2027-06-30"), "A1", "S9"), awaiting(),
                            date("2026-12-01"), ledger);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(found.status().reason(), "NOT_AWAITING_RETURN");
  EXPECT_EQ(found.status().field(), "scan");
}

TEST(ReturnCheck, AnUnreadableCodeIsRefused) {
  StockLedger ledger;
  auto found = match_return("not a code", awaiting(), date("2026-12-01"), ledger);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().reason(), "BAD_CODE");
}

TEST(ReturnCheck, AnExpiredPackDoesNotGoBack) {
  StockLedger ledger;
  auto found = match_return(gs1_element_string(kGtin, date("2026-11-30"), "OLD", "S3"), awaiting(),
                            date("2026-12-01"), ledger);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().reason(), "EXPIRED");
  // Usable through its expiry day.
  auto on_the_day = match_return(gs1_element_string(kGtin, date("2026-11-30"), "OLD", "S3"), awaiting(),
                                 date("2026-11-30"), ledger);
  EXPECT_TRUE(on_the_day.ok()) << on_the_day.status().to_string();
}

TEST(ReturnCheck, APackOfABlockedLotDoesNotGoBack) {
  StockLedger ledger;
  ASSERT_TRUE(ledger.receive(stock_row("D0001", "A1", "2027-06-30", "C-03-01", 4)).ok());
  ASSERT_TRUE(ledger.set_blocked(DrugCode("D0001"), LotNo("A1"), LocationCode("C-03-01"), true).ok());
  auto found = match_return(gs1_element_string(kGtin, date("2027-06-30"), "A1", "S1"), awaiting(),
                            date("2026-12-01"), ledger);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().reason(), "BLOCKED");
  EXPECT_NE(found.status().message().find("C-03-01"), std::string::npos);
}

TEST(ReturnCheck, FindPackMatchesAnNmpaCodeByItsDigits) {
  Pack p;
  p.drug = DrugCode("D0001");
  p.lot = LotNo("A1");
  p.serial = "000000123";
  p.code = "99000010000001230042";
  auto code = parse_pack_code(p.code);
  ASSERT_TRUE(code.ok()) << code.status().to_string();
  EXPECT_EQ(find_pack(*code, {pack("A1", "2027-06-30", "S1"), p}), std::optional<size_t>(1));
  Pack other = p;
  other.code = "99000010000001240042";
  other.serial = "000000124";
  EXPECT_EQ(find_pack(*code, {other}), std::nullopt);
}

}  // namespace
}  // namespace rx
