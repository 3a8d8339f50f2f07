#include "interop/csv/delivery_csv.h"

#include <fmt/format.h>

#include "interop/csv/csv_table.h"
#include "interop/gs1/pack_code.h"

namespace rx {
namespace {

const std::vector<std::string_view> kColumns = {"gtin", "lot", "expiry", "quantity"};

constexpr size_t kMaxLotLength = 20;  // GS1 AI (10)
constexpr std::string_view kBadValue = "BAD_VALUE";

// GS1 AI (10) takes the characters of GS1's "CSET 82".
bool cset82(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!\"%&'()*+,-./:;<=>?_").find(c) != std::string_view::npos;
}

bool all_digits(std::string_view s) { return s.find_first_not_of("0123456789") == std::string_view::npos; }

}  // namespace

Result<DeliveryFile> read_delivery_csv(std::string_view text, std::string_view file_name) {
  if (text.size() > kMaxDeliveryBytes) {
    return Status::invalid(
        fmt::format("{}: the file has {} bytes; at most {} are taken", file_name, text.size(), kMaxDeliveryBytes));
  }
  auto table = TRY(CsvTable::read(text, file_name, kColumns));
  if (table.rows().empty()) return Status::invalid(fmt::format("{}: no rows below the header", file_name));
  if (table.rows().size() > kMaxDeliveryRows) {
    return Status::invalid(fmt::format("{}: {} rows; at most {} are taken in one delivery", file_name,
                                       table.rows().size(), kMaxDeliveryRows));
  }
  DeliveryFile out;
  int row_no = 0;
  for (const CsvRow& row : table.rows()) {
    ++row_no;
    size_t problems_before = out.problems.size();
    auto problem = [&](std::string_view column, const Status& why) {
      out.problems.push_back(DeliveryProblem{row_no, row.line, std::string(column), std::string(kBadValue),
                                             why.message()});
    };
    DeliveryRow line;
    line.row = row_no;
    line.line = row.line;

    const std::string& gtin = table.text(row, "gtin");
    bool gtin_length = gtin.size() == 8 || gtin.size() == 12 || gtin.size() == 13 || gtin.size() == 14;
    if (!all_digits(gtin) || !gtin_length) {
      problem("gtin", table.bad_value(row, "gtin", "expected a GTIN of 8, 12, 13 or 14 digits"));
    } else if (!gtin_check_digit_ok(gtin)) {
      problem("gtin", table.bad_value(row, "gtin", "expected a GTIN whose last digit is its GS1 check digit"));
    } else {
      line.gtin = std::string(14 - gtin.size(), '0') + gtin;
    }

    const std::string& lot = table.text(row, "lot");
    bool lot_chars = true;
    for (char c : lot) lot_chars = lot_chars && cset82(c);
    if (lot.empty() || lot.size() > kMaxLotLength || !lot_chars) {
      problem("lot", table.bad_value(row, "lot", "expected a lot of 1 to 20 characters of GS1 AI (10)"));
    } else {
      line.lot = lot;
    }

    if (auto expiry = table.date(row, "expiry"); expiry.ok()) {
      line.expiry = *expiry;
    } else {
      problem("expiry", expiry.status());
    }
    if (auto quantity = table.positive_int(row, "quantity", kMaxDeliveryPacksPerRow); quantity.ok()) {
      line.quantity = *quantity;
    } else {
      problem("quantity", quantity.status());
    }
    if (out.problems.size() == problems_before) out.lines.push_back(std::move(line));
  }
  return out;
}

}  // namespace rx
