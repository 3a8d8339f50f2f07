// A CSV file whose header row names its columns, read by column name, with
// errors that say where: "<file>:<line>:<column> (<name>): <reason>".
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "interop/csv/csv_reader.h"

namespace rx {

class CsvTable {
 public:
  // Reads `text`; its header must name each of `columns` exactly once, in any
  // order, and nothing else, and every row must have as many fields.
  static Result<CsvTable> read(std::string_view text, std::string_view file_name,
                               const std::vector<std::string_view>& columns);

  const std::string& file_name() const { return file_name_; }
  // The data rows, header excluded.
  const std::vector<CsvRow>& rows() const { return rows_; }
  // The raw field of `column`, which must be one of the expected columns.
  const std::string& text(const CsvRow& row, std::string_view column) const;
  // "<file>:<line>:<column> (<name>): <reason>"
  Status error(const CsvRow& row, std::string_view column, std::string_view reason) const;

  // Typed fields; errors are located as error() does and quote what was found.
  Result<std::string> non_empty(const CsvRow& row, std::string_view column) const;
  // A decimal integer from 1 to max.
  Result<int> positive_int(const CsvRow& row, std::string_view column, int max) const;
  // Exactly "true" or "false".
  Result<bool> boolean(const CsvRow& row, std::string_view column) const;
  // YYYY-MM-DD.
  Result<Date> date(const CsvRow& row, std::string_view column) const;
  // `expected` describes the accepted values ("expected true or false").
  Status bad_value(const CsvRow& row, std::string_view column, std::string_view expected) const;

 private:
  size_t index(std::string_view column) const;

  std::string file_name_;
  std::map<std::string, size_t, std::less<>> index_;
  std::vector<CsvRow> rows_;
};

}  // namespace rx
