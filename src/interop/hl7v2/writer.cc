#include "interop/hl7v2/writer.h"

#include "interop/hl7v2/escaping.h"

namespace rx::hl7 {
namespace {

void append_field(std::string& out, const Field& field, const EncodingCharacters& enc) {
  for (size_t r = 0; r < field.size(); ++r) {
    if (r > 0) out += enc.repetition;
    for (size_t c = 0; c < field[r].size(); ++c) {
      if (c > 0) out += enc.component;
      for (size_t s = 0; s < field[r][c].size(); ++s) {
        if (s > 0) out += enc.subcomponent;
        append_escaped(out, field[r][c][s], enc);
      }
    }
  }
}

}  // namespace

std::string write_field(const Field& field, const EncodingCharacters& encoding) {
  std::string out;
  append_field(out, field, encoding);
  return out;
}

std::string write_hl7(const Message& message) {
  const EncodingCharacters& enc = message.encoding;
  std::string out;
  for (const Segment& segment : message.segments) {
    out += segment.name;
    size_t first = 0;
    if (is_header_segment(segment.name)) {
      // Fields 1 and 2 are the delimiters themselves, never escaped.
      out += enc.field;
      out += enc.msh2();
      first = 2;
    }
    for (size_t f = first; f < segment.fields.size(); ++f) {
      out += enc.field;
      append_field(out, segment.fields[f], enc);
    }
    out += '\r';
  }
  return out;
}

}  // namespace rx::hl7
