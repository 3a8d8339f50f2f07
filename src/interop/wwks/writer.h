// WWKS 2.0 documents to text, in the manual's layout.
#pragma once

#include <string>

#include "interop/wwks/messages.h"

namespace rx::wwks {

// The envelope as a UTF-8 document without an XML declaration: the <WWKS>
// element on the first line, children indented by two spaces, elements without
// children self-closing, attributes in the manual's order and escaped as
// text_escaping.h says, label content and configuration as CDATA. The time
// stamp is UTC with seconds ("2013-04-16T11:14:00Z"), milliseconds only when
// they are not zero. An UnknownMessage is written with the attributes it kept;
// its element name must be an XML name.
std::string write_wwks(const Envelope& envelope);

}  // namespace rx::wwks
