// How many characters a UTF-8 text holds: its code points, not its bytes, so
// that a limit of N characters allows as much Chinese as English.
#pragma once

#include <cstddef>
#include <string_view>

namespace rx {

inline size_t utf8_length(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace rx
