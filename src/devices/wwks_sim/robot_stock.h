// RobotStock: what the simulated WWKS robot holds, lot by lot and location by
// location, and the choice of packs for an output. The robot, not the
// pharmacy system, chooses the packs (chaotic storage): earliest expiry first
// among the rows that meet an output criterion.
#pragma once

#include <string>
#include <vector>

#include "core/drug.h"
#include "core/result.h"
#include "core/stock.h"
#include "devices/device.h"
#include "inventory/robot_placement.h"
#include "interop/gs1/pack_code.h"
#include "interop/wwks/messages.h"

namespace rx {

// One row of stock with what WWKS tells about its drug.
struct RobotStockRow {
  StockRow row;
  std::string gtin;
  std::string name;
  int depth_mm = 0, width_mm = 0, height_mm = 0;
  bool fridge = false;
};

// What the robot knows of an article (its article master, from the
// formulary), so that it can tell the drug of a scanned pack.
struct RobotArticle {
  DrugCode drug;
  std::string gtin;
  std::string nmpa_product_code;
  std::string name;
  PackSize size;
  bool fridge = false;
};

class RobotStock {
 public:
  // The rows of `stock` at robot locations (R-…), described from `formulary`,
  // whose drugs become the article master. A robot row whose drug the
  // formulary lacks is an error naming the row.
  static Result<RobotStock> from_rows(const std::vector<StockRow>& stock, const Formulary& formulary);

  // The article a scanned code names (GTIN, or NMPA product code), or nullptr.
  const RobotArticle* article_of(const PackCode& code) const;
  // The article of a drug code (a WWKS ArticleId), or nullptr.
  const RobotArticle* article(const std::string& drug) const;
  // Stores one pack of `size` where choose_robot_place puts it, and returns
  // the place; its errors otherwise, changing nothing.
  Result<LocationCode> store(const RobotArticle& article, const LotNo& lot, Date expiry, const PackSize& size,
                             const RobotShelf& shelf);

  // Adds `row`'s packs at its place, as when they are loaded by hand.
  // Invalid, naming the field, for a place not the robot's (R-…), no packs,
  // or a drug the article master lacks.
  Status load(const StockRow& row);
  // Takes up to each criterion's Quantity packs out of stock, earliest expiry
  // first, from rows that are neither quarantined nor blocked and match its
  // ArticleId (the drug code), BatchNumber and MinimumExpiryDate. A criterion
  // without an ArticleId matches nothing. Line item = index of the criterion.
  std::vector<PickLine> take(const std::vector<wwks::OutputCriteria>& criteria);
  // Returns `packs` packs of `line` to the row they came from.
  void put_back(const PickLine& line, int packs);
  // The row a line was taken from, or nullptr.
  const RobotStockRow* row_of(const PickLine& line) const;
  // StockInfoResponse articles: packs in stock per drug, narrowed by any
  // criterion's ArticleId and BatchNumber; with `include_packs`, one Pack per
  // pack, its Id fixed by its row and place in the row.
  std::vector<wwks::Article> articles(const std::vector<wwks::StockInfoCriteria>& criteria, bool include_packs) const;
  // Packs in stock, all rows.
  int total_packs() const;
  const std::vector<RobotStockRow>& rows() const { return rows_; }

 private:
  std::vector<RobotStockRow> rows_;
  std::vector<RobotArticle> articles_;
};

}  // namespace rx
