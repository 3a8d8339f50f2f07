#include "interop/csv/delivery_csv.h"

#include <gtest/gtest.h>

#include <string>

namespace rx {
namespace {

Date ymd(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

TEST(DeliveryCsv, ReadsEveryRowWithItsRowAndLine) {
  std::string text =
      "gtin,lot,expiry,quantity\n"
      "02000000000015,DM2601001,2028-06-30,40\n"
      "\n"
      "02000000000022,\"DM-2601/2\",2027-12-31,5\n";
  auto file = read_delivery_csv(text, "delivery.csv");
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  EXPECT_TRUE(file->problems.empty());
  ASSERT_EQ(file->lines.size(), 2u);
  const DeliveryRow& a = file->lines[0];
  EXPECT_EQ(a.row, 1);
  EXPECT_EQ(a.line, 2);
  EXPECT_EQ(a.gtin, "02000000000015");
  EXPECT_EQ(a.lot, "DM2601001");
  EXPECT_EQ(a.expiry, ymd(2028, 6, 30));
  EXPECT_EQ(a.quantity, 40);
  EXPECT_EQ(file->lines[1].row, 2);
  EXPECT_EQ(file->lines[1].line, 4);  // the empty line is skipped but counted
  EXPECT_EQ(file->lines[1].lot, "DM-2601/2");
}

TEST(DeliveryCsv, TakesTheColumnsInAnyOrderAndPadsShortGtins) {
  auto file = read_delivery_csv("quantity,expiry,lot,gtin\r\n3,2028-01-31,L1,2000000000015\r\n", "d.csv");
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  ASSERT_EQ(file->lines.size(), 1u);
  EXPECT_EQ(file->lines[0].gtin, "02000000000015");
  EXPECT_EQ(file->lines[0].quantity, 3);
}

TEST(DeliveryCsv, ReportsEveryMalformedFieldWithRowAndColumnAndKeepsTheGoodRows) {
  std::string text =
      "gtin,lot,expiry,quantity\n"
      "02000000000016,L1,2028-06-30,1\n"        // check digit wrong
      "02000000000015,,2028-13-01,0\n"          // empty lot, bad date, zero packs
      "02000000000015,L3,2028-06-30,2\n"        // fine
      "0200000000001X,L~4,2028-06-30,100001\n"; // letters in the GTIN, '~' in the lot, too many packs
  auto file = read_delivery_csv(text, "delivery.csv");
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  ASSERT_EQ(file->lines.size(), 1u);
  EXPECT_EQ(file->lines[0].row, 3);
  std::vector<std::tuple<int, int, std::string>> where;
  for (const auto& p : file->problems) {
    where.emplace_back(p.row, p.line, p.column);
    EXPECT_EQ(p.code, "BAD_VALUE");
    EXPECT_FALSE(p.message.empty());
  }
  std::vector<std::tuple<int, int, std::string>> expected = {
      {1, 2, "gtin"}, {2, 3, "lot"}, {2, 3, "expiry"}, {2, 3, "quantity"}, {4, 5, "gtin"}, {4, 5, "lot"},
      {4, 5, "quantity"}};
  EXPECT_EQ(where, expected);
  EXPECT_NE(file->problems[0].message.find("check digit"), std::string::npos) << file->problems[0].message;
}

TEST(DeliveryCsv, RefusesAFileWithoutItsHeaderOrOfTheWrongShape) {
  auto missing = read_delivery_csv("gtin,lot,expiry\n02000000000015,L1,2028-06-30\n", "d.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing column 'quantity'"), std::string::npos)
      << missing.status().message();

  auto ragged = read_delivery_csv("gtin,lot,expiry,quantity\n02000000000015,L1,2028-06-30\n", "d.csv");
  ASSERT_FALSE(ragged.ok());
  EXPECT_NE(ragged.status().message().find("d.csv:2"), std::string::npos) << ragged.status().message();

  auto empty = read_delivery_csv("gtin,lot,expiry,quantity\n", "d.csv");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("no rows"), std::string::npos) << empty.status().message();
}

TEST(DeliveryCsv, BoundsTheRowsAndTheBytes) {
  std::string text = "gtin,lot,expiry,quantity\n";
  for (size_t i = 0; i < kMaxDeliveryRows; ++i) text += "02000000000015,L1,2028-06-30,1\n";
  auto at_limit = read_delivery_csv(text, "d.csv");
  ASSERT_TRUE(at_limit.ok()) << at_limit.status().to_string();
  EXPECT_EQ(at_limit->lines.size(), kMaxDeliveryRows);

  auto over = read_delivery_csv(text + "02000000000015,L1,2028-06-30,1\n", "d.csv");
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.status().message().find("at most 10000"), std::string::npos) << over.status().message();

  std::string huge = "gtin,lot,expiry,quantity\n" + std::string(kMaxDeliveryBytes, '\n');
  auto too_big = read_delivery_csv(huge, "d.csv");
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.status().message().find("bytes"), std::string::npos) << too_big.status().message();
}

}  // namespace
}  // namespace rx
