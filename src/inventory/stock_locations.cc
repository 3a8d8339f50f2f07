#include "inventory/stock_locations.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace rx {

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

}  // namespace rx
