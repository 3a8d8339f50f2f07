#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/shipped_data.h"
#include "interop/json/bounded_json.h"
#include "interop/json/prescription_json.h"
#include "review/review.h"

namespace rx::cli {

int run_review(const std::filesystem::path& file) {
  auto text = read_file(file, 16u << 20);
  if (!text.ok()) {
    fmt::print(stderr, "rxpress review: {}\n", text.status().message());
    return 2;
  }
  Zone zone = Zone::shanghai();
  Instant now = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  auto data = load_shipped_data(zone.local_date(now));
  if (!data.ok()) {
    fmt::print(stderr, "rxpress review: {}\n", data.status().message());
    return 2;
  }
  auto json = parse_json_bounded(*text);
  if (!json.ok()) {
    fmt::print(stderr, "rxpress review: {} is not a supported prescription format: {}\n", file.string(),
               json.status().message());
    return 2;
  }
  auto rx = prescription_from_json(*json, zone, now);
  if (!rx.ok()) {
    fmt::print(stderr, "rxpress review: {} is not a canonical prescription: {}\n", file.string(),
               rx.status().to_string());
    return 2;
  }
  for (auto& item : rx->items) {
    if (const Drug* d = data->formulary.resolve(item.drug.value())) item.drug = d->code;
  }
  auto findings = review_prescription(*rx, data->formulary, ReviewContext{now, zone});
  nlohmann::json out = {{"findings", nlohmann::json::array()}};
  for (const auto& f : findings) out["findings"].push_back(finding_to_json(f));
  std::cout << out.dump() << "\n";
  return has_block(findings) ? 1 : 0;
}

}  // namespace rx::cli
