// A small robot for the WWKS tests: two drugs in four rows at R locations,
// one row elsewhere, and the builders of the requests the tests send.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/drug.h"
#include "core/stock.h"
#include "interop/wwks/messages.h"

namespace rx::test {

inline const Instant kWwksStart = std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + std::chrono::hours(1);

inline Formulary wwks_formulary() {
  Drug a;
  a.code = DrugCode("D0002");
  a.name_en = "Amlodipine 5 mg";
  a.gtin = "06901234567892";
  a.pack_w_mm = 60;
  a.pack_h_mm = 20;
  a.pack_d_mm = 100;
  Drug b;
  b.code = DrugCode("D0007");
  b.name_en = "Insulin glargine";
  b.gtin = "06909876543210";
  b.storage = Storage::kCold;
  return Formulary({a, b});
}

inline StockRow wwks_row(std::string drug, std::string lot, Date expiry, std::string location, int quantity) {
  return StockRow{Lot{DrugCode(std::move(drug)), LotNo(std::move(lot)), expiry}, LocationCode(std::move(location)),
                  quantity};
}

inline std::vector<StockRow> wwks_stock() {
  using std::chrono::year;
  return {
      wwks_row("D0002", "A-LATE", year{2028} / 6 / 30, "R-1-0050", 4),
      wwks_row("D0002", "A-EARLY", year{2027} / 3 / 31, "R-2-0120", 2),
      wwks_row("D0002", "A-CHANNEL", year{2026} / 12 / 31, "C-01-01", 9),
      wwks_row("D0007", "B-1", year{2027} / 1 / 31, "R-3-0300", 3),
  };
}

inline wwks::Header to_robot(std::string id) { return wwks::Header{std::move(id), 100, 999}; }

inline wwks::HelloRequest hello_request(std::string id = "1") {
  wwks::HelloRequest h;
  h.id = std::move(id);
  h.subscriber.id = 100;
  h.subscriber.type = wwks::SubscriberType::kIms;
  h.subscriber.manufacturer = "test";
  h.subscriber.product_info = "test client";
  h.subscriber.version_info = "1";
  return h;
}

inline wwks::OutputRequest output_request(std::string id, std::vector<wwks::OutputCriteria> criteria) {
  wwks::OutputRequest r;
  r.header = to_robot(std::move(id));
  r.details.output_destination = 3;
  r.criteria = std::move(criteria);
  return r;
}

inline wwks::OutputCriteria criterion(std::string article, int quantity) {
  wwks::OutputCriteria c;
  c.article_id = std::move(article);
  c.quantity = quantity;
  return c;
}

inline wwks::TaskInfoRequest task_info_request(std::string id, std::string task, bool details = true) {
  wwks::TaskInfoRequest r;
  r.header = to_robot(std::move(id));
  r.include_task_details = details;
  r.task = wwks::TaskRef{wwks::TaskType::kOutput, std::move(task)};
  return r;
}

// Packs in all articles of a message.
inline size_t pack_count(const std::vector<wwks::Article>& articles) {
  size_t n = 0;
  for (const auto& a : articles) n += a.packs.size();
  return n;
}

}  // namespace rx::test
