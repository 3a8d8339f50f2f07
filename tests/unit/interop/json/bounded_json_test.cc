#include "interop/json/bounded_json.h"

#include <gtest/gtest.h>

#include <string>

namespace rx {
namespace {

std::string nested_arrays(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(BoundedJson, ParsesAWellFormedDocument) {
  auto j = parse_json_bounded(R"({"a": [1, 2, {"b": "三"}], "c": null})");
  ASSERT_TRUE(j.ok()) << j.status().to_string();
  EXPECT_EQ((*j)["a"][2]["b"], "三");
  EXPECT_TRUE((*j)["c"].is_null());
}

TEST(BoundedJson, AcceptsNestingUpToTheLimit) {
  auto j = parse_json_bounded("[[[1]]]", 3);
  ASSERT_TRUE(j.ok()) << j.status().to_string();
  EXPECT_EQ((*j)[0][0][0], 1);
  EXPECT_TRUE(parse_json_bounded(nested_arrays(64)).ok());
}

TEST(BoundedJson, RefusesNestingBeyondTheLimitAtTheOpeningBracket) {
  auto j = parse_json_bounded("[[[1]]]", 2);
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(j.status().message(), "malformed JSON at byte offset 2: nesting deeper than 2 levels");
}

TEST(BoundedJson, CountsObjectsAsWellAsArrays) {
  std::string text = R"({"a": {"b": {"c": 1}}})";
  EXPECT_TRUE(parse_json_bounded(text, 3).ok());
  auto j = parse_json_bounded(text, 2);
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().message(), "malformed JSON at byte offset 12: nesting deeper than 2 levels");
}

TEST(BoundedJson, RefusesAHostileDepthWithoutExhaustingTheStack) {
  auto j = parse_json_bounded(nested_arrays(200'000));
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().message(), "malformed JSON at byte offset 64: nesting deeper than 64 levels");
}

TEST(BoundedJson, SaysWhereAndWhyMalformedInputFails) {
  auto bad_literal = parse_json_bounded(R"({"a": tru})");
  ASSERT_FALSE(bad_literal.ok());
  EXPECT_NE(bad_literal.status().message().find("malformed JSON at byte offset 9:"), std::string::npos)
      << bad_literal.status().message();
  EXPECT_NE(bad_literal.status().message().find("invalid literal"), std::string::npos);

  auto trailing = parse_json_bounded("{} x");
  ASSERT_FALSE(trailing.ok());
  EXPECT_NE(trailing.status().message().find("byte offset 3:"), std::string::npos) << trailing.status().message();

  auto empty = parse_json_bounded("");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("byte offset 0:"), std::string::npos) << empty.status().message();

  auto bad_utf8 = parse_json_bounded("\"\xff\"");
  ASSERT_FALSE(bad_utf8.ok());
  EXPECT_EQ(bad_utf8.status().code(), ErrorCode::kInvalidArgument);
}

TEST(BoundedJson, RefusesAControlCharacterInAStringOrAKey) {
  // {"patient_id": "P0\u000001"}: a NUL would cut the id short.
  auto nul = parse_json_bounded(R"({"patient_id": "P0\u000001"})");
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(nul.status().message().find("control character U+0000"), std::string::npos) << nul.status().message();
  auto escape = parse_json_bounded(R"([{"name": "x"}, {"n\u001bame": 1}])");
  ASSERT_FALSE(escape.ok());
  EXPECT_NE(escape.status().message().find("U+001B"), std::string::npos) << escape.status().message();
  // Tabs and line breaks are text, and a scanned GS1 code ends a field with
  // the group separator.
  auto note = parse_json_bounded(R"({"reason": "first line\nsecond\tline\r\n", "scan": "10A1\u001d21S"})");
  ASSERT_TRUE(note.ok()) << note.status().to_string();
  EXPECT_EQ((*note)["reason"], "first line\nsecond\tline\r\n");
  EXPECT_EQ((*note)["scan"], "10A1\x1d" "21S");
}

}  // namespace
}  // namespace rx
