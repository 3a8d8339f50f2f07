#include "interop/hl7v2/message.h"

#include <cassert>
#include <cstddef>

namespace rx::hl7 {

std::string EncodingCharacters::msh2() const {
  std::string out{component, repetition, escape, subcomponent};
  if (truncation) out += *truncation;
  return out;
}

bool is_header_segment(std::string_view name) { return name == "MSH" || name == "FHS" || name == "BHS"; }

std::string_view get(const Segment& segment, int field, int rep, int comp, int sub) {
  if (field < 1 || rep < 1 || comp < 1 || sub < 1) return {};
  if (static_cast<size_t>(field) > segment.fields.size()) return {};
  const Field& f = segment.fields[field - 1];
  if (static_cast<size_t>(rep) > f.size()) return {};
  const Repetition& r = f[rep - 1];
  if (static_cast<size_t>(comp) > r.size()) return {};
  const Component& c = r[comp - 1];
  if (static_cast<size_t>(sub) > c.size()) return {};
  return c[sub - 1];
}

int repetition_count(const Segment& segment, int field) {
  if (field < 1 || static_cast<size_t>(field) > segment.fields.size()) return 0;
  const Field& f = segment.fields[field - 1];
  bool empty = f.size() == 1 && f[0].size() == 1 && f[0][0].size() == 1 && f[0][0][0].empty();
  return empty ? 0 : static_cast<int>(f.size());
}

namespace {

// Grows `v` to hold index `n - 1`, each new element being the empty one.
template <class T>
T& at_least(std::vector<T>& v, int n, const T& empty) {
  if (v.size() < static_cast<size_t>(n)) v.resize(n, empty);
  return v[n - 1];
}

}  // namespace

void set(Segment& segment, int field, std::string text, int rep, int comp, int sub) {
  assert(field >= 1 && rep >= 1 && comp >= 1 && sub >= 1);
  const Component empty_component{""};
  const Repetition empty_repetition{empty_component};
  const Field empty_field{empty_repetition};
  Field& f = at_least(segment.fields, field, empty_field);
  Repetition& r = at_least(f, rep, empty_repetition);
  Component& c = at_least(r, comp, empty_component);
  at_least(c, sub, std::string()) = std::move(text);
}

std::vector<const Segment*> segments(const Message& message, std::string_view name) {
  std::vector<const Segment*> out;
  for (const Segment& s : message.segments) {
    if (s.name == name) out.push_back(&s);
  }
  return out;
}

const Segment* first_segment(const Message& message, std::string_view name) {
  for (const Segment& s : message.segments) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace rx::hl7
