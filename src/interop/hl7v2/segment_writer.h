// HL7 v2 text written segment by segment straight from values, for messages
// sent in bulk: the text write_hl7 gives for the tree that the same set()
// calls would build, without building the tree.
#pragma once

#include <string>
#include <string_view>

#include "interop/hl7v2/message.h"

namespace rx::hl7 {

class SegmentWriter {
 public:
  // Appends to `out`, with the default encoding characters.
  explicit SegmentWriter(std::string& out) : out_(out) {}

  // Starts a segment; MSH, FHS and BHS get their fields 1 and 2, the delimiters.
  void begin(std::string_view name);
  // Writes `text`, escaped, at field(1).comp of the open segment, as
  // set(segment, field, text, 1, comp) would. Positions must rise: a field
  // after the last one written, or a later component of the same field.
  void put(int field, std::string_view text, int comp = 1);
  // Ends the open segment.
  void end() { out_ += '\r'; }

 private:
  std::string& out_;
  EncodingCharacters encoding_;
  int field_ = 0;  // of the open segment, the last one started
  int comp_ = 1;   // within field_
};

}  // namespace rx::hl7
