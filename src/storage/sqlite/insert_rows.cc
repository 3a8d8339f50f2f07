#include "storage/sqlite/insert_rows.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace rx {
namespace {

// "INSERT INTO table(columns) VALUES (?, …), …" for `rows` rows.
std::string insert_sql(std::string_view table, std::string_view columns, int count, size_t rows) {
  std::string row = "(";
  for (int c = 0; c < count; ++c) row += c == 0 ? "?" : ", ?";
  row += ")";
  std::string sql = fmt::format("INSERT INTO {}({}) VALUES ", table, columns);
  for (size_t r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    sql += row;
  }
  return sql;
}

}  // namespace

Result<InsertRows> InsertRows::prepare(SqliteDb& db, std::string_view table, std::string_view columns) {
  const int count = 1 + static_cast<int>(std::count(columns.begin(), columns.end(), ','));
  auto one = TRY(db.prepare(insert_sql(table, columns, count, 1)));
  auto narrow = TRY(db.prepare(insert_sql(table, columns, count, kNarrow)));
  auto wide = TRY(db.prepare(insert_sql(table, columns, count, kWide)));
  return InsertRows(std::move(one), std::move(narrow), std::move(wide), count);
}

}  // namespace rx
