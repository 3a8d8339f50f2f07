// HL7 v2 escape sequences: how text that contains the message's own
// delimiters is spelled inside a field.
#pragma once

#include <string>
#include <string_view>

#include "interop/hl7v2/message.h"

namespace rx::hl7 {

// Decodes one subcomponent's raw text. \F\ \S\ \T\ \R\ \E\ become the field,
// component, subcomponent, repetition and escape characters, \P\ the
// truncation character (when MSH-2 declares one), \Xhh..\ the bytes hh.., and
// \.br\ a line feed. Every other sequence (\H\, \N\, \Cxxyy\, \.sp\, ...), a
// \X..\ whose digits are not hexadecimal pairs, and an escape character with
// no closing one are kept literally, escape characters included.
std::string decode_escapes(std::string_view raw, const EncodingCharacters& encoding);

// Spells text so that it decodes back to itself: each delimiter becomes its
// escape sequence, a line feed \.br\ and a carriage return \X0D\.
std::string encode_escapes(std::string_view text, const EncodingCharacters& encoding);
// encode_escapes(text) appended to `out`.
void append_escaped(std::string& out, std::string_view text, const EncodingCharacters& encoding);

}  // namespace rx::hl7
