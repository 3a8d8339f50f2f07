// Splits the WWKS byte stream of one TCP connection into documents. The
// manual frames nothing: each <WWKS>...</WWKS> document follows the previous
// one directly, so a document ends at the end tag of its <WWKS> element.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace rx::wwks {

inline constexpr size_t kDefaultMaxDocumentBytes = size_t{16} << 20;

// Reassembles documents from chunks of any size: a document may span chunks
// and a chunk may hold several documents. Pure: it owns no socket and does not
// parse the documents it yields.
class WwksStreamSplitter {
 public:
  explicit WwksStreamSplitter(size_t max_document_bytes = kDefaultMaxDocumentBytes)
      : max_document_bytes_(max_document_bytes) {}

  // Consumes one chunk and returns, in order, each document it completes (from
  // "<WWKS" to the ">" of "</WWKS>", or a self-closing <WWKS .../>) and an
  // error for each document it gives up on:
  // - a document longer than the limit (reported as soon as it passes the
  //   limit; the rest of it is skipped up to its "</WWKS>" or a new "<WWKS");
  // - a document cut short by a new <WWKS start tag before its end tag.
  // The end tag is looked for outside comments, CDATA sections and attribute
  // values. Bytes between documents (an XML declaration, whitespace, garbage)
  // are discarded.
  std::vector<Result<std::string>> feed(std::string_view chunk);

  // Bytes discarded between documents and in skipped documents so far.
  size_t discarded_bytes() const { return discarded_bytes_; }

  // True while a document has started and has not ended.
  bool mid_document() const { return state_ != State::kBetween; }

 private:
  enum class State {
    kBetween,   // looking for "<WWKS"
    kText,      // inside a document, outside markup
    kMarkup,    // after '<', not yet known what kind
    kTag,       // inside a start or end tag
    kCdata,
    kComment,
    kOther,     // processing instruction or declaration, up to '>'
    kSkipping,  // an over-long document, up to its end
  };

  void consume(char c, std::vector<Result<std::string>>& out);
  void begin_document();
  void finish_tag(std::vector<Result<std::string>>& out);

  size_t max_document_bytes_;
  State state_ = State::kBetween;
  std::string document_;
  std::string pending_;   // a possible "<WWKS" start between documents, or a skip's lookout
  size_t tag_start_ = 0;  // offset in document_ of the markup being read
  char quote_ = 0;        // the quote of the attribute value being read in a tag
  size_t discarded_bytes_ = 0;
};

}  // namespace rx::wwks
