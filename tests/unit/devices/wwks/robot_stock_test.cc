#include "devices/wwks_sim/robot_stock.h"

#include <gtest/gtest.h>

#include "unit/devices/wwks/wwks_fixture.h"

namespace rx {
namespace {

using namespace rx::test;

RobotStock make_stock() {
  auto stock = RobotStock::from_rows(wwks_stock(), wwks_formulary());
  EXPECT_TRUE(stock.ok()) << stock.status().message();
  return *stock;
}

TEST(RobotStockTest, KeepsOnlyTheRobotsRowsWithTheirDrugData) {
  RobotStock stock = make_stock();
  ASSERT_EQ(stock.rows().size(), 3u);  // the C-01-01 row is the channel machine's
  EXPECT_EQ(stock.total_packs(), 4 + 2 + 3);
  EXPECT_EQ(stock.rows()[0].gtin, "06901234567892");
  EXPECT_EQ(stock.rows()[0].depth_mm, 100);
  EXPECT_TRUE(stock.rows()[2].fridge);
}

TEST(RobotStockTest, ARowOfADrugOutsideTheFormularyIsAnError) {
  auto rows = wwks_stock();
  rows.push_back(wwks_row("D9999", "X", std::chrono::year{2027} / 1 / 1, "R-1-0001", 1));
  auto stock = RobotStock::from_rows(rows, wwks_formulary());
  ASSERT_FALSE(stock.ok());
  EXPECT_EQ(stock.status().field(), "stock[4].code");
  EXPECT_NE(stock.status().message().find("D9999"), std::string::npos);
}

TEST(RobotStockTest, TakesEarliestExpiryFirstAcrossRows) {
  RobotStock stock = make_stock();
  auto lines = stock.take({criterion("D0002", 3)});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].lot.value(), "A-EARLY");
  EXPECT_EQ(lines[0].packs, 2);
  EXPECT_EQ(lines[0].location.value(), "R-2-0120");
  EXPECT_EQ(lines[1].lot.value(), "A-LATE");
  EXPECT_EQ(lines[1].packs, 1);
  EXPECT_EQ(lines[1].item, 0);
  EXPECT_EQ(stock.total_packs(), 9 - 3);
}

TEST(RobotStockTest, HonoursBatchAndMinimumExpiry) {
  RobotStock stock = make_stock();
  auto c = criterion("D0002", 1);
  c.minimum_expiry_date = std::chrono::year{2027} / 6 / 1;
  auto late = stock.take({c});
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].lot.value(), "A-LATE");

  auto b = criterion("D0002", 5);
  b.batch_number = "A-EARLY";
  auto early = stock.take({b});
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(early[0].packs, 2);  // all the batch has
}

TEST(RobotStockTest, ACriterionWithoutArticleOrStockTakesNothing) {
  RobotStock stock = make_stock();
  wwks::OutputCriteria no_article;
  no_article.quantity = 1;
  EXPECT_TRUE(stock.take({no_article, criterion("D4242", 1)}).empty());
  EXPECT_EQ(stock.total_packs(), 9);
}

TEST(RobotStockTest, PutBackRestoresTheRow) {
  RobotStock stock = make_stock();
  auto lines = stock.take({criterion("D0007", 2)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(stock.total_packs(), 7);
  stock.put_back(lines[0], 2);
  EXPECT_EQ(stock.total_packs(), 9);
  EXPECT_EQ(stock.rows()[2].row.quantity, 3);
}

TEST(RobotStockTest, ArticlesCountPacksAndNarrowByCriteria) {
  RobotStock stock = make_stock();
  auto all = stock.articles({}, true);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "D0002");
  EXPECT_EQ(all[0].quantity, 6);
  EXPECT_EQ(all[0].packs.size(), 6u);
  EXPECT_GT(*all[0].packs[0].id, 0);
  EXPECT_EQ(all[1].packs[0].is_in_fridge, true);

  wwks::StockInfoCriteria only;
  only.article_id = "D0007";
  auto narrowed = stock.articles({only}, false);
  ASSERT_EQ(narrowed.size(), 1u);
  EXPECT_EQ(narrowed[0].quantity, 3);
  EXPECT_TRUE(narrowed[0].packs.empty());
}

}  // namespace
}  // namespace rx

namespace rx {
namespace {

using namespace rx::test;

TEST(RobotStockLoadTest, PacksLoadedByHandJoinTheirRowOrMakeANewOne) {
  auto stock = RobotStock::from_rows(wwks_stock(), wwks_formulary());
  ASSERT_TRUE(stock.ok());
  ASSERT_TRUE(stock->load(wwks_row("D0002", "A-LATE", std::chrono::year{2028} / 6 / 30, "R-1-0050", 3)).ok());
  EXPECT_EQ(stock->rows()[0].row.quantity, 4 + 3);
  ASSERT_TRUE(stock->load(wwks_row("D0002", "A-NEW", std::chrono::year{2029} / 1 / 31, "R-4-0400", 2)).ok());
  ASSERT_EQ(stock->rows().size(), 4u);
  EXPECT_EQ(stock->rows()[3].gtin, "06901234567892");
  EXPECT_EQ(stock->rows()[3].depth_mm, 100);
  EXPECT_EQ(stock->total_packs(), 4 + 2 + 3 + 3 + 2);
  // The new row is picked from like any other.
  wwks::OutputCriteria by_lot = criterion("D0002", 1);
  by_lot.batch_number = "A-NEW";
  auto lines = stock->take({by_lot});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].location.value(), "R-4-0400");
}

TEST(RobotStockLoadTest, RowsTheRobotCannotHoldAreRefusedNamingTheField) {
  auto stock = RobotStock::from_rows(wwks_stock(), wwks_formulary());
  ASSERT_TRUE(stock.ok());
  const int before = stock->total_packs();
  EXPECT_EQ(stock->load(wwks_row("D0002", "A-LATE", std::chrono::year{2028} / 6 / 30, "C-01-01", 1)).field(),
            "location");
  EXPECT_EQ(stock->load(wwks_row("D0002", "A-LATE", std::chrono::year{2028} / 6 / 30, "R-1-0050", 0)).field(),
            "quantity");
  Status unknown = stock->load(wwks_row("D9999", "X", std::chrono::year{2028} / 6 / 30, "R-1-0050", 1));
  EXPECT_EQ(unknown.field(), "drug");
  EXPECT_NE(unknown.message().find("D9999"), std::string::npos);
  EXPECT_EQ(stock->total_packs(), before);
}

}  // namespace
}  // namespace rx
