// RFC 4180 CSV: rows of fields, each row with the line it starts on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace rx {

struct CsvRow {
  int line = 0;                     // 1-based line on which the row starts
  std::vector<std::string> fields;  // field i is column i + 1
};

// Splits `text` into rows: fields separated by commas, rows ended by LF or
// CRLF; a double-quoted field may hold commas, line breaks and doubled quotes.
// A leading UTF-8 byte order mark (as Excel writes) is skipped, and so are
// empty lines. Errors read "<file_name>:<line>:<column>: <reason>".
Result<std::vector<CsvRow>> read_csv(std::string_view text, std::string_view file_name);

}  // namespace rx
