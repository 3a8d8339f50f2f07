#include "devices/sim/pack_code_source.h"

#include <fmt/format.h>

#include "interop/gs1/pack_code.h"

namespace rx {

std::string PackCodeSource::next(const PickLine& line) {
  std::string serial = fmt::format("{}{:012d}", prefix_, ++issued_);
  return gs1_element_string(line.gtin, line.expiry, line.lot.value(), serial);
}

}  // namespace rx
