#include "interop/hl7v2/writer.h"

#include <gtest/gtest.h>

#include "interop/hl7v2/parser.h"

namespace rx::hl7 {
namespace {

Message ack(const EncodingCharacters& encoding = {}) {
  Message m;
  m.encoding = encoding;
  Segment msh{"MSH", {}};
  set(msh, 3, "RXPRESS");
  set(msh, 9, "ACK");
  set(msh, 9, "O11", 1, 2);
  set(msh, 10, "A1");
  set(msh, 11, "P");
  set(msh, 12, "2.5");
  Segment msa{"MSA", {}};
  set(msa, 1, "AE");
  set(msa, 2, "MSG1");
  m.segments = {msh, msa};
  return m;
}

TEST(Hl7Writer, WritesMshDelimitersFromTheEncodingAndEndsEverySegmentWithCr) {
  EXPECT_EQ(write_hl7(ack()), "MSH|^~\\&|RXPRESS||||||ACK^O11|A1|P|2.5\rMSA|AE|MSG1\r");
  EncodingCharacters odd{'*', '@', '%', '!', '$', '#'};
  EXPECT_EQ(write_hl7(ack(odd)), "MSH*@%!$#*RXPRESS******ACK@O11*A1*P*2.5\rMSA*AE*MSG1\r");
}

TEST(Hl7Writer, EscapesTextThatHoldsDelimiters) {
  Message m = ack();
  Segment err{"ERR", {}};
  set(err, 8, "PID-3 \"A|B^C&D~E\\F\" is\nnot an id\r");
  m.segments.push_back(err);
  std::string text = write_hl7(m);
  EXPECT_NE(text.find("ERR||||||||PID-3 \"A\\F\\B\\S\\C\\T\\D\\R\\E\\E\\F\" is\\.br\\not an id\\X0D\\\r"),
            std::string::npos)
      << text;
  auto back = parse_hl7(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(get(back->segments[2], 8), "PID-3 \"A|B^C&D~E\\F\" is\nnot an id\r");
}

TEST(Hl7Writer, WritesRepetitionsComponentsAndSubcomponents) {
  Segment pid{"PID", {}};
  set(pid, 3, "P1", 1, 1);
  set(pid, 3, "HOSP", 1, 4, 1);
  set(pid, 3, "1.2.3", 1, 4, 2);
  set(pid, 3, "ID2", 2);
  EXPECT_EQ(write_field(pid.fields[2], EncodingCharacters{}), "P1^^^HOSP&1.2.3~ID2");
}

TEST(Hl7Writer, RoundTripsStandardEscapesByteForByte) {
  std::string text =
      "MSH|^~\\&#|A|F|R|RF|20260329||RDE^O11|1|P|2.7\r"
      "NTE|1||\\F\\\\S\\\\T\\\\R\\\\E\\\\P\\ and \\.br\\ and \\X0D\\\r";
  auto m = parse_hl7(text);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(get(m->segments[1], 3), "|^&~\\# and \n and \r");
  EXPECT_EQ(write_hl7(*m), text);
}

TEST(Hl7Writer, RewritesOtherEscapesSoThatTheTreeSurvives) {
  std::string text = "MSH|^~\\&|A|F|R|RF|1||ADT^A08|1|P|2.5\rNTE|1||\\H\\bold\\N\\ \\X41\\ \\x\r";
  auto m = parse_hl7(text);
  ASSERT_TRUE(m.ok()) << m.status().message();
  std::string written = write_hl7(*m);
  EXPECT_EQ(written, "MSH|^~\\&|A|F|R|RF|1||ADT^A08|1|P|2.5\rNTE|1||\\E\\H\\E\\bold\\E\\N\\E\\ A \\E\\x\r");
  auto again = parse_hl7(written);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(*again, *m);
}

}  // namespace
}  // namespace rx::hl7
