// PackCodeSource: the codes a simulated device's scanner reads off the packs
// it puts out. Serials come from a per-device counter, so they are unique per
// device and the same in every run.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <string>

#include "core/time.h"

namespace rx {

class PackCodeSource {
 public:
  // `device_name` prefixes every serial ("C" gives "C000000000001").
  explicit PackCodeSource(std::string device_name) : prefix_(std::move(device_name)) {}
  // The GS1 element string of the next pack: its GTIN, expiry and lot, and a new serial.
  std::string next(std::string_view gtin, Date expiry, std::string_view lot);
  // Serials continue after `issued`: a restarted simulator must not print a
  // serial it printed before.
  void continue_after(uint64_t issued) { issued_ = std::max(issued_, issued); }
  // The running number in a serial this source printed, or 0 if it is not one.
  uint64_t number_of(std::string_view serial) const;

 private:
  std::string prefix_;
  uint64_t issued_ = 0;
};

}  // namespace rx
