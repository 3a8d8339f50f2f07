// The reference manual prints StockInfoResponse and StockInfoMessage with
// <Pack ...> start tags that are never closed, and robots built from it may
// send exactly that. The repair makes such a start tag self-closing when the
// next markup after it is another <Pack or </Article>: in a well-formed WWKS
// document a pack is never directly followed by either while still open, so
// a correct document is never changed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rx::wwks {

struct RepairedXml {
  std::string xml;
  size_t packs_closed = 0;  // start tags made self-closing
};

// `xml` with each unclosed <Pack> start tag closed as described above. CDATA
// sections, comments and attribute values are left alone.
RepairedXml repair_unclosed_packs(std::string_view xml);

}  // namespace rx::wwks
