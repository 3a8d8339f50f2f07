// StockLoad: packs of one lot put at one location of a simulated device.
#pragma once

#include <string>

#include "core/stock.h"

namespace rx {

struct StockLoad {
  LocationCode location;
  Lot lot;
  std::string gtin;       // the GTIN-14 printed on the packs
  int packs = 0;
  int pack_depth_mm = 0;  // the channel machine's box depth (Drug::pack_d_mm), which sets a channel's capacity
};

}  // namespace rx
