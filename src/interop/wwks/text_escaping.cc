#include "interop/wwks/text_escaping.h"

#include <fmt/format.h>

namespace rx::wwks {
namespace {

// Characters outside XML 1.0's Char production: they cannot appear in a
// document even as character references.
bool is_forbidden_control(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string escape_attribute(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (is_forbidden_control(c)) {
          out += fmt::format("\\x{:02X}", c);
        } else {
          out += ch;
        }
    }
  }
  return out;
}

std::string decode_control_escapes(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 3 < value.size() && value[i + 1] == 'x') {
      int hi = hex_value(value[i + 2]);
      int lo = hex_value(value[i + 3]);
      if (hi >= 0 && lo >= 0 && is_forbidden_control(static_cast<unsigned char>(hi * 16 + lo))) {
        out += static_cast<char>(hi * 16 + lo);
        i += 3;
        continue;
      }
    }
    out += value[i];
  }
  return out;
}

std::string cdata_sections(std::string_view content) {
  std::string out = "<![CDATA[";
  size_t from = 0;
  for (size_t at = content.find("]]>"); at != std::string_view::npos; at = content.find("]]>", from)) {
    // End the section between "]]" and ">" and open the next one there.
    out.append(content.substr(from, at + 2 - from));
    out += "]]><![CDATA[";
    from = at + 2;
  }
  out.append(content.substr(from));
  out += "]]>";
  return out;
}

}  // namespace rx::wwks
