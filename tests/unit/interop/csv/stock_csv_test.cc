#include "interop/csv/stock_csv.h"

#include <gtest/gtest.h>

#include "interop/csv/formulary_csv.h"
#include "unit/interop/csv/shipped_csv.h"

namespace rx {
namespace {

using testing_csv::shipped;
using testing_csv::with_field;

constexpr int kCode = 1, kLot = 2, kExpiry = 3, kQuantity = 4, kLocation = 5;

class StockCsv : public testing::Test {
 protected:
  void SetUp() override {
    auto f = load_formulary_csv(shipped("formulary.csv"), "formulary.csv");
    ASSERT_TRUE(f.ok()) << f.status().to_string();
    formulary_ = *std::move(f);
    text_ = shipped("stock.csv");
  }

  std::string load_error(const std::string& text) const {
    auto rows = load_stock_csv(text, "stock.csv", formulary_);
    return rows.ok() ? std::string("(accepted)") : rows.status().message();
  }

  Formulary formulary_;
  std::string text_;
};

Date ymd(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

TEST_F(StockCsv, LoadsTheShippedStock) {
  auto rows = load_stock_csv(text_, "stock.csv", formulary_);
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 429u);

  const StockRow& first = rows->front();
  EXPECT_EQ(first.lot.drug.value(), "D0001");
  EXPECT_EQ(first.lot.lot.value(), "DM2312001");
  EXPECT_EQ(first.lot.expiry, ymd(2026, 12, 31));
  EXPECT_EQ(first.quantity, 9);
  EXPECT_EQ(first.location.value(), "C-01-01");
  EXPECT_FALSE(first.quarantined);
  EXPECT_FALSE(first.blocked);

  int packs = 0, expired = 0;
  const StockRow* amoxicillin_expired = nullptr;
  for (const auto& r : *rows) {
    packs += r.quantity;
    if (r.lot.expiry < kShippedStockToday) {
      ++expired;
      amoxicillin_expired = &r;
    }
  }
  EXPECT_EQ(packs, 9816);
  EXPECT_EQ(expired, 1);  // data/README.md: exactly one lot has expired
  ASSERT_NE(amoxicillin_expired, nullptr);
  EXPECT_EQ(amoxicillin_expired->lot.drug.value(), "D0032");
  EXPECT_EQ(amoxicillin_expired->lot.lot.value(), "DM2311061");
  EXPECT_EQ(amoxicillin_expired->lot.expiry, ymd(2026, 11, 18));
  EXPECT_EQ(amoxicillin_expired->location.value(), "C-03-11");
  EXPECT_EQ(amoxicillin_expired->quantity, 10);

  int fridge = 0, robot = 0, locked = 0;
  for (const auto& r : *rows) {
    fridge += location_device(r.location) == 'F';
    robot += location_device(r.location) == 'R';
    locked += r.location.value().rfind("S-10-", 0) == 0;
  }
  EXPECT_EQ(fridge, 10);
  EXPECT_EQ(robot, 28);
  EXPECT_EQ(locked, 10);
}

TEST_F(StockCsv, RebasesExpiriesOntoToday) {
  auto rows = load_stock_csv(text_, "stock.csv", formulary_);
  ASSERT_TRUE(rows.ok());
  auto later = rebase_expiries(*rows, kShippedStockToday, ymd(2027, 1, 1));  // 31 days on
  ASSERT_EQ(later.size(), rows->size());
  for (size_t i = 0; i < later.size(); ++i) {
    EXPECT_EQ(days_between((*rows)[i].lot.expiry, later[i].lot.expiry), 31);
    EXPECT_EQ(later[i].quantity, (*rows)[i].quantity);
  }
  EXPECT_EQ(later.front().lot.expiry, ymd(2027, 1, 31));

  auto earlier = rebase_expiries(*rows, kShippedStockToday, ymd(2026, 11, 1));
  EXPECT_EQ(earlier.front().lot.expiry, ymd(2026, 12, 1));

  auto same = rebase_expiries(*rows, kShippedStockToday, kShippedStockToday);
  EXPECT_EQ(same.front().lot.expiry, rows->front().lot.expiry);
}

TEST_F(StockCsv, LocatesBadFields) {
  struct Case {
    int line, column;
    std::string value, message;
  };
  const Case cases[] = {
      {2, kCode, "D9999", "stock.csv:2:1 (code): expected a formulary code, found 'D9999'"},
      {3, kLot, "", "stock.csv:3:2 (lot): expected 1 to 20 letters, digits, '-', '_', '.' or '/', found ''"},
      {3, kLot, "DM 2312",
       "stock.csv:3:2 (lot): expected 1 to 20 letters, digits, '-', '_', '.' or '/', found 'DM 2312'"},
      {3, kExpiry, "2027-02-30", "stock.csv:3:3 (expiry): expected a date YYYY-MM-DD, found '2027-02-30'"},
      {3, kExpiry, "20270228", "stock.csv:3:3 (expiry): expected a date YYYY-MM-DD, found '20270228'"},
      {4, kQuantity, "0", "stock.csv:4:4 (quantity_packs): expected a whole number from 1 to 100000, found '0'"},
      {4, kQuantity, "-5", "stock.csv:4:4 (quantity_packs): expected a whole number from 1 to 100000, found '-5'"},
      {4, kQuantity, "2.5", "stock.csv:4:4 (quantity_packs): expected a whole number from 1 to 100000, found '2.5'"},
  };
  for (const auto& c : cases) EXPECT_EQ(load_error(with_field(text_, c.line, c.column, c.value)), c.message);
}

TEST_F(StockCsv, ChecksLocations) {
  const std::string channel = "expected C-SS-CC with shelf SS 01-10 and channel CC 01-60";
  const std::string robot = "expected R-L-xxxx with level L 1-8 and a 4-digit position";
  const std::string any = "expected C-SS-CC, R-L-xxxx, S-RR-BB or F-RR-BB";
  const std::pair<std::string, std::string> bad[] = {
      {"C-11-01", channel},
      {"C-00-01", channel},
      {"C-01-61", channel},
      {"C-01-00", channel},
      {"C-1-001", any},
      {"R-9-0050", robot},
      {"R-0-0050", robot},
      {"R-1-05A0", robot},
      {"R-1-050", any},
      {"X-01-01", any},
      {"C0101", any},
      {"", any},
      {"S-00-01", "expected S-RR-BB with rack RR and bin BB 01-99"},
      {"F-09-0A", "expected F-RR-BB with rack RR and bin BB 01-99"},
  };
  for (const auto& [location, reason] : bad) {
    EXPECT_EQ(load_error(with_field(text_, 5, kLocation, location)),
              "stock.csv:5:5 (location): " + reason + ", found '" + location + "'");
  }
  for (std::string good : {"C-10-60", "R-8-9999", "R-1-0000", "S-10-99", "F-01-01"}) {
    EXPECT_EQ(load_error(with_field(text_, 5, kLocation, good)), "(accepted)") << good;
  }
}

TEST_F(StockCsv, RefusesTheSameLotTwiceAtOneLocationOrWithTwoExpiries) {
  // Line 4 is D0001 DM2506002 at C-03-01; line 3 holds the same lot at C-02-01.
  EXPECT_EQ(load_error(with_field(text_, 4, kLocation, "C-02-01")),
            "stock.csv:4:5 (location): lot DM2506002 of D0001 is already at C-02-01 on line 3");
  EXPECT_EQ(load_error(with_field(text_, 4, kExpiry, "2028-07-31")),
            "stock.csv:4:3 (expiry): lot DM2506002 of D0001 expires 2028-07-31 here but 2028-06-30 on line 3");
}

TEST_F(StockCsv, RefusesABrokenHeader) {
  EXPECT_EQ(load_error("code,lot,expiry,quantity,location\n"), "stock.csv:1:4: unexpected column 'quantity'");
  EXPECT_EQ(load_error("code,lot,expiry,location\n"), "stock.csv:1: missing column 'quantity_packs'");
  auto empty = load_stock_csv("location,quantity_packs,expiry,lot,code\n", "stock.csv", formulary_);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

}  // namespace
}  // namespace rx
