#include "inventory/robot_placement.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace rx {
namespace {

// A place whose packs have no known size still takes this much of the aisle.
constexpr int kUnknownFootprintMm = 100;

int clear_height_mm(const RobotShelf& shelf) { return shelf.level_pitch_mm - shelf.board_mm; }

double reach_s(int level, int x_mm, const RobotShelf& shelf) {
  return std::max(x_mm / 1000.0 / shelf.horizontal_m_per_s,
                  (level - 1) * shelf.level_pitch_mm / 1000.0 / shelf.vertical_m_per_s);
}

std::string place_name(int level, int x_cm) { return fmt::format("R-{}-{:04d}", level, x_cm); }

}  // namespace

std::optional<int> robot_footprint_mm(const PackSize& size, const RobotShelf& shelf) {
  if (size.width_mm <= 0 || size.height_mm <= 0 || size.depth_mm <= 0) return std::nullopt;
  if (size.depth_mm > shelf.shelf_depth_mm) return std::nullopt;
  const int clear = clear_height_mm(shelf);
  if (size.height_mm <= clear) return size.width_mm + shelf.gap_mm;
  if (size.width_mm <= clear) return size.height_mm + shelf.gap_mm;
  return std::nullopt;
}

int robot_place_packs(const PackSize& size, const RobotShelf& shelf) {
  if (size.depth_mm <= 0) return 1;
  return std::max(1, shelf.shelf_depth_mm / size.depth_mm);
}

std::optional<std::pair<int, int>> robot_location_parts(const LocationCode& location) {
  const std::string& v = location.value();
  if (v.size() < 8 || v[0] != 'R' || v[1] != '-') return std::nullopt;
  size_t dash = v.find('-', 2);
  if (dash == std::string::npos || dash == 2 || v.size() - dash - 1 != 4) return std::nullopt;
  int level = 0;
  for (size_t i = 2; i < dash; ++i) {
    if (v[i] < '0' || v[i] > '9') return std::nullopt;
    level = level * 10 + (v[i] - '0');
  }
  int x = 0;
  for (size_t i = dash + 1; i < v.size(); ++i) {
    if (v[i] < '0' || v[i] > '9') return std::nullopt;
    x = x * 10 + (v[i] - '0');
  }
  return std::pair{level, x};
}

Result<LocationCode> choose_robot_place(const PackSize& size, const std::string& holds,
                                        const std::vector<RobotPlaceUse>& uses, const RobotShelf& shelf) {
  std::optional<int> footprint = robot_footprint_mm(size, shelf);
  if (!footprint) {
    return Status::invalid(
        fmt::format("expected a pack that fits a robot level ({} mm clear, {} mm deep), found "
                    "{} x {} x {} mm (width x height x depth)",
                    clear_height_mm(shelf), shelf.shelf_depth_mm, size.width_mm, size.height_mm, size.depth_mm),
        "size");
  }
  // Behind packs of the same lot, if the place is deep enough for one more.
  const RobotPlaceUse* behind = nullptr;
  for (const RobotPlaceUse& u : uses) {
    auto parts = robot_location_parts(u.location);
    if (!parts || u.holds != holds || u.packs <= 0) continue;
    if (u.packs >= robot_place_packs(u.size, shelf)) continue;
    if (behind == nullptr) {
      behind = &u;
      continue;
    }
    auto best = *robot_location_parts(behind->location);
    if (reach_s(parts->first, parts->second * 10, shelf) < reach_s(best.first, best.second * 10, shelf)) behind = &u;
  }
  if (behind) return behind->location;

  // Occupied stretches per level, [start, end) in mm.
  std::map<int, std::vector<std::pair<int, int>>> taken;
  for (const RobotPlaceUse& u : uses) {
    auto parts = robot_location_parts(u.location);
    if (!parts) continue;
    int start = parts->second * 10;
    int length = robot_footprint_mm(u.size, shelf).value_or(kUnknownFootprintMm);
    taken[parts->first].push_back({start, start + length});
  }
  struct Candidate {
    int slack;
    double reach;
    int level;
    int x_cm;
  };
  std::optional<Candidate> best;
  const int aisle_mm = shelf.aisle_cm * 10;
  for (int level = 1; level <= shelf.levels; ++level) {
    auto& stretches = taken[level];
    std::sort(stretches.begin(), stretches.end());
    int free_from = 0;
    auto consider = [&](int gap_start, int gap_end) {
      int x_cm = (gap_start + 9) / 10;  // places start on whole centimetres
      int start = x_cm * 10;
      if (start + *footprint > gap_end) return;
      Candidate c{gap_end - start - *footprint, reach_s(level, start, shelf), level, x_cm};
      if (!best || c.slack < best->slack || (c.slack == best->slack && c.reach < best->reach)) best = c;
    };
    for (const auto& [start, end] : stretches) {
      if (start > free_from) consider(free_from, start);
      free_from = std::max(free_from, end);
    }
    if (free_from < aisle_mm) consider(free_from, aisle_mm);
  }
  if (!best) {
    return Status::not_found(fmt::format("no free stretch of {} mm on any robot level", *footprint));
  }
  return LocationCode(place_name(best->level, best->x_cm));
}

}  // namespace rx
