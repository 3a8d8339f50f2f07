#include "inventory/task_scan.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "interop/gs1/pack_code.h"
#include "unit/inventory/test_stock.h"

namespace rx::testing {
namespace {

// GTIN-14 of a demo drug: 0200000, the 6-digit number of its code, and the check digit.
std::string demo_gtin(int number) {
  const std::string body = fmt::format("0200000{:06d}", number);
  return body + std::to_string(gs1_check_digit(body));
}

Drug drug(int number, std::string name) {
  Drug d;
  d.code = DrugCode(fmt::format("D{:04d}", number));
  d.name_zh = std::move(name);
  d.gtin = demo_gtin(number);
  d.nmpa_product_code = fmt::format("99000{:02d}", number);
  return d;
}

const Formulary& formulary() {
  static const Formulary f({drug(4, "苯磺酸氨氯地平片"), drug(5, "硝苯地平控释片")});
  return f;
}

StockTask task(std::optional<std::string> lot) {
  StockTask t;
  t.id = 7;
  t.kind = TaskKind::kReplenish;
  t.drug = DrugCode("D0004");
  if (lot) t.lot = LotNo(*lot);
  t.location = LocationCode("C-05-01");
  t.from = LocationCode("B-01");
  t.quantity = 10;
  return t;
}

std::string gs1(int number, std::string_view lot, std::string_view serial = "S1") {
  return gs1_element_string(demo_gtin(number), date("2027-09-30"), lot, serial);
}

TEST(MatchTaskScan, AcceptsAPackOfTheTasksDrugAndLot) {
  auto m = match_task_scan(task("DM2409005"), gs1(4, "DM2409005", "123"), formulary());
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  EXPECT_EQ(m->drug->code, DrugCode("D0004"));
  EXPECT_EQ(m->lot, LotNo("DM2409005"));
  EXPECT_EQ(m->expiry, date("2027-09-30"));
  EXPECT_EQ(m->serial, "123");
}

TEST(MatchTaskScan, ATaskWithoutALotTakesTheScannedOne) {
  auto m = match_task_scan(task(std::nullopt), gs1(4, "ANY"), formulary());
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  EXPECT_EQ(m->lot, LotNo("ANY"));
}

TEST(MatchTaskScan, AnNmpaCodeTakesTheTasksLot) {
  auto m = match_task_scan(task("DM2409005"), "99000040000000421234", formulary());
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  EXPECT_EQ(m->lot, LotNo("DM2409005"));
  EXPECT_FALSE(m->expiry.has_value());
  EXPECT_EQ(m->serial, "000000042");
}

void expect_refused(const Result<TaskScan>& m, std::string_view reason, std::string_view says) {
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(m.status().reason(), reason);
  EXPECT_EQ(m.status().field(), "scan");
  EXPECT_NE(m.status().message().find(says), std::string::npos) << m.status().message();
}

TEST(MatchTaskScan, RefusesWhatIsNotThePack) {
  expect_refused(match_task_scan(task("DM2409005"), "not a code", formulary()), "BAD_CODE", "does not read");
  expect_refused(match_task_scan(task("DM2409005"), gs1(9, "DM2409005"), formulary()), "UNKNOWN_GTIN",
                 demo_gtin(9));
  expect_refused(match_task_scan(task("DM2409005"), "99000990000000421234", formulary()), "UNKNOWN_GTIN", "9900099");
  expect_refused(match_task_scan(task("DM2409005"), gs1(5, "DM2409005"), formulary()), "WRONG_DRUG",
                 "task 7 is for D0004 苯磺酸氨氯地平片, the scanned pack is D0005 硝苯地平控释片");
  expect_refused(match_task_scan(task("DM2409005"), gs1(4, "DM2510007"), formulary()), "WRONG_LOT",
                 "task 7 is for lot DM2409005, the scanned pack is lot DM2510007");
  expect_refused(match_task_scan(task(std::nullopt), "99000040000000421234", formulary()), "MISSING_LOT",
                 "carries no lot");
}

}  // namespace
}  // namespace rx::testing
