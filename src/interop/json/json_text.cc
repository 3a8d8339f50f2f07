#include "interop/json/json_text.h"

#include <nlohmann/json.hpp>

namespace rx {

void JsonText::append_string(std::string_view s) {
  bool plain = true;
  bool ascii = true;
  for (unsigned char c : s) {
    if (c >= 0x80) ascii = false;
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) plain = false;
  }
  if (plain) {
    out_ += '"';
    out_ += s;
    out_ += '"';
    return;
  }
  if (!ascii) {
    // nlohmann checks the UTF-8 (and throws on a bad sequence, as the tree would).
    out_ += nlohmann::json(std::string(s)).dump();
    return;
  }
  out_ += '"';
  for (char c : s) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out_ += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out_ += c;
        }
    }
  }
  out_ += '"';
}

}  // namespace rx
