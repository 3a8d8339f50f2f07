#include "interop/csv/csv_reader.h"

#include <fmt/format.h>

namespace rx {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

class Reader {
 public:
  Reader(std::string_view text, std::string_view file_name) : text_(text), file_name_(file_name) {
    if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = kUtf8Bom.size();
  }

  Result<std::vector<CsvRow>> rows() {
    std::vector<CsvRow> out;
    while (!at_end()) {
      if (size_t eol = line_break_length(); eol > 0) {  // an empty line
        pos_ += eol;
        ++line_;
        continue;
      }
      out.push_back(TRY(row()));
    }
    return out;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }

  // 1 for LF, 2 for CRLF, 0 if no line break starts here.
  size_t line_break_length() const {
    if (at_end()) return 0;
    if (text_[pos_] == '\n') return 1;
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') return 2;
    return 0;
  }

  Status error(int line, size_t column, std::string_view reason) const {
    return Status::invalid(fmt::format("{}:{}:{}: {}", file_name_, line, column, reason));
  }

  Result<CsvRow> row() {
    CsvRow row;
    row.line = line_;
    while (true) {
      size_t column = row.fields.size() + 1;
      row.fields.push_back(TRY(at_end() || text_[pos_] != '"' ? unquoted(column) : quoted(column)));
      if (at_end()) return row;
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (size_t eol = line_break_length(); eol > 0) {
        pos_ += eol;
        ++line_;
        return row;
      }
      // Only a lone CR can stop a field without being a separator.
      return error(line_, column, "carriage return without a line feed");
    }
  }

  Result<std::string> unquoted(size_t column) {
    std::string field;
    while (!at_end() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
      if (text_[pos_] == '"') {
        return error(line_, column,
                     "double quote inside an unquoted field (quote the whole field and double the quote)");
      }
      field += text_[pos_++];
    }
    return field;
  }

  Result<std::string> quoted(size_t column) {
    int start_line = line_;
    std::string field;
    ++pos_;  // the opening quote
    while (true) {
      if (at_end()) return error(start_line, column, "quoted field is not closed");
      char c = text_[pos_++];
      if (c == '"') {
        if (!at_end() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      field += c;
    }
    // A lone CR is reported by row().
    if (!at_end() && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') {
      std::string opened = line_ == start_line ? "" : fmt::format(" of the field opened on line {}", start_line);
      return error(line_, column, fmt::format("unexpected '{}' after the closing quote{}", text_[pos_], opened));
    }
    return field;
  }

  std::string_view text_;
  std::string_view file_name_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

Result<std::vector<CsvRow>> read_csv(std::string_view text, std::string_view file_name) {
  return Reader(text, file_name).rows();
}

}  // namespace rx
