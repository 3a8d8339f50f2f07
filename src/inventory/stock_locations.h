// StockLocations: how many packs each stock location holds, and where packs
// go that have no place in a machine (the reserve store, 二级库).
//
// Location codes (machine-model.md): C-SS-CC channel, R-L-xxxx pick robot,
// S-RR-BB smart shelf (S-10-* the locked cabinet for controlled drugs),
// F-RR-BB fridge, and B-<nn> the reserve store, which no machine serves and
// which holds any number of packs.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/drug.h"
#include "core/stock.h"

namespace rx {

struct StockLocations {
  // Packs a location holds, where the pharmacy knows its own figure; it wins
  // over the defaults below.
  std::map<std::string, int, std::less<>> capacity;
  // A channel without a figure holds floor(channel_depth_mm / box depth)
  // boxes, clamped to min..max_channel_boxes (the reference machine's rule).
  int channel_depth_mm = 1000;
  int min_channel_boxes = 6;
  int max_channel_boxes = 20;
  // The channel machine's channels C-01-01 .. C-<channel_shelves>-<channels_per_shelf>
  // (the reference machine's 10 x 60): stock-in may propose an empty one.
  int channel_shelves = 10;
  int channels_per_shelf = 60;
  // Robot positions, shelf bins and fridge bins without a figure: the demo
  // stock keeps at most 118 packs at one such location.
  int robot_packs = 120;
  int shelf_packs = 120;
  int fridge_packs = 120;
  // Where a delivery's packs are received, and where stock-in puts packs no
  // machine location can take.
  LocationCode reserve{"B-01"};

  // Packs of `drug` that `location` holds; nullopt for the reserve store,
  // which is unlimited.
  std::optional<int> packs(const LocationCode& location, const Drug& drug) const;
  // Every location named here: those with a figure, the machine's channels
  // and the reserve location, in code order.
  std::vector<LocationCode> known() const;
};

// True for a reserve-store location "B-<nn>".
bool is_reserve_location(const LocationCode& location);

// Why `code` is not a stock location code (C-SS-CC, R-L-xxxx, S-RR-BB,
// F-RR-BB or B-nn), or nullopt when it is one.
std::optional<std::string> location_code_problem(std::string_view code);

}  // namespace rx
