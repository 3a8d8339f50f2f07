// WWKS 2.0 documents from text: one <WWKS> envelope holding one message.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.h"
#include "interop/wwks/messages.h"

namespace rx::wwks {

struct ParseOptions {
  // A full StockInfoResponse of a large robot lists tens of thousands of packs
  // at about 250 bytes each.
  size_t max_bytes = size_t{16} << 20;
  size_t max_elements = 200000;
  // The deepest element the manual defines is at depth 5 (WWKS, TaskInfoResponse,
  // Task, Article, Pack).
  size_t max_depth = 16;
  // Accept the manual's own errata: <Pack ...> start tags that are never closed
  // (see errata_repair.h). Off, such a document is refused as not well-formed.
  bool repair_unclosed_packs = true;
};

// Parses one document. Errors are invalid_argument; their field() is the
// element path and attribute ("WWKS/OutputRequest/Criteria[2]/@Quantity") and
// the message says what was expected and what was found. The envelope must
// have Version "2.0" and a TimeStamp, and exactly one child element: a lead
// element the manual does not define becomes an UnknownMessage. Unknown
// attributes and child elements of known elements are ignored; a known child
// that may occur once but occurs twice is an error.
Result<Envelope> parse_wwks(std::string_view xml, const ParseOptions& options = {});

}  // namespace rx::wwks
