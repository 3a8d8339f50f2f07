#include "interop/hl7v2/parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "interop/hl7v2/writer.h"

namespace rx::hl7 {
namespace {

const std::string kMsh = "MSH|^~\\&|APP|FAC|RCV|RFAC|20260329091200||RDE^O11^RDE_O11|MSG1|P|2.5";

template <class T>
std::string error_of(const Result<T>& result) {
  return result.ok() ? std::string("(accepted)") : result.status().message();
}

Message parsed(std::string_view text) {
  auto message = parse_hl7(text);
  EXPECT_TRUE(message.ok()) << message.status().message();
  return message.ok() ? *message : Message{};
}

std::string single_text(const std::string& field_text) {
  Message m = parsed(kMsh + "\rNTE|1||" + field_text + "\r");
  EXPECT_EQ(m.segments.size(), 2u);
  if (m.segments.size() < 2) return "(no NTE)";
  const Field& f = m.segments[1].fields.at(2);
  EXPECT_EQ(f, (Field{{{std::string(get(m.segments[1], 3))}}})) << "escapes must not split the field";
  return std::string(get(m.segments[1], 3));
}

TEST(Hl7Parser, AcceptsCrLfCrlfAndMixedSeparators) {
  Message cr = parsed(kMsh + "\rPID|1||P1\rPV1|1|O\r");
  ASSERT_EQ(cr.segments.size(), 3u);
  EXPECT_EQ(parsed(kMsh + "\nPID|1||P1\nPV1|1|O\n"), cr);
  EXPECT_EQ(parsed(kMsh + "\r\nPID|1||P1\r\nPV1|1|O"), cr);
  EXPECT_EQ(parsed(kMsh + "\rPID|1||P1\r\nPV1|1|O\n"), cr);
  EXPECT_EQ(parsed("\r\n" + kMsh + "\r\r\n\nPID|1||P1\n\nPV1|1|O\r\n\r\n"), cr);
}

TEST(Hl7Parser, DecodesTheDelimiterEscapesWithoutSplitting) {
  EXPECT_EQ(single_text("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f"), "a|b^c&d~e\\f");
  EXPECT_EQ(single_text("\\E\\\\E\\"), "\\\\");
}

TEST(Hl7Parser, DecodesHexBytesAndLineBreaks) {
  EXPECT_EQ(single_text("\\X41\\"), "A");
  EXPECT_EQ(single_text("x\\X0D0A\\y"), "x\r\ny");
  EXPECT_EQ(single_text("\\XE4B8AD\\\\Xe69687\\"), "中文");
  EXPECT_EQ(single_text("line 1\\.br\\line 2"), "line 1\nline 2");
}

TEST(Hl7Parser, KeepsUnknownAndMalformedEscapesLiterally) {
  EXPECT_EQ(single_text("\\H\\bold\\N\\"), "\\H\\bold\\N\\");
  EXPECT_EQ(single_text("\\.sp2\\x"), "\\.sp2\\x");
  EXPECT_EQ(single_text("\\X4\\"), "\\X4\\");
  EXPECT_EQ(single_text("\\XZZ\\"), "\\XZZ\\");
  EXPECT_EQ(single_text("C:\\temp"), "C:\\temp");
  EXPECT_EQ(single_text("\\P\\"), "\\P\\");  // no truncation character declared
}

TEST(Hl7Parser, DecodesTheTruncationEscapeWhenDeclared) {
  Message m = parsed("MSH|^~\\&#|A|F|R|RF|20260329||ADT^A01|1|P|2.7\rNTE|1||50\\P\\ off#\r");
  EXPECT_EQ(m.encoding.truncation, '#');
  EXPECT_EQ(get(m.segments[1], 3), "50# off#");
}

TEST(Hl7Parser, TakesNonDefaultDelimitersFromMsh) {
  std::string text = "MSH*@%!$*APP*FAC*****ADT@A01*1*P*2.5\rPID*1**12@34$56%78*a!F!b|c!S!\r";
  Message m = parsed(text);
  EXPECT_EQ(m.encoding.field, '*');
  EXPECT_EQ(m.encoding.component, '@');
  EXPECT_EQ(m.encoding.repetition, '%');
  EXPECT_EQ(m.encoding.escape, '!');
  EXPECT_EQ(m.encoding.subcomponent, '$');
  EXPECT_FALSE(m.encoding.truncation);
  EXPECT_EQ(get(m.segments[0], 9, 1, 2), "A01");
  const Segment& pid = m.segments[1];
  EXPECT_EQ(get(pid, 3, 1, 1), "12");
  EXPECT_EQ(get(pid, 3, 1, 2, 1), "34");
  EXPECT_EQ(get(pid, 3, 1, 2, 2), "56");
  EXPECT_EQ(get(pid, 3, 2, 1), "78");
  EXPECT_EQ(get(pid, 4), "a*b|c@");
  EXPECT_EQ(write_hl7(m), text);
}

TEST(Hl7Parser, RefusesABadFieldSeparator) {
  EXPECT_EQ(error_of(parse_hl7("MSH")), "segment 1 (MSH): MSH-1 (the field separator) is missing");
  EXPECT_EQ(error_of(parse_hl7("MSHA^~\\&A")),
            "segment 1 (MSH): MSH-1 is 'A'; a field separator must be ASCII punctuation");
  EXPECT_EQ(error_of(parse_hl7("MSH\t^~\\&\t")),
            "segment 1 (MSH): MSH-1 is 0x09; a field separator must be ASCII punctuation");
  EXPECT_EQ(parse_hl7("MSH").status().field(), "MSH-1");
}

TEST(Hl7Parser, RefusesEncodingCharactersThatAreNotPunctuation) {
  EXPECT_EQ(error_of(parse_hl7("MSH|^~\\a|A|F|R|RF|1||ADT^A01|1|P|2.5")),
            "segment 1 (MSH): MSH-2 \"^~\\a\" holds 'a'; encoding characters must be ASCII punctuation");
  EXPECT_EQ(error_of(parse_hl7("MSH|^~ &|A")),
            "segment 1 (MSH): MSH-2 \"^~ &\" holds 0x20; encoding characters must be ASCII punctuation");
}

TEST(Hl7Parser, ChecksTheMessageType) {
  EXPECT_EQ(error_of(parse_hl7("MSH|^~\\&|A|F|R|RF|1||^A01|1|P|2.5")),
            "segment 1 (MSH): MSH-9 \"^A01\" has an empty message code (MSH-9.1)");
  Message ack = parsed("MSH|^~\\&|A|F|R|RF|1||ACK|1|P|2.3\rMSA|AA|MSG1");
  EXPECT_EQ(get(ack.segments[0], 9), "ACK");
  EXPECT_EQ(get(ack.segments[1], 2), "MSG1");
}

TEST(Hl7Parser, RefusesWhatIsNotASegment) {
  EXPECT_EQ(error_of(parse_hl7(kMsh + "\rpid|1")),
            "segment 2: expected a segment name (3 upper-case letters or digits) followed by '|', found \"pid|1\"");
  EXPECT_EQ(error_of(parse_hl7(kMsh + "\rPIDX|1")),
            "segment 2: expected a segment name (3 upper-case letters or digits) followed by '|', found \"PIDX|1\"");
  EXPECT_EQ(error_of(parse_hl7(kMsh + "\rPID|1\r\x01"
                                      "AB|abcdefghijklmnopqrstuvwxyz")),
            "segment 3: expected a segment name (3 upper-case letters or digits) followed by '|', found "
            "\"\\x01AB|abcdefghijklmnopqrst...\"");
  EXPECT_EQ(error_of(parse_hl7("garbage")), "segment 1: the first segment is not MSH");
}

TEST(Hl7Parser, KeepsSegmentsWithoutFieldsAndTrailingEmptyOnes) {
  Message m = parsed(kMsh + "\rZAB\rZCD|\rPID|||1234^^^\r");
  EXPECT_TRUE(m.segments[1].fields.empty());
  EXPECT_EQ(m.segments[2].fields, (std::vector<Field>{Field{{{""}}}}));
  EXPECT_EQ(m.segments[3].fields.size(), 3u);
  EXPECT_EQ(m.segments[3].fields[2], (Field{{{"1234"}, {""}, {""}, {""}}}));
  EXPECT_EQ(write_hl7(m), kMsh + "\rZAB\rZCD|\rPID|||1234^^^\r");
}

TEST(Hl7Parser, RefusesASecondMshOrAnEnvelopeSegment) {
  auto twice = parse_hl7(kMsh + "\rPID|1\r" + kMsh);
  EXPECT_EQ(error_of(twice), "segment 3 (MSH): a second MSH; one message has one MSH (several messages make a batch)");
  EXPECT_EQ(twice.status().field(), "MSH");
  EXPECT_EQ(error_of(parse_hl7(kMsh + "\rBTS|1")),
            "segment 2 (BTS): BTS belongs to a batch envelope, not inside a message");
}

TEST(Hl7Parser, RefusesEmptyInput) {
  EXPECT_EQ(error_of(parse_hl7("")), "the input holds no segment");
  EXPECT_EQ(error_of(parse_hl7("\r\n\r")), "the input holds no segment");
}

TEST(Hl7Parser, BoundsTheInputSize) {
  std::string text = kMsh + "\rNTE";
  while (text.size() < kMaxMessageBytes) {
    size_t n = std::min<size_t>(60000, kMaxMessageBytes - text.size() - 1);
    text += '|' + std::string(n, 'x');
  }
  ASSERT_EQ(text.size(), kMaxMessageBytes);
  EXPECT_TRUE(parse_hl7(text).ok()) << error_of(parse_hl7(text));
  text += 'x';
  EXPECT_EQ(error_of(parse_hl7(text)), "the input is 1048577 bytes; the limit is 1048576 (1 MiB)");
  EXPECT_EQ(error_of(parse_hl7_batch(text)), "the input is 1048577 bytes; the limit is 1048576 (1 MiB)");
}

TEST(Hl7Parser, BoundsTheSegmentCount) {
  std::string text = kMsh + "\r";
  for (size_t i = 1; i < kMaxSegments; ++i) text += "NTE|1\r";
  auto full = parse_hl7(text);
  ASSERT_TRUE(full.ok()) << full.status().message();
  EXPECT_EQ(full->segments.size(), kMaxSegments);
  text += "NTE|1\r";
  EXPECT_EQ(error_of(parse_hl7(text)), "segment 10001: the input has more than 10000 segments");
}

TEST(Hl7Parser, BoundsTheFieldSize) {
  EXPECT_TRUE(parse_hl7(kMsh + "\rOBX|1|TX|||" + std::string(kMaxFieldBytes, 'x')).ok());
  auto over = parse_hl7(kMsh + "\rOBX|1|TX|||" + std::string(kMaxFieldBytes + 1, 'x') + "|F");
  EXPECT_EQ(error_of(over), "segment 2 (OBX): OBX-5 is 65537 bytes; the limit is 65536 (64 KiB)");
  EXPECT_EQ(over.status().field(), "OBX-5");
  auto msh = parse_hl7("MSH|^~\\&|" + std::string(kMaxFieldBytes + 1, 'x'));
  EXPECT_EQ(error_of(msh), "segment 1 (MSH): MSH-3 is 65537 bytes; the limit is 65536 (64 KiB)");
}

TEST(Hl7Parser, ReadsTheHeaderOfAMessageWhoseBodyIsMalformed) {
  std::string text = "\r\n" + kMsh + "\rPID|1\rnot a segment\r";
  EXPECT_EQ(error_of(parse_hl7(text)),
            "segment 3: expected a segment name (3 upper-case letters or digits) followed by '|', found "
            "\"not a segment\"");
  auto header = parse_hl7_header(text);
  ASSERT_TRUE(header.ok()) << header.status().message();
  ASSERT_EQ(header->segment_count(), 1u);
  EXPECT_EQ(header->segment(0).get(10), "MSG1");
  EXPECT_EQ(error_of(parse_hl7_header("\r\n")), "the input holds no segment");
}

// Batches.

const std::string kFhs = "FHS|^~\\&|APP|FAC";
const std::string kBhs = "BHS|^~\\&|APP|FAC";

TEST(Hl7Batch, ReadsARunOfMessagesEachWithItsOwnDelimiters) {
  std::string text = kMsh + "\rPID|1||P1\r" + "MSH*@%!$*A****1**ADT@A04*2*P*2.5\rPID*1**P2@x\r";
  auto batch = parse_hl7_batch(text);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_TRUE(batch->envelope.empty());
  ASSERT_EQ(batch->messages.size(), 2u);
  EXPECT_EQ(get(batch->messages[0].segments[1], 3), "P1");
  EXPECT_EQ(batch->messages[1].encoding.field, '*');
  EXPECT_EQ(get(batch->messages[1].segments[1], 3, 1, 2), "x");
}

TEST(Hl7Batch, ReadsAFileOfBatches) {
  std::string text =
      kFhs + "\r" + kBhs + "\r" + kMsh + "\rPID|1\r" + kMsh + "\rBTS|2\r" + kBhs + "\r" + kMsh + "\rBTS|1\rFTS|2\r";
  auto batch = parse_hl7_batch(text);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->messages.size(), 3u);
  std::vector<std::string> names;
  for (const auto& s : batch->envelope) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"FHS", "BHS", "BTS", "BHS", "BTS", "FTS"}));
  EXPECT_EQ(get(batch->envelope[2], 1), "2");

  auto empty = parse_hl7_batch(kFhs + "\rFTS|0\r");
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_TRUE(empty->messages.empty());
}

TEST(Hl7Batch, ChecksTheTrailerCounts) {
  auto bts = parse_hl7_batch(kBhs + "\r" + kMsh + "\r" + kMsh + "\rBTS|3\r");
  EXPECT_EQ(error_of(bts), "segment 4 (BTS): BTS-1 says 3 messages; found 2");
  EXPECT_EQ(bts.status().field(), "BTS-1");
  EXPECT_EQ(error_of(parse_hl7_batch(kBhs + "\r" + kMsh + "\rBTS|two\r")),
            "segment 3 (BTS): BTS-1 \"two\" is not a number");
  EXPECT_EQ(error_of(parse_hl7_batch(kFhs + "\r" + kBhs + "\r" + kMsh + "\rBTS|1\rFTS|2\r")),
            "segment 5 (FTS): FTS-1 says 2 batches; found 1");
  EXPECT_TRUE(parse_hl7_batch(kBhs + "\r" + kMsh + "\rBTS\r").ok());
}

TEST(Hl7Batch, ChecksTheEnvelopeStructure) {
  EXPECT_EQ(error_of(parse_hl7_batch(kBhs + "\r" + kMsh + "\r")), "the batch opened at segment 1 (BHS) has no BTS");
  EXPECT_EQ(error_of(parse_hl7_batch(kFhs + "\r" + kMsh + "\r")), "the file opened at segment 1 (FHS) has no FTS");
  EXPECT_EQ(error_of(parse_hl7_batch(kFhs + "\rFTS|0\r" + kMsh + "\r")),
            "segment 3 (MSH): a segment after FTS, which ends the file");
  EXPECT_EQ(error_of(parse_hl7_batch(kMsh + "\r" + kFhs + "\r")),
            "segment 2 (FHS): FHS must be the first segment of the file");
  EXPECT_EQ(error_of(parse_hl7_batch(kMsh + "\rBTS|1\r")), "segment 2 (BTS): BTS without a BHS before it");
  EXPECT_EQ(error_of(parse_hl7_batch(kBhs + "\r" + kMsh + "\r" + kBhs + "\r")),
            "segment 3 (BHS): BHS while the batch opened at segment 1 has no BTS");
  EXPECT_EQ(error_of(parse_hl7_batch(kFhs + "\r" + kBhs + "\rFTS|1\r")),
            "segment 3 (FTS): FTS while the batch opened at segment 2 has no BTS");
  EXPECT_EQ(error_of(parse_hl7_batch(kMsh + "\rFTS|1\r")), "segment 2 (FTS): FTS without an FHS at the start");
  EXPECT_EQ(error_of(parse_hl7_batch(kBhs + "\rPID|1\r")),
            "segment 2 (PID): expected MSH, FHS, BHS, BTS or FTS, found \"PID|1\"");
  EXPECT_EQ(error_of(parse_hl7_batch("BHS|^~\\&&|A\r")),
            "segment 1 (BHS): BHS-2 \"^~\\&&\" uses '&' twice; each encoding character must be different");
}

TEST(Hl7Batch, NamesAFaultyMessageSegmentByItsPlaceInTheFile) {
  auto batch = parse_hl7_batch(kBhs + "\r" + kMsh + "\rPID|1\rMSH|^~\\&|A|F|R|RF|1|||2|P|2.5\rBTS|2\r");
  EXPECT_EQ(error_of(batch), "segment 4 (MSH): MSH-9 (message type) is empty");
}

}  // namespace
}  // namespace rx::hl7

namespace rx::hl7 {
namespace {

TEST(ParseHl7Bounds, ASegmentOfOnlyDelimitersIsRefusedBeforeItCostsMemory) {
  std::string msg = "MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rPID|" + std::string(kMaxSegmentValues, '^') + "\r";
  auto parsed = parse_hl7(msg);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("the limit is 20000"), std::string::npos) << parsed.status().message();
  std::string fits = "MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rPID|" + std::string(kMaxSegmentValues - 2, '^') + "\r";
  EXPECT_TRUE(parse_hl7(fits).ok());
}

}  // namespace
}  // namespace rx::hl7
