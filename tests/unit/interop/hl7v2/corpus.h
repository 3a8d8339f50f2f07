// The public HL7 v2 corpus under /work/shared/corpora/hl7 (see its SOURCES.md).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace rx::hl7::testing {

inline std::string corpus_file(std::string_view relative_path) {
  std::string path = std::string(RXPRESS_SHARED_DIR "/corpora/hl7/") + std::string(relative_path);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The text with every run of \r and \n made one \r, and a final \r: what the
// writer gives for a message that uses only the standard escapes.
inline std::string normalise_separators(std::string_view text) {
  std::string out;
  bool in_break = true;  // drops leading line breaks
  for (char c : text) {
    bool is_break = c == '\r' || c == '\n';
    if (is_break && !in_break) out += '\r';
    if (!is_break) out += c;
    in_break = is_break;
  }
  if (!out.empty() && out.back() != '\r') out += '\r';
  return out;
}

}  // namespace rx::hl7::testing
