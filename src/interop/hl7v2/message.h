// The HL7 v2 message tree: segments -> fields -> repetitions -> components ->
// subcomponents, holding decoded text (escape sequences already resolved).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rx::hl7 {

// MSH-1 and MSH-2: the characters that give the message its structure.
struct EncodingCharacters {
  char field = '|';
  char component = '^';
  char repetition = '~';
  char escape = '\\';
  char subcomponent = '&';
  std::optional<char> truncation;  // the optional fifth MSH-2 character (v2.7), e.g. '#'

  // MSH-2 as written: "^~\&", or "^~\&#" with a truncation character.
  std::string msh2() const;
  bool operator==(const EncodingCharacters&) const = default;
};

// Each level holds at least one element: an empty field is one repetition of
// one component of one empty subcomponent, as the text "" splits.
using Component = std::vector<std::string>;  // its subcomponents
using Repetition = std::vector<Component>;   // its components
using Field = std::vector<Repetition>;       // its repetitions

// A segment as it came, Z-segments included. fields[n - 1] is field n. In the
// header segments (MSH, FHS, BHS), field 1 is the field separator and field 2
// the encoding characters, each kept as one undecoded text.
struct Segment {
  std::string name;
  std::vector<Field> fields;
  bool operator==(const Segment&) const = default;
};

struct Message {
  EncodingCharacters encoding;
  std::vector<Segment> segments;  // segments[0] is MSH
  bool operator==(const Message&) const = default;
};

// A batch file's messages with the envelope segments (FHS, BHS, BTS, FTS) in
// the order they came.
struct Batch {
  std::vector<Segment> envelope;
  std::vector<Message> messages;
};

// True for the segments that declare their own delimiters in fields 1 and 2.
bool is_header_segment(std::string_view name);

// The text at SEG-field(rep).comp.sub, numbered from 1 as HL7 does; empty when
// the position is absent. get(pid, 5) is PID-5.1, the family name.
std::string_view get(const Segment& segment, int field, int rep = 1, int comp = 1, int sub = 1);

// The number of repetitions of a field: 0 when it is absent or empty.
int repetition_count(const Segment& segment, int field);

// Sets the text at SEG-field(rep).comp.sub (1-based), adding empty fields,
// repetitions, components and subcomponents up to that position. Every
// position must be at least 1.
void set(Segment& segment, int field, std::string text, int rep = 1, int comp = 1, int sub = 1);

// The message's segments with this name, in order.
std::vector<const Segment*> segments(const Message& message, std::string_view name);

// The first segment with this name, or nullptr.
const Segment* first_segment(const Message& message, std::string_view name);

}  // namespace rx::hl7
