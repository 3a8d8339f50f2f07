#include "interop/json/json_text.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace rx {
namespace {

using nlohmann::json;

// The string written by JsonText, or nullopt if it threw as nlohmann does on
// text that is not UTF-8.
std::optional<std::string> text_of(const std::string& s) {
  std::string out = "[";
  JsonText w(out);
  try {
    w.string(s);
  } catch (const json::exception&) {
    EXPECT_EQ(out, "[") << "a string that throws leaves nothing behind";
    return std::nullopt;
  }
  return out.substr(1);
}

std::string hex(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += fmt::format("{:02x} ", c);
  return out;
}

std::optional<std::string> dump_of(const std::string& s) {
  try {
    return json(s).dump();
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

TEST(JsonText, EscapesAsTheTreesDump) {
  for (const std::string& s : std::vector<std::string>{"", "plain", "quote \" backslash \\ slash /", "\b\f\n\r\t", std::string("\0\x01\x1f\x7f", 4),
                              "王五 内分泌科", "mixed \"王\"\n\x02 end", "€𝄞 at the end: 五"}) {
    EXPECT_EQ(text_of(s), dump_of(s)) << s;
  }
}

// Each byte value at each place in text long enough to be read a word at a time.
TEST(JsonText, FindsEachByteToEscapeWhereverItIs) {
  for (int c = 0; c < 0x100; ++c) {
    for (size_t at = 0; at < 19; ++at) {
      std::string s(19, 'a');
      s[at] = static_cast<char>(c);
      ASSERT_EQ(text_of(s), dump_of(s)) << c << " at " << at;
      s += "王五 and some more plain text";
      ASSERT_EQ(text_of(s), dump_of(s)) << c << " at " << at;
    }
  }
}

// The same in text of every length up to a word and a half, as keys and
// short values are.
TEST(JsonText, FindsEachByteToEscapeInShortText) {
  for (size_t length = 1; length < 13; ++length) {
    for (int c = 0; c < 0x100; ++c) {
      for (size_t at = 0; at < length; ++at) {
        std::string s(length, 'k');
        s[at] = static_cast<char>(c);
        ASSERT_EQ(text_of(s), dump_of(s)) << c << " at " << at << " of " << length;
      }
    }
  }
}

// Every byte after every lead byte, and the edges of the three- and four-byte
// forms: JsonText throws exactly where the tree's dump() does, and otherwise
// writes the same text.
TEST(JsonText, AcceptsTheUtf8TheTreeAccepts) {
  std::vector<std::string> cases;
  for (int a = 0x80; a < 0x100; ++a) {
    cases.push_back(std::string(1, static_cast<char>(a)));
    for (int b = 0; b < 0x100; ++b) {
      cases.push_back(std::string{static_cast<char>(a), static_cast<char>(b)});
      cases.push_back(std::string{'x', static_cast<char>(a), static_cast<char>(b), static_cast<char>(0x80), 'y'});
      cases.push_back(std::string{static_cast<char>(a), static_cast<char>(b), static_cast<char>(0x80),
                                  static_cast<char>(0xBF)});
      cases.push_back(std::string{static_cast<char>(a), static_cast<char>(b), static_cast<char>(0xBF),
                                  static_cast<char>(0x41)});
      cases.push_back(std::string{static_cast<char>(a), static_cast<char>(b), static_cast<char>(0x80),
                                  static_cast<char>(0xC0)});
    }
  }
  int rejected = 0;
  for (const std::string& s : cases) {
    std::optional<std::string> expected = dump_of(s);
    if (!expected) ++rejected;
    ASSERT_EQ(text_of(s), expected) << hex(s);
  }
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace rx
