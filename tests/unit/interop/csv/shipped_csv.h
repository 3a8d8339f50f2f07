// The shipped demo CSVs, and edits of them that break one field at a time.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace rx::testing_csv {

inline std::string shipped(std::string_view name) {
  std::ifstream in(std::string(RXPRESS_SOURCE_DIR "/data/") + std::string(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open data/" << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    out.emplace_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

inline std::string join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(1, sep) : "") + parts[i];
  return out;
}

// `text` with field `column` (1-based) of line `line` (1-based) replaced. The
// line must hold no quoted field; the shipped files quote few lines.
inline std::string with_field(const std::string& text, int line, int column, const std::string& value) {
  auto lines = split(text, '\n');
  auto& l = lines.at(static_cast<size_t>(line - 1));
  EXPECT_EQ(l.find('"'), std::string::npos) << "line " << line << " has quotes";
  auto fields = split(l, ',');
  fields.at(static_cast<size_t>(column - 1)) = value;
  l = join(fields, ',');
  return join(lines, '\n');
}

// `text` with line `line` (1-based) replaced.
inline std::string with_line(const std::string& text, int line, const std::string& value) {
  auto lines = split(text, '\n');
  lines.at(static_cast<size_t>(line - 1)) = value;
  return join(lines, '\n');
}

}  // namespace rx::testing_csv
