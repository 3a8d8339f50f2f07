#include "interop/csv/stock_csv.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "core/location_code.h"
#include "interop/csv/csv_table.h"

namespace rx {
namespace {

const std::vector<std::string_view> kColumns = {"code", "lot", "expiry", "quantity_packs", "location"};

constexpr int kMaxPacksPerRow = 100'000;
constexpr size_t kMaxLotLength = 20;  // GS1 AI (10)

bool lot_ok(std::string_view s) {
  if (s.empty() || s.size() > kMaxLotLength) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == '/';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<StockRow>> load_stock_csv(std::string_view text, std::string_view file_name,
                                             const Formulary& formulary) {
  auto table = TRY(CsvTable::read(text, file_name, kColumns));
  std::vector<StockRow> out;
  std::map<std::tuple<std::string, std::string, std::string>, int> placed_line;    // (code, lot, location)
  std::map<std::pair<std::string, std::string>, std::pair<Date, int>> lot_expiry;  // (code, lot) -> expiry, line
  for (const CsvRow& row : table.rows()) {
    StockRow s;
    const std::string& code = table.text(row, "code");
    if (formulary.find(DrugCode(code)) == nullptr) return table.bad_value(row, "code", "expected a formulary code");
    s.lot.drug = DrugCode(code);
    const std::string& lot = table.text(row, "lot");
    if (!lot_ok(lot)) {
      return table.bad_value(row, "lot", "expected 1 to 20 letters, digits, '-', '_', '.' or '/'");
    }
    s.lot.lot = LotNo(lot);
    s.lot.expiry = TRY(table.date(row, "expiry"));
    s.quantity = TRY(table.positive_int(row, "quantity_packs", kMaxPacksPerRow));
    const std::string& location = table.text(row, "location");
    if (auto problem = machine_location_problem(location)) return table.bad_value(row, "location", *problem);
    s.location = LocationCode(location);

    auto [placed, fresh] = placed_line.emplace(std::tuple(code, lot, location), row.line);
    if (!fresh) {
      return table.error(row, "location",
                         fmt::format("lot {} of {} is already at {} on line {}", lot, code, location, placed->second));
    }
    auto [known, first] = lot_expiry.emplace(std::pair(code, lot), std::pair(s.lot.expiry, row.line));
    if (!first && known->second.first != s.lot.expiry) {
      return table.error(
          row, "expiry",
          fmt::format("lot {} of {} expires {} here but {} on line {}", lot, code, format_date(s.lot.expiry),
                      format_date(known->second.first), known->second.second));
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<StockRow> rebase_expiries(std::vector<StockRow> rows, Date data_today, Date today) {
  int shift = days_between(data_today, today);
  for (auto& r : rows) r.lot.expiry = add_days(r.lot.expiry, shift);
  return rows;
}

}  // namespace rx
