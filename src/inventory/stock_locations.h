// StockLocations: how many packs each stock location holds, and where packs
// go that have no place in a machine (the reserve store, 二级库).
//
// Location codes are core/location_code.h's (S-10-* is the locked cabinet for
// controlled drugs); the reserve store B-<nn> holds any number of packs.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/drug.h"
#include "core/location_code.h"
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

}  // namespace rx
