// A supplier's delivery file: CSV with the header gtin, lot, expiry, quantity
// (any order), one row per lot delivered.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace rx {

inline constexpr size_t kMaxDeliveryBytes = 1 << 20;
inline constexpr size_t kMaxDeliveryRows = 10'000;
inline constexpr int kMaxDeliveryPacksPerRow = 100'000;

// One data row as read. `row` counts data rows from 1 (the header is row 0);
// `line` is the file line it starts on.
struct DeliveryRow {
  int row = 0;
  int line = 0;
  std::string gtin;  // GTIN-14: shorter GTINs are padded with leading zeros
  std::string lot;
  Date expiry{};
  int quantity = 0;
};

// Why one field of one row is refused. `code` is BAD_VALUE for a malformed
// field, or the stock-in refusal (UNKNOWN_GTIN, EXPIRED, …) for a valid one.
struct DeliveryProblem {
  int row = 0;
  int line = 0;
  std::string column;
  std::string code;
  std::string message;
};

struct DeliveryFile {
  std::vector<DeliveryRow> lines;        // the rows whose every field is well formed
  std::vector<DeliveryProblem> problems;  // every malformed field, by row then column
};

// Reads the file. The whole file is refused (invalid_argument, with the line)
// when it is larger than kMaxDeliveryBytes, is not CSV, lacks the header, has
// a row of another width, or has more than kMaxDeliveryRows data rows or none;
// a malformed field is one problem of its row, and reading goes on.
Result<DeliveryFile> read_delivery_csv(std::string_view text, std::string_view file_name);

}  // namespace rx
