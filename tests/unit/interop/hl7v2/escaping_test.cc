#include "interop/hl7v2/escaping.h"

#include <gtest/gtest.h>

namespace rx::hl7 {
namespace {

const EncodingCharacters kStandard{};

TEST(Hl7Escaping, DecodesEachStandardSequence) {
  EXPECT_EQ(decode_escapes("\\F\\", kStandard), "|");
  EXPECT_EQ(decode_escapes("\\S\\", kStandard), "^");
  EXPECT_EQ(decode_escapes("\\T\\", kStandard), "&");
  EXPECT_EQ(decode_escapes("\\R\\", kStandard), "~");
  EXPECT_EQ(decode_escapes("\\E\\", kStandard), "\\");
  EXPECT_EQ(decode_escapes("\\.br\\", kStandard), "\n");
  EXPECT_EQ(decode_escapes("\\X00FF\\", kStandard), std::string("\x00\xFF", 2));
  EXPECT_EQ(decode_escapes("no escapes at all", kStandard), "no escapes at all");
}

TEST(Hl7Escaping, EncodesEachDelimiter) {
  EXPECT_EQ(encode_escapes("a|b^c&d~e\\f", kStandard), "a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f");
  EXPECT_EQ(encode_escapes("1\n2\r3", kStandard), "1\\.br\\2\\X0D\\3");
  EXPECT_EQ(encode_escapes("50#", kStandard), "50#");
  EncodingCharacters truncating;
  truncating.truncation = '#';
  EXPECT_EQ(encode_escapes("50#", truncating), "50\\P\\");
  EXPECT_EQ(decode_escapes("50\\P\\", truncating), "50#");
  EXPECT_EQ(decode_escapes("50\\P\\", kStandard), "50\\P\\");
}

TEST(Hl7Escaping, UsesTheMessagesOwnEscapeCharacter) {
  EncodingCharacters enc{'*', '@', '%', '!', '$', std::nullopt};
  EXPECT_EQ(encode_escapes("a*b@c%d!e$f|g^h\\i", enc), "a!F!b!S!c!R!d!E!e!T!f|g^h\\i");
  EXPECT_EQ(decode_escapes("a!F!b!S!c!R!d!E!e!T!f|g^h\\i\\F\\", enc), "a*b@c%d!e$f|g^h\\i\\F\\");
}

TEST(Hl7Escaping, KeepsWhatItDoesNotDecodeLiterally) {
  for (std::string_view raw : {"\\H\\", "\\N\\", "\\C2842\\", "\\M2442\\", "\\Zvendor\\", "\\.sp\\", "\\\\", "\\X\\",
                               "\\X1\\", "\\X1G\\", "\\FF\\", "trailing \\", "C:\\dir"}) {
    EXPECT_EQ(decode_escapes(raw, kStandard), raw);
  }
  // A sequence that is kept ends at its closing escape character; what follows is read afresh.
  EXPECT_EQ(decode_escapes("\\H\\x\\F\\", kStandard), "\\H\\x|");
}

TEST(Hl7Escaping, EncodingThenDecodingGivesTheTextBack) {
  EncodingCharacters enc;
  enc.truncation = '#';
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  EXPECT_EQ(decode_escapes(encode_escapes(all, enc), enc), all);
  EXPECT_EQ(decode_escapes(encode_escapes(all, kStandard), kStandard), all);
}

}  // namespace
}  // namespace rx::hl7
