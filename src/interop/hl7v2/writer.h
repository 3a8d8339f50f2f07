// HL7 v2 text from a message tree.
#pragma once

#include <string>

#include "interop/hl7v2/message.h"

namespace rx::hl7 {

// The message as HL7 v2 text: each segment ended by a carriage return, the
// delimiters of message.encoding (which also give MSH-1 and MSH-2), and text
// escaped so that parse_hl7 gives the same tree back.
std::string write_hl7(const Message& message);

// One field as it stands between two field separators, escaped.
std::string write_field(const Field& field, const EncodingCharacters& encoding);

}  // namespace rx::hl7
