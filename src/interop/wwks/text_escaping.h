// The manual's rules for character data (section 5.1): & < > " ' become
// entities, and characters XML cannot carry at all (the C0 controls other than
// tab, line feed and carriage return, such as the GS1 group separator 0x1D in
// a scan code) travel as the four characters "\x1D".
#pragma once

#include <string>
#include <string_view>

namespace rx::wwks {

// `value` ready to stand between the double quotes of an attribute. Tab, line
// feed and carriage return become character references so that they survive
// the reader's attribute-value normalisation.
std::string escape_attribute(std::string_view value);

// Turns each "\xHH" naming a control character XML cannot carry back into that
// character; every other backslash stays as it is.
std::string decode_control_escapes(std::string_view value);

// `content` as one or more CDATA sections (a "]]>" inside is split across two).
std::string cdata_sections(std::string_view content);

}  // namespace rx::wwks
