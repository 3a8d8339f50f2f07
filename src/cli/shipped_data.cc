#include "cli/shipped_data.h"

#include <cerrno>
#include <fstream>
#include <system_error>
#include <sstream>

#include <fmt/format.h>

#include "interop/csv/formulary_csv.h"
#include "interop/csv/stock_csv.h"

namespace rx::cli {

Result<std::filesystem::path> share_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return Status::internal("cannot find the rxpress executable: " + ec.message());
  for (const auto& candidate : {exe.parent_path() / "share" / "rxpress", exe.parent_path().parent_path() / "share" / "rxpress"}) {
    if (std::filesystem::is_regular_file(candidate / "data" / "formulary.csv", ec)) return candidate;
  }
  return Status::internal(fmt::format("shipped data not found next to {} (expected share/rxpress/data/formulary.csv)",
                                      exe.string()));
}

Result<std::string> read_file(const std::filesystem::path& path, size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::invalid(fmt::format("cannot read {}: it is a directory, not a file", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int error = errno;
    return Status::invalid(fmt::format("cannot read {}: {}", path.string(), std::generic_category().message(error)));
  }
  auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes) {
    return Status::invalid(fmt::format("{} is larger than {} bytes", path.string(), max_bytes));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<ShippedData> load_shipped_data(Date today) {
  auto dir = TRY(share_dir());
  ShippedData data;
  data.web_root = dir / "web";
  auto formulary_text = TRY(read_file(dir / "data" / "formulary.csv"));
  data.formulary = TRY(load_formulary_csv(formulary_text, "formulary.csv"));
  auto stock_text = TRY(read_file(dir / "data" / "stock.csv"));
  auto rows = TRY(load_stock_csv(stock_text, "stock.csv", data.formulary));
  data.stock = rebase_expiries(std::move(rows), kDemoDataToday, today);
  return data;
}

}  // namespace rx::cli
