#include "interop/csv/csv_table.h"

#include <fmt/format.h>

#include <cassert>
#include <charconv>

namespace rx {
namespace {

// What was found, short enough for one log line.
std::string quoted_excerpt(std::string_view s) {
  constexpr size_t kMax = 60;
  if (s.size() <= kMax) return fmt::format("'{}'", s);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return fmt::format("'{}…'", s.substr(0, cut));
}

}  // namespace

Result<CsvTable> CsvTable::read(std::string_view text, std::string_view file_name,
                                const std::vector<std::string_view>& columns) {
  auto rows = TRY(read_csv(text, file_name));
  CsvTable table;
  table.file_name_ = std::string(file_name);
  if (rows.empty()) return Status::invalid(fmt::format("{}: empty file, expected a header row", file_name));
  const CsvRow& header = rows.front();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& name = header.fields[i];
    auto located = [&](std::string_view reason) {
      return Status::invalid(
          fmt::format("{}:{}:{}: {} {}", file_name, header.line, i + 1, reason, quoted_excerpt(name)));
    };
    bool expected = false;
    for (auto c : columns) expected = expected || c == name;
    if (!expected) return located("unexpected column");
    if (!table.index_.emplace(name, i).second) return located("duplicate column");
  }
  for (auto c : columns) {
    if (table.index_.find(c) == table.index_.end()) {
      return Status::invalid(fmt::format("{}:{}: missing column '{}'", file_name, header.line, c));
    }
  }
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].fields.size() != header.fields.size()) {
      return Status::invalid(fmt::format("{}:{}: expected {} fields, found {}", file_name, rows[r].line,
                                         header.fields.size(), rows[r].fields.size()));
    }
    table.rows_.push_back(std::move(rows[r]));
  }
  return table;
}

size_t CsvTable::index(std::string_view column) const {
  auto it = index_.find(column);
  assert(it != index_.end());
  return it->second;
}

const std::string& CsvTable::text(const CsvRow& row, std::string_view column) const {
  return row.fields[index(column)];
}

Status CsvTable::error(const CsvRow& row, std::string_view column, std::string_view reason) const {
  return Status::invalid(fmt::format("{}:{}:{} ({}): {}", file_name_, row.line, index(column) + 1, column, reason));
}

Status CsvTable::bad_value(const CsvRow& row, std::string_view column, std::string_view expected) const {
  return error(row, column, fmt::format("{}, found {}", expected, quoted_excerpt(text(row, column))));
}

Result<std::string> CsvTable::non_empty(const CsvRow& row, std::string_view column) const {
  const std::string& s = text(row, column);
  if (s.empty()) return error(row, column, "must not be empty");
  return s;
}

Result<int> CsvTable::positive_int(const CsvRow& row, std::string_view column, int max) const {
  const std::string& s = text(row, column);
  int value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value < 1 || value > max) {
    return bad_value(row, column, fmt::format("expected a whole number from 1 to {}", max));
  }
  return value;
}

Result<bool> CsvTable::boolean(const CsvRow& row, std::string_view column) const {
  const std::string& s = text(row, column);
  if (s == "true") return true;
  if (s == "false") return false;
  return bad_value(row, column, "expected true or false");
}

Result<Date> CsvTable::date(const CsvRow& row, std::string_view column) const {
  const std::string& s = text(row, column);
  auto d = parse_date(s);
  if (s.size() != 10 || !d.ok()) return bad_value(row, column, "expected a date YYYY-MM-DD");
  return *d;
}

}  // namespace rx
