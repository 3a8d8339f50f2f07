#include "interop/hl7v2/escaping.h"

#include <optional>

namespace rx::hl7 {
namespace {

std::optional<int> hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return std::nullopt;
}

// Appends what the sequence between two escape characters stands for; false
// when it is not one this codec decodes.
bool decode_sequence(std::string_view body, const EncodingCharacters& enc, std::string& out) {
  if (body.size() == 1) {
    switch (body[0]) {
      case 'F': out += enc.field; return true;
      case 'S': out += enc.component; return true;
      case 'T': out += enc.subcomponent; return true;
      case 'R': out += enc.repetition; return true;
      case 'E': out += enc.escape; return true;
      case 'P':
        if (!enc.truncation) return false;
        out += *enc.truncation;
        return true;
      default: return false;
    }
  }
  if (body == ".br") {
    out += '\n';
    return true;
  }
  if (body.size() >= 3 && body[0] == 'X' && body.size() % 2 == 1) {
    std::string bytes;
    for (size_t i = 1; i < body.size(); i += 2) {
      auto hi = hex_digit(body[i]);
      auto lo = hex_digit(body[i + 1]);
      if (!hi || !lo) return false;
      bytes += static_cast<char>(*hi * 16 + *lo);
    }
    out += bytes;
    return true;
  }
  return false;
}

// What stands between two escape characters for a character that cannot be
// written as itself; empty for any other character.
std::string_view escape_body(char c, const EncodingCharacters& enc) {
  if (c == enc.field) return "F";
  if (c == enc.component) return "S";
  if (c == enc.subcomponent) return "T";
  if (c == enc.repetition) return "R";
  if (c == enc.escape) return "E";
  if (enc.truncation && c == *enc.truncation) return "P";
  if (c == '\n') return ".br";
  if (c == '\r') return "X0D";
  return {};
}

}  // namespace

std::string decode_escapes(std::string_view raw, const EncodingCharacters& enc) {
  if (raw.find(enc.escape) == std::string_view::npos) return std::string(raw);
  std::string out;
  out.reserve(raw.size());
  size_t i = 0;
  while (i < raw.size()) {
    if (raw[i] != enc.escape) {
      out += raw[i++];
      continue;
    }
    size_t close = raw.find(enc.escape, i + 1);
    if (close == std::string_view::npos) {
      out.append(raw.substr(i));
      break;
    }
    if (!decode_sequence(raw.substr(i + 1, close - i - 1), enc, out)) out.append(raw.substr(i, close - i + 1));
    i = close + 1;
  }
  return out;
}

std::string encode_escapes(std::string_view text, const EncodingCharacters& enc) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text, enc);
  return out;
}

void append_escaped(std::string& out, std::string_view text, const EncodingCharacters& enc) {
  // Runs of plain characters are appended whole: most text has no delimiter.
  size_t plain = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    std::string_view body = escape_body(text[i], enc);
    if (body.empty()) continue;
    out.append(text.substr(plain, i - plain));
    out += enc.escape;
    out += body;
    out += enc.escape;
    plain = i + 1;
  }
  out.append(text.substr(plain));
}

}  // namespace rx::hl7
