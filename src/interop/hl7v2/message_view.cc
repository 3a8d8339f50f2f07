#include "interop/hl7v2/message_view.h"

namespace rx::hl7 {

std::string_view SegmentView::name() const {
  return message_->input_.substr(message_->segments_[index_].name_offset, 3);
}

int SegmentView::field_count() const {
  const auto& s = message_->segments_[index_];
  return static_cast<int>(s.end_field - s.first_field);
}

std::string_view SegmentView::get(int field, int rep, int comp, int sub) const {
  if (field < 1 || rep < 1 || comp < 1 || sub < 1) return {};
  const MessageView& m = *message_;
  const auto& s = m.segments_[index_];
  uint32_t f = s.first_field + static_cast<uint32_t>(field - 1);
  if (f >= s.end_field) return {};
  uint32_t r = m.fields_[f].first_repetition + static_cast<uint32_t>(rep - 1);
  if (r >= m.fields_[f + 1].first_repetition) return {};
  uint32_t c = m.repetitions_[r] + static_cast<uint32_t>(comp - 1);
  if (c >= m.repetitions_[r + 1]) return {};
  uint32_t v = m.components_[c] + static_cast<uint32_t>(sub - 1);
  if (v >= m.components_[c + 1]) return {};
  return m.text(m.values_[v]);
}

int SegmentView::repetition_count(int field) const {
  if (raw_field(field).empty()) return 0;
  const MessageView& m = *message_;
  uint32_t f = m.segments_[index_].first_field + static_cast<uint32_t>(field - 1);
  return static_cast<int>(m.fields_[f + 1].first_repetition - m.fields_[f].first_repetition);
}

int SegmentView::component_count(int field, int rep) const {
  if (field < 1 || rep < 1 || field > field_count()) return 0;
  const MessageView& m = *message_;
  uint32_t f = m.segments_[index_].first_field + static_cast<uint32_t>(field - 1);
  uint32_t r = m.fields_[f].first_repetition + static_cast<uint32_t>(rep - 1);
  if (r >= m.fields_[f + 1].first_repetition) return 0;
  return static_cast<int>(m.repetitions_[r + 1] - m.repetitions_[r]);
}

int SegmentView::subcomponent_count(int field, int rep, int comp) const {
  if (comp < 1 || comp > component_count(field, rep)) return 0;
  const MessageView& m = *message_;
  uint32_t f = m.segments_[index_].first_field + static_cast<uint32_t>(field - 1);
  uint32_t c = m.repetitions_[m.fields_[f].first_repetition + static_cast<uint32_t>(rep - 1)] +
               static_cast<uint32_t>(comp - 1);
  return static_cast<int>(m.components_[c + 1] - m.components_[c]);
}

std::string_view SegmentView::raw_field(int field) const {
  if (field < 1 || field > field_count()) return {};
  const MessageView& m = *message_;
  const auto& s = m.segments_[index_];
  uint32_t f = s.first_field + static_cast<uint32_t>(field - 1);
  uint32_t start = m.fields_[f].raw_offset;
  // A header's field 1 is its field separator, which no separator follows.
  if (field == 1 && is_header_segment(name())) return m.input_.substr(start, 1);
  uint32_t end = f + 1 < s.end_field ? m.fields_[f + 1].raw_offset - 1 : s.end_offset;
  return m.input_.substr(start, end - start);
}

std::optional<SegmentView> MessageView::first_segment(std::string_view name) const {
  for (size_t i = 0; i < segments_.size(); ++i) {
    if (segment(i).name() == name) return segment(i);
  }
  return std::nullopt;
}

std::vector<SegmentView> MessageView::segments(std::string_view name) const {
  std::vector<SegmentView> out;
  for (size_t i = 0; i < segments_.size(); ++i) {
    if (segment(i).name() == name) out.push_back(segment(i));
  }
  return out;
}

Message MessageView::to_tree() const {
  Message message;
  message.encoding = encoding_;
  message.segments.reserve(segments_.size());
  for (const SegmentRecord& s : segments_) {
    Segment& segment = message.segments.emplace_back();
    segment.name = std::string(input_.substr(s.name_offset, 3));
    segment.fields.reserve(s.end_field - s.first_field);
    for (uint32_t f = s.first_field; f < s.end_field; ++f) {
      Field& field = segment.fields.emplace_back();
      for (uint32_t r = fields_[f].first_repetition; r < fields_[f + 1].first_repetition; ++r) {
        Repetition& rep = field.emplace_back();
        for (uint32_t c = repetitions_[r]; c < repetitions_[r + 1]; ++c) {
          Component& comp = rep.emplace_back();
          for (uint32_t v = components_[c]; v < components_[c + 1]; ++v) comp.emplace_back(text(values_[v]));
        }
      }
    }
  }
  return message;
}

}  // namespace rx::hl7
