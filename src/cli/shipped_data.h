// The data rxpress ships (formulary, demo stock, web assets), found next to
// the binary so that `rxpress` works from any directory.
#pragma once

#include <filesystem>
#include <vector>

#include "core/drug.h"
#include "core/result.h"
#include "core/stock.h"

namespace rx::cli {

// <dir of the executable>/share/rxpress, or ../share/rxpress for an install
// under a prefix.
Result<std::filesystem::path> share_dir();

struct ShippedData {
  Formulary formulary;
  std::vector<StockRow> stock;  // expiries rebased onto `today`
  std::filesystem::path web_root;
};

// The data's own "today" (data/README.md): expiries are shifted by the
// difference between it and the real day.
inline constexpr std::chrono::year_month_day kDemoDataToday{std::chrono::year{2026}, std::chrono::month{12},
                                                            std::chrono::day{1}};

Result<ShippedData> load_shipped_data(Date today);
// Reads a whole file; the error names the path.
Result<std::string> read_file(const std::filesystem::path& path, size_t max_bytes = 64u << 20);

}  // namespace rx::cli
