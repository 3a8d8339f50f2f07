#include "inventory/stock_locations.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace rx {
namespace {

std::optional<int> number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

bool in_range(std::optional<int> n, int lo, int hi) { return n && *n >= lo && *n <= hi; }

}  // namespace

std::optional<int> StockLocations::packs(const LocationCode& location, const Drug& drug) const {
  if (auto it = capacity.find(location.value()); it != capacity.end()) return it->second;
  switch (location_device(location)) {
    case 'C': {
      int boxes = drug.pack_d_mm > 0 ? channel_depth_mm / drug.pack_d_mm : max_channel_boxes;
      return std::clamp(boxes, min_channel_boxes, max_channel_boxes);
    }
    case 'R':
      return robot_packs;
    case 'S':
      return shelf_packs;
    case 'F':
      return fridge_packs;
    default:
      return std::nullopt;
  }
}

std::vector<LocationCode> StockLocations::known() const {
  std::set<std::string> codes;
  for (const auto& [code, packs] : capacity) codes.insert(code);
  for (int shelf = 1; shelf <= std::min(channel_shelves, 99); ++shelf) {
    for (int channel = 1; channel <= std::min(channels_per_shelf, 99); ++channel) {
      codes.insert(fmt::format("C-{:02d}-{:02d}", shelf, channel));
    }
  }
  codes.insert(reserve.value());
  std::vector<LocationCode> out;
  for (const auto& code : codes) out.emplace_back(code);
  return out;
}

bool is_reserve_location(const LocationCode& location) {
  const std::string& s = location.value();
  return s.size() == 4 && s[0] == 'B' && s[1] == '-' && in_range(number(s.substr(2)), 1, 99);
}

std::optional<std::string> location_code_problem(std::string_view s) {
  if (s.size() == 7 && s[1] == '-' && s[4] == '-') {
    auto a = number(s.substr(2, 2)), b = number(s.substr(5, 2));
    switch (s[0]) {
      case 'C':
        if (in_range(a, 1, 10) && in_range(b, 1, 60)) return std::nullopt;
        return "expected C-SS-CC with shelf SS 01-10 and channel CC 01-60";
      case 'S':
      case 'F':
        if (in_range(a, 1, 99) && in_range(b, 1, 99)) return std::nullopt;
        return std::string("expected ") + s[0] + "-RR-BB with rack RR and bin BB 01-99";
    }
  }
  if (s.size() == 8 && s[0] == 'R' && s[1] == '-' && s[3] == '-') {
    if (in_range(number(s.substr(2, 1)), 1, 8) && number(s.substr(4, 4))) return std::nullopt;
    return "expected R-L-xxxx with level L 1-8 and a 4-digit position";
  }
  if (is_reserve_location(LocationCode(std::string(s)))) return std::nullopt;
  if (s.size() >= 2 && s[0] == 'B' && s[1] == '-') return "expected B-nn with reserve-store number nn 01-99";
  return "expected C-SS-CC, R-L-xxxx, S-RR-BB, F-RR-BB or B-nn";
}

}  // namespace rx
