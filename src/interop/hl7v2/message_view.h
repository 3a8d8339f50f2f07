// A parsed HL7 v2 message as flat tables over the bytes it came in: every
// segment, field, repetition, component and subcomponent located, and every
// escape sequence decoded, in a handful of allocations. This is what intake
// reads; message.h's tree is for building messages and for round trips.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "interop/hl7v2/message.h"

namespace rx::hl7 {

class MessageView;

// One segment of a MessageView. It points into the view, which must outlive it
// and stay where it is.
class SegmentView {
 public:
  std::string_view name() const;
  // 0-based position in the message; segment 0 is MSH.
  size_t index() const { return index_; }
  // The number of fields present, counting empty ones before the last.
  int field_count() const;
  // The text at SEG-field(rep).comp.sub, numbered from 1 as HL7 does, escapes
  // decoded; empty when the position is absent. As hl7::get on a tree.
  std::string_view get(int field, int rep = 1, int comp = 1, int sub = 1) const;
  // Repetitions of a field: 0 when it is absent or empty.
  int repetition_count(int field) const;
  // Components of one repetition: 0 when the repetition is absent.
  int component_count(int field, int rep = 1) const;
  // Subcomponents of one component: 0 when the component is absent.
  int subcomponent_count(int field, int rep = 1, int comp = 1) const;
  // The field as it stands between its separators, escapes not decoded.
  std::string_view raw_field(int field) const;

 private:
  friend class MessageView;
  friend class MessageViewBuilder;
  SegmentView(const MessageView* message, uint32_t index) : message_(message), index_(index) {}
  const MessageView* message_;
  uint32_t index_;
};

class MessageView {
 public:
  const EncodingCharacters& encoding() const { return encoding_; }
  size_t segment_count() const { return segments_.size(); }
  SegmentView segment(size_t index) const { return SegmentView(this, static_cast<uint32_t>(index)); }
  // The first segment with this name, if any.
  std::optional<SegmentView> first_segment(std::string_view name) const;
  // The segments with this name, in order.
  std::vector<SegmentView> segments(std::string_view name) const;
  // The same message as a tree.
  Message to_tree() const;

 private:
  friend class SegmentView;
  friend class MessageViewBuilder;

  // A value's text: in the input when kDecoded is clear, else in decoded_.
  struct Span {  // no member initialisers: tables of them are left uninitialised
    uint32_t offset;
    uint32_t length;
  };
  static constexpr uint32_t kDecoded = uint32_t{1} << 31;
  struct SegmentRecord {
    uint32_t name_offset;  // in the input
    uint32_t end_offset;   // where its text ends, before the \r or \n
    uint32_t first_field;  // into fields_
    uint32_t end_field;
  };
  struct FieldRecord {
    uint32_t first_repetition;  // into repetitions_
    uint32_t raw_offset;        // where its text starts in the input
  };
  // Leaves the elements of resize() uninitialised: the parser writes each one.
  template <class T>
  struct UninitialisedAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
      using other = UninitialisedAllocator<U>;
    };
    UninitialisedAllocator() = default;
    template <class U>
    UninitialisedAllocator(const UninitialisedAllocator<U>&) {}
    template <class U>
    void construct(U* p) noexcept {
      ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
      ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
  };
  template <class T>
  using Table = std::vector<T, UninitialisedAllocator<T>>;

  std::string_view text(Span span) const {
    if (span.offset & kDecoded) return std::string_view(decoded_).substr(span.offset & ~kDecoded, span.length);
    return input_.substr(span.offset, span.length);
  }

  EncodingCharacters encoding_;
  std::string_view input_;
  std::string decoded_;
  std::vector<SegmentRecord> segments_;
  // Each level lists where its elements' children start, with one sentinel
  // after the last element, so element i's children end where i + 1's start.
  Table<FieldRecord> fields_;
  Table<uint32_t> repetitions_;  // into components_
  Table<uint32_t> components_;   // into values_
  Table<Span> values_;           // the subcomponents
};

}  // namespace rx::hl7
