#include "devices/sim/pack_code_source.h"

#include <fmt/format.h>

#include "interop/gs1/pack_code.h"

namespace rx {

std::string PackCodeSource::next(std::string_view gtin, Date expiry, std::string_view lot) {
  std::string serial = fmt::format("{}{:012d}", prefix_, ++issued_);
  return gs1_element_string(gtin, expiry, lot, serial);
}

uint64_t PackCodeSource::number_of(std::string_view serial) const {
  if (serial.size() != prefix_.size() + 12 || serial.substr(0, prefix_.size()) != prefix_) return 0;
  uint64_t n = 0;
  for (char c : serial.substr(prefix_.size())) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

}  // namespace rx
