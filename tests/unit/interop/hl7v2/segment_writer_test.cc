#include "interop/hl7v2/segment_writer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/time.h"
#include "interop/hl7v2/header_builder.h"
#include "interop/hl7v2/writer.h"

namespace rx::hl7 {
namespace {

TEST(SegmentWriterTest, WritesTheTextOfTheTreeThatTheSameSetCallsBuild) {
  Message tree;
  Segment rxd{"RXD", {}};
  set(rxd, 1, "1");
  set(rxd, 2, "0690", 1, 1);
  set(rxd, 2, "GTIN", 1, 3);
  set(rxd, 4, "");  // an empty field still counts
  set(rxd, 9, "A|B^C&D~E\\F\nG\r");
  tree.segments = {Segment{"PID", {}}, rxd};

  std::string text;
  SegmentWriter w(text);
  w.begin("PID");
  w.end();
  w.begin("RXD");
  w.put(1, "1");
  w.put(2, "0690", 1);
  w.put(2, "GTIN", 3);
  w.put(4, "");
  w.put(9, "A|B^C&D~E\\F\nG\r");
  w.end();
  EXPECT_EQ(text, write_hl7(tree));
  EXPECT_EQ(text, "PID\rRXD|1|0690^^GTIN|||||||A\\F\\B\\S\\C\\T\\D\\R\\E\\E\\F\\.br\\G\\X0D\\\r");
}

TEST(SegmentWriterTest, AHeaderSegmentStartsWithItsDelimiters) {
  OutboundHeader h;
  h.message_code = "ACK";
  h.control_id = "A^1";
  const Instant now = parse_instant("2026-03-29T10:15:02+08:00", Zone::shanghai()).value();
  std::string text;
  SegmentWriter w(text);
  write_msh(w, h, now, Zone::shanghai());
  Message tree = start_message(make_msh(h, now, Zone::shanghai()));
  EXPECT_EQ(text, write_hl7(tree));
  EXPECT_EQ(text.substr(0, 18), "MSH|^~\\&|RXPRESS|P");
  EXPECT_NE(text.find("|ACK|A\\S\\1|P|2.5|"), std::string::npos) << text;
}

}  // namespace
}  // namespace rx::hl7
