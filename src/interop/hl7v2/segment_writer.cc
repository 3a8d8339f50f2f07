#include "interop/hl7v2/segment_writer.h"

#include <cassert>

#include "interop/hl7v2/escaping.h"

namespace rx::hl7 {

void SegmentWriter::begin(std::string_view name) {
  out_ += name;
  field_ = 0;
  comp_ = 1;
  if (is_header_segment(name)) {
    out_ += encoding_.field;
    out_ += encoding_.msh2();
    field_ = 2;
  }
}

void SegmentWriter::put(int field, std::string_view text, int comp) {
  assert(field > field_ || (field == field_ && comp > comp_));
  if (field > field_) {
    out_.append(static_cast<size_t>(field - field_), encoding_.field);
    field_ = field;
    comp_ = 1;
  }
  if (comp > comp_) {
    out_.append(static_cast<size_t>(comp - comp_), encoding_.component);
    comp_ = comp;
  }
  append_escaped(out_, text, encoding_);
}

}  // namespace rx::hl7
