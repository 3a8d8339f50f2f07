#include "interop/hl7v2/charset.h"

#include <gtest/gtest.h>

#include <string>

#include "interop/hl7v2/parser.h"

namespace rx::hl7 {
namespace {

// 张三 in GB 18030 (GB 2312 codes D5C5 C8FD), and 和珅, whose 珅 is AB 7C:
// its second byte is '|', so the message must be decoded before it is parsed.
constexpr std::string_view kZhangSanGb = "\xD5\xC5\xC8\xFD";
constexpr std::string_view kHeShenGb = "\xBA\xCD^\xAB\x7C";

std::string gb_message(std::string_view charset, std::string_view name) {
  return "MSH|^~\\&|HIS|H|RX|P|20260329091200||ADT^A08|C1|P|2.5||||||" + std::string(charset) +
         "\rPID|1||P1||" + std::string(name) + "\r";
}

TEST(Hl7CharsetTest, Gb18030IsDecodedToUtf8) {
  auto text = decode_to_utf8(gb_message("GB 18030-2000", kZhangSanGb));
  ASSERT_TRUE(text.ok()) << text.status().to_string();
  EXPECT_NE(text->find("PID|1||P1||张三\r"), std::string::npos);
  EXPECT_TRUE(is_valid_utf8(*text));
}

TEST(Hl7CharsetTest, Gb18030TrailBytesThatLookLikeDelimitersSurviveTheParse) {
  auto text = decode_to_utf8(gb_message("GB 18030-2000", kHeShenGb));
  ASSERT_TRUE(text.ok());
  auto m = parse_hl7(*text);
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  EXPECT_EQ(get(m->segments[1], 5, 1, 1), "和");
  EXPECT_EQ(get(m->segments[1], 5, 1, 2), "珅");
}

TEST(Hl7CharsetTest, InvalidGb18030NamesTheByte) {
  auto text = decode_to_utf8(gb_message("GB 18030-2000", "\xD5\xC5\xFF\xFF"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().field(), "MSH-18");
  EXPECT_NE(text.status().message().find("0xFF"), std::string::npos) << text.status().message();
}

TEST(Hl7CharsetTest, Utf8IsTheDefaultAndIsValidated) {
  auto ok = decode_to_utf8(gb_message("", "张^三"));
  ASSERT_TRUE(ok.ok());
  EXPECT_NE(ok->find("张^三"), std::string::npos);
  auto bad = decode_to_utf8(gb_message("UNICODE UTF-8", kZhangSanGb));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "MSH-18");
  EXPECT_NE(bad.status().message().find("not valid UTF-8"), std::string::npos);
}

TEST(Hl7CharsetTest, AsciiIsReadAsUtf8) {
  auto text = decode_to_utf8(gb_message("ASCII", "DOE^JANE"));
  ASSERT_TRUE(text.ok());
}

TEST(Hl7CharsetTest, AnUnknownCharsetIsRefusedByName) {
  auto text = decode_to_utf8(gb_message("8859/1", "DOE^JANE"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().field(), "MSH-18");
  EXPECT_NE(text.status().message().find("\"8859/1\""), std::string::npos);
}

TEST(Hl7CharsetTest, AUtf8ByteOrderMarkIsDropped) {
  auto text = decode_to_utf8("\xEF\xBB\xBF" + gb_message("UNICODE UTF-8", "DOE"));
  ASSERT_TRUE(text.ok());
  EXPECT_TRUE(text->starts_with("MSH|"));
}

TEST(Hl7CharsetTest, DeclaredCharsetIsMsh18FirstComponent) {
  EXPECT_EQ(declared_charset(gb_message("GB 18030-2000^x", "A")), "GB 18030-2000");
  EXPECT_EQ(declared_charset("MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\r"), "");
  EXPECT_EQ(declared_charset("PID|1\r"), "");
}

TEST(Hl7CharsetTest, Utf8ValidatorRefusesOverlongsSurrogatesAndTruncation) {
  EXPECT_TRUE(is_valid_utf8("ascii 张三 \xF0\x9F\x92\x8A"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xE5\xBC"));          // cut short
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST(Hl7CharsetTest, EncodeFromUtf8ToGb18030AndBack) {
  auto gb = encode_from_utf8("张三", kGb18030Charset);
  ASSERT_TRUE(gb.ok());
  EXPECT_EQ(*gb, kZhangSanGb);
  auto same = encode_from_utf8("张三", kUtf8Charset);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, "张三");
  EXPECT_FALSE(encode_from_utf8("x", "8859/1").ok());
  EXPECT_FALSE(encode_from_utf8("\xFF", kGb18030Charset).ok());
}

}  // namespace
}  // namespace rx::hl7
