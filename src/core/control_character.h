// The first control character in a text that no name, id, note or scanned
// code holds: a NUL would cut an id short wherever it is handled as C text,
// and an escape or a bell would reach the logs as it is. Tabs and line breaks
// are text, and the group separator (0x1D) is how a scanned GS1 code ends a
// variable-length field.
#pragma once

#include <optional>
#include <string_view>

namespace rx {

inline std::optional<unsigned char> control_character(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    bool control = u < 0x20 || u == 0x7f;
    if (control && u != '\t' && u != '\n' && u != '\r' && u != 0x1d) return u;
  }
  return std::nullopt;
}

}  // namespace rx
