// PackCodeSource: the codes a simulated device's scanner reads off the packs
// it puts out. Serials come from a per-device counter, so they are unique per
// device and the same in every run.
#pragma once

#include <cstdint>
#include <string>

#include "devices/device.h"

namespace rx {

class PackCodeSource {
 public:
  // `device_name` prefixes every serial ("C" gives "C000000000001").
  explicit PackCodeSource(std::string device_name) : prefix_(std::move(device_name)) {}
  // The GS1 element string of the next pack of `line`: its GTIN, expiry and lot, and a new serial.
  std::string next(const PickLine& line);

 private:
  std::string prefix_;
  uint64_t issued_ = 0;
};

}  // namespace rx
