#include "devices/wwks_sim/robot_stock.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace rx {
namespace {

// Room for this many packs per row keeps pack ids of different rows apart.
constexpr int64_t kPackIdsPerRow = 100000;

bool matches(const RobotStockRow& r, const wwks::StockInfoCriteria& c) {
  if (c.article_id && *c.article_id != r.row.lot.drug.value()) return false;
  if (c.batch_number && *c.batch_number != r.row.lot.lot.value()) return false;
  return true;
}

}  // namespace

Result<RobotStock> RobotStock::from_rows(const std::vector<StockRow>& stock, const Formulary& formulary) {
  RobotStock out;
  for (size_t i = 0; i < stock.size(); ++i) {
    const StockRow& row = stock[i];
    if (location_device(row.location) != 'R') continue;
    const Drug* drug = formulary.find(row.lot.drug);
    if (!drug) {
      return Status::invalid(fmt::format("expected a drug of the formulary, found \"{}\"", row.lot.drug.value()),
                             fmt::format("stock[{}].code", i));
    }
    out.rows_.push_back(RobotStockRow{row, drug->gtin, drug->name_en, drug->pack_d_mm, drug->pack_w_mm,
                                      drug->pack_h_mm, drug->storage == Storage::kCold});
  }
  for (const Drug& d : formulary.drugs()) {
    out.articles_.push_back(RobotArticle{d.code, d.gtin, d.nmpa_product_code, d.name_en,
                                         PackSize{d.pack_w_mm, d.pack_h_mm, d.pack_d_mm}, d.storage == Storage::kCold});
  }
  return out;
}

const RobotArticle* RobotStock::article_of(const PackCode& code) const {
  for (const RobotArticle& a : articles_) {
    if (code.kind == PackCode::Kind::kGs1 && !a.gtin.empty() && a.gtin == code.gtin) return &a;
    if (code.kind == PackCode::Kind::kNmpa && !a.nmpa_product_code.empty() &&
        a.nmpa_product_code == code.nmpa_product_code) {
      return &a;
    }
  }
  return nullptr;
}

const RobotArticle* RobotStock::article(const std::string& drug) const {
  for (const RobotArticle& a : articles_) {
    if (a.drug.value() == drug) return &a;
  }
  return nullptr;
}

Result<LocationCode> RobotStock::store(const RobotArticle& article, const LotNo& lot, Date expiry,
                                       const PackSize& size, const RobotShelf& shelf) {
  const std::string holds = article.drug.value() + "/" + lot.value();
  std::vector<RobotPlaceUse> uses;
  for (const RobotStockRow& r : rows_) {
    if (r.row.quantity <= 0) continue;
    uses.push_back(RobotPlaceUse{r.row.location, r.row.lot.drug.value() + "/" + r.row.lot.lot.value(),
                                 PackSize{r.width_mm, r.height_mm, r.depth_mm}, r.row.quantity});
  }
  LocationCode place = TRY(choose_robot_place(size, holds, uses, shelf));
  for (RobotStockRow& r : rows_) {
    if (r.row.location == place && r.row.lot.drug == article.drug && r.row.lot.lot == lot) {
      ++r.row.quantity;
      return place;
    }
  }
  rows_.push_back(RobotStockRow{StockRow{Lot{article.drug, lot, expiry}, place, 1}, article.gtin, article.name,
                                size.depth_mm, size.width_mm, size.height_mm, article.fridge});
  return place;
}

Status RobotStock::load(const StockRow& row) {
  if (location_device(row.location) != 'R') {
    return Status::invalid(fmt::format("expected a robot place R-L-xxxx, found \"{}\"", row.location.value()),
                           "location");
  }
  if (row.quantity < 1) return Status::invalid(fmt::format("expected at least 1 pack, found {}", row.quantity), "quantity");
  const RobotArticle* a = article(row.lot.drug.value());
  if (!a) {
    return Status::invalid(fmt::format("expected a drug of the article master, found \"{}\"", row.lot.drug.value()),
                           "drug");
  }
  for (RobotStockRow& r : rows_) {
    if (r.row.location == row.location && r.row.lot.drug == row.lot.drug && r.row.lot.lot == row.lot.lot) {
      r.row.quantity += row.quantity;
      return Status::ok_status();
    }
  }
  StockRow added = row;
  added.quarantined = false;
  added.blocked = false;
  rows_.push_back(RobotStockRow{added, a->gtin, a->name, a->size.depth_mm, a->size.width_mm, a->size.height_mm,
                                a->fridge});
  return Status::ok_status();
}

std::vector<PickLine> RobotStock::take(const std::vector<wwks::OutputCriteria>& criteria) {
  std::vector<PickLine> lines;
  for (size_t c = 0; c < criteria.size(); ++c) {
    const wwks::OutputCriteria& want = criteria[c];
    if (!want.article_id) continue;
    std::vector<size_t> order;
    for (size_t i = 0; i < rows_.size(); ++i) {
      const StockRow& r = rows_[i].row;
      if (r.quarantined || r.blocked || r.quantity <= 0 || r.lot.drug.value() != *want.article_id) continue;
      if (want.batch_number && *want.batch_number != r.lot.lot.value()) continue;
      if (want.minimum_expiry_date && r.lot.expiry < *want.minimum_expiry_date) continue;
      order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return rows_[a].row.lot.expiry < rows_[b].row.lot.expiry; });
    int missing = want.quantity;
    for (size_t i : order) {
      if (missing == 0) break;
      StockRow& r = rows_[i].row;
      int n = std::min(missing, r.quantity);
      r.quantity -= n;
      missing -= n;
      lines.push_back(PickLine{static_cast<int>(c), r.lot.drug, rows_[i].gtin, r.lot.lot, r.lot.expiry, r.location, n,
                               rows_[i].fridge});
    }
  }
  return lines;
}

const RobotStockRow* RobotStock::row_of(const PickLine& line) const {
  for (const RobotStockRow& r : rows_) {
    if (r.row.location == line.location && r.row.lot.lot == line.lot && r.row.lot.drug == line.drug) return &r;
  }
  return nullptr;
}

void RobotStock::put_back(const PickLine& line, int packs) {
  for (RobotStockRow& r : rows_) {
    if (r.row.location == line.location && r.row.lot.lot == line.lot && r.row.lot.drug == line.drug) {
      r.row.quantity += packs;
      return;
    }
  }
}

std::vector<wwks::Article> RobotStock::articles(const std::vector<wwks::StockInfoCriteria>& criteria,
                                                bool include_packs) const {
  std::map<std::string, wwks::Article> by_drug;
  for (size_t i = 0; i < rows_.size(); ++i) {
    const RobotStockRow& r = rows_[i];
    if (r.row.quantity <= 0) continue;
    if (!criteria.empty() && std::none_of(criteria.begin(), criteria.end(),
                                          [&](const wwks::StockInfoCriteria& c) { return matches(r, c); })) {
      continue;
    }
    wwks::Article& a = by_drug[r.row.lot.drug.value()];
    a.id = r.row.lot.drug.value();
    a.name = r.name;
    a.quantity = a.quantity.value_or(0) + r.row.quantity;
    if (!include_packs) continue;
    for (int k = 0; k < r.row.quantity; ++k) {
      wwks::Pack p;
      p.id = static_cast<int64_t>(i + 1) * kPackIdsPerRow + k + 1;
      p.batch_number = r.row.lot.lot.value();
      p.expiry_date = r.row.lot.expiry;
      p.depth = r.depth_mm;
      p.width = r.width_mm;
      p.height = r.height_mm;
      p.is_in_fridge = r.fridge;
      p.state = (r.row.quarantined || r.row.blocked) ? wwks::PackState::kNotAvailable : wwks::PackState::kAvailable;
      a.packs.push_back(std::move(p));
    }
  }
  std::vector<wwks::Article> out;
  for (auto& [code, article] : by_drug) out.push_back(std::move(article));
  return out;
}

int RobotStock::total_packs() const {
  return std::accumulate(rows_.begin(), rows_.end(), 0,
                         [](int sum, const RobotStockRow& r) { return sum + r.row.quantity; });
}

}  // namespace rx
