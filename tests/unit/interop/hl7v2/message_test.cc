#include "interop/hl7v2/message.h"

#include <gtest/gtest.h>

namespace rx::hl7 {
namespace {

Segment pid() {
  // PID|1||P1^^^HOSP&1.2.3~ID2||DOE^JOHN
  return Segment{"PID",
                 {Field{{{"1"}}}, Field{{{""}}}, Field{{{"P1"}, {""}, {""}, {"HOSP", "1.2.3"}}, {{"ID2"}}},
                  Field{{{""}}}, Field{{{"DOE"}, {"JOHN"}}}}};
}

TEST(Hl7Message, GetsByOneBasedPosition) {
  Segment s = pid();
  EXPECT_EQ(get(s, 1), "1");
  EXPECT_EQ(get(s, 3), "P1");
  EXPECT_EQ(get(s, 3, 1, 4), "HOSP");
  EXPECT_EQ(get(s, 3, 1, 4, 2), "1.2.3");
  EXPECT_EQ(get(s, 3, 2), "ID2");
  EXPECT_EQ(get(s, 5, 1, 2), "JOHN");
}

TEST(Hl7Message, GetsNothingWhereThereIsNothing) {
  Segment s = pid();
  EXPECT_EQ(get(s, 6), "");
  EXPECT_EQ(get(s, 3, 3), "");
  EXPECT_EQ(get(s, 5, 1, 3), "");
  EXPECT_EQ(get(s, 5, 1, 1, 2), "");
  EXPECT_EQ(get(s, 0), "");
  EXPECT_EQ(get(s, -1), "");
  EXPECT_EQ(get(s, 1, 0), "");
}

TEST(Hl7Message, CountsRepetitions) {
  Segment s = pid();
  EXPECT_EQ(repetition_count(s, 3), 2);
  EXPECT_EQ(repetition_count(s, 1), 1);
  EXPECT_EQ(repetition_count(s, 2), 0);
  EXPECT_EQ(repetition_count(s, 9), 0);
}

TEST(Hl7Message, SetGrowsTheTreeWithEmptyElements) {
  Segment s{"RXE", {}};
  set(s, 3, "100");
  set(s, 2, "D0001", 1, 1);
  set(s, 2, "阿司匹林", 1, 2);
  set(s, 1, "Q24H", 1, 2, 1);
  set(s, 1, "0600", 1, 2, 2);
  set(s, 3, "200", 2);
  ASSERT_EQ(s.fields.size(), 3u);
  EXPECT_EQ(s.fields[0], (Field{{{""}, {"Q24H", "0600"}}}));
  EXPECT_EQ(s.fields[1], (Field{{{"D0001"}, {"阿司匹林"}}}));
  EXPECT_EQ(s.fields[2], (Field{{{"100"}}, {{"200"}}}));
  set(s, 3, "150");
  EXPECT_EQ(get(s, 3), "150");
  EXPECT_EQ(get(s, 3, 2), "200");
}

TEST(Hl7Message, FindsSegmentsByName) {
  Message m;
  m.segments = {Segment{"MSH", {}}, Segment{"ORC", {Field{{{"NW"}}}}}, Segment{"RXE", {}},
                Segment{"ORC", {Field{{{"CA"}}}}}};
  auto orcs = segments(m, "ORC");
  ASSERT_EQ(orcs.size(), 2u);
  EXPECT_EQ(get(*orcs[1], 1), "CA");
  EXPECT_TRUE(segments(m, "AL1").empty());
  EXPECT_EQ(first_segment(m, "ORC"), orcs[0]);
  EXPECT_EQ(first_segment(m, "TQ1"), nullptr);
}

TEST(Hl7Message, SpellsMsh2) {
  EncodingCharacters enc;
  EXPECT_EQ(enc.msh2(), "^~\\&");
  enc.truncation = '#';
  EXPECT_EQ(enc.msh2(), "^~\\&#");
  EXPECT_TRUE(is_header_segment("MSH"));
  EXPECT_TRUE(is_header_segment("BHS"));
  EXPECT_TRUE(is_header_segment("FHS"));
  EXPECT_FALSE(is_header_segment("BTS"));
}

}  // namespace
}  // namespace rx::hl7
