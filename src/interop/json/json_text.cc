#include "interop/json/json_text.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstring>

namespace rx {
namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The bytes JsonText copies as they are: 0x20 to 0x7F but '"' and '\\'.
constexpr std::array<bool, 256> kPlainByte = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// True if none of the 8 bytes of `w` is below 0x20, 0x80 or above, '"' or
// '\\': bytes that JsonText copies as they are (SWAR, one test per word).
bool plain_word(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return ((w & kHigh) | below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) == 0;
}

// The length of the well-formed UTF-8 sequence that starts at s[i], a byte of
// 0x80 or more, or 0 if there is none (The Unicode Standard, table 3-7:
// no overlong forms, no surrogates, nothing above U+10FFFF). This is what
// nlohmann's dump() accepts.
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  if (c >= 0xC2 && c <= 0xDF) return continuation(at(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;
    return at(1) >= lo && at(1) <= hi && continuation(at(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    return at(1) >= lo && at(1) <= hi && continuation(at(2)) && continuation(at(3)) ? 4 : 0;
  }
  return 0;
}

}  // namespace

void JsonText::append_string(std::string_view s) {
  // Most text has nothing to escape or check: its plain start is found first,
  // and text that is plain throughout is copied at once.
  size_t i = 0;
  for (uint64_t word; i + sizeof word <= s.size(); i += sizeof word) {
    std::memcpy(&word, s.data() + i, sizeof word);
    if (!plain_word(word)) break;
  }
  while (i < s.size() && kPlainByte[static_cast<unsigned char>(s[i])]) ++i;
  const size_t start = out_.size();
  out_ += '"';
  if (i == s.size()) {
    out_.append(s);
    out_ += '"';
    return;
  }
  size_t copied = 0;  // s[0, copied) is in out_ already
  while (i < s.size()) {
    uint64_t word;
    if (i + sizeof word <= s.size()) {
      std::memcpy(&word, s.data() + i, sizeof word);
      if (plain_word(word)) {
        i += sizeof word;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = utf8_sequence(s, i);
      if (n == 0) {
        // Not UTF-8: nlohmann throws, as the tree's dump() would.
        out_.resize(start);
        out_ += nlohmann::json(std::string(s)).dump();
        return;
      }
      i += n;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out_.append(s.data() + copied, i - copied);
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: out_ += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    }
    copied = ++i;
  }
  out_.append(s.data() + copied, s.size() - copied);
  out_ += '"';
}

}  // namespace rx
