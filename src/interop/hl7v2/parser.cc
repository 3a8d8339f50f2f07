#include "interop/hl7v2/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "interop/hl7v2/delimiter_scanner.h"
#include "interop/hl7v2/escaping.h"
#include "interop/hl7v2/message_view.h"

namespace rx::hl7 {
namespace {

// One segment's text, without its terminator, and its 1-based place in the input.
struct Line {
  std::string_view text;
  int index = 0;
};

bool is_upper_or_digit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool valid_segment_name(std::string_view name) {
  return name.size() == 3 && name[0] >= 'A' && name[0] <= 'Z' && is_upper_or_digit(name[1]) &&
         is_upper_or_digit(name[2]);
}

// Delimiters must be ASCII punctuation: anything else would collide with text
// (letters, digits, spaces), with segment ends, or with UTF-8 sequences.
bool valid_delimiter(char c) {
  auto u = static_cast<unsigned char>(c);
  bool alnum = (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z');
  return u > 0x20 && u < 0x7F && !alnum;
}

std::string shown_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u > 0x20 && u < 0x7F) return fmt::format("'{}'", c);
  return fmt::format("0x{:02X}", u);
}

// At most `max` bytes of untrusted text, with bytes outside printable ASCII as \xHH.
std::string shown_text(std::string_view text, size_t max = 24) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < max; ++i) {
    auto u = static_cast<unsigned char>(text[i]);
    out += (u >= 0x20 && u < 0x7F) ? std::string(1, text[i]) : fmt::format("\\x{:02X}", u);
  }
  if (text.size() > max) out += "...";
  return out;
}

std::string_view name_of(const Line& line) { return line.text.substr(0, 3); }

std::string label(const Line& line) {
  std::string_view name = name_of(line);
  if (valid_segment_name(name)) return fmt::format("segment {} ({})", line.index, name);
  return fmt::format("segment {}", line.index);
}

Status error(const Line& line, std::string_view reason, std::string position = {}) {
  return Status::invalid(fmt::format("{}: {}", label(line), reason), std::move(position));
}

Status too_large(size_t bytes) {
  return Status::invalid(fmt::format("the input is {} bytes; the limit is {} (1 MiB)", bytes, kMaxMessageBytes));
}

Result<std::vector<Line>> split_lines(std::string_view bytes) {
  if (bytes.size() > kMaxMessageBytes) return too_large(bytes.size());
  std::vector<Line> lines;
  lines.reserve(bytes.size() / 48 + 4);  // segments are rarely shorter than that
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = start;
    while (end < bytes.size() && bytes[end] != '\r' && bytes[end] != '\n') ++end;
    if (end > start) {
      if (lines.size() == kMaxSegments) {
        return Status::invalid(
            fmt::format("segment {}: the input has more than {} segments", kMaxSegments + 1, kMaxSegments));
      }
      lines.push_back(Line{bytes.substr(start, end - start), static_cast<int>(lines.size()) + 1});
    }
    start = end + 1;
  }
  if (lines.empty()) return Status::invalid("the input holds no segment");
  return lines;
}

// What a byte means inside a segment of a message with these delimiters.
// The four delimiters are numbered by the levels they open: a field opens a
// repetition, which opens a component, which opens a subcomponent.
enum class ByteClass : uint8_t { kText, kSubcomponent, kComponent, kRepetition, kField, kEscape, kSegmentEnd };

}  // namespace

// Fills a MessageView one segment at a time, in one pass over each segment's
// bytes that steps from delimiter to delimiter. The tables are sized for the
// whole input at once, so the pass writes without checking capacity and
// without branching on the kind of delimiter.
class MessageViewBuilder {
 public:
  // A builder for the segments in [begin, limit) of `input`.
  MessageViewBuilder(std::string_view input, const char* begin, const char* limit) : begin_(begin), limit_(limit) {
    view_.input_ = input;
  }

  const EncodingCharacters& encoding() const { return view_.encoding_; }

  // Reads the segments that follow with these delimiters, and sizes the tables.
  void use_encoding(const EncodingCharacters& enc) {
    view_.encoding_ = enc;
    classes_.fill(ByteClass::kText);
    classes_[static_cast<unsigned char>(enc.field)] = ByteClass::kField;
    classes_[static_cast<unsigned char>(enc.repetition)] = ByteClass::kRepetition;
    classes_[static_cast<unsigned char>(enc.component)] = ByteClass::kComponent;
    classes_[static_cast<unsigned char>(enc.subcomponent)] = ByteClass::kSubcomponent;
    classes_[static_cast<unsigned char>(enc.escape)] = ByteClass::kEscape;
    classes_['\r'] = ByteClass::kSegmentEnd;
    classes_['\n'] = ByteClass::kSegmentEnd;
    scanner_ = DelimiterScanner(enc);
    size_tables();
  }

  // Runs `check` on the last segment read, before the view is finished.
  template <class Check>
  Status check_last(Check&& check) {
    write_sentinels();
    return check(SegmentView(&view_, static_cast<uint32_t>(view_.segments_.size() - 1)));
  }

  // A segment that declares its delimiters (MSH, FHS, BHS): they become this
  // message's. Its fields 1 and 2 are kept as one undecoded value each.
  Status header_segment(const Line& line) {
    std::string_view name = name_of(line);
    std::string_view text = line.text;
    // The positions errors name, as in "MSH-2", spelled only when there is an error.
    auto f1 = [name] { return std::string(name) + "-1"; };
    auto f2 = [name] { return std::string(name) + "-2"; };
    if (text.size() < 4) return error(line, fmt::format("{} (the field separator) is missing", f1()), f1());
    char separator = text[3];
    if (!valid_delimiter(separator)) {
      return error(line,
                   fmt::format("{} is {}; a field separator must be ASCII punctuation", f1(), shown_char(separator)),
                   f1());
    }
    size_t end = text.find(separator, 4);
    std::string_view chars = text.substr(4, end == std::string_view::npos ? std::string_view::npos : end - 4);
    if (chars.empty()) {
      return error(line, fmt::format("{} is empty; expected the encoding characters, as in ^~\\&", f2()), f2());
    }
    for (size_t i = 0; i < chars.size(); ++i) {
      if (chars.find(chars[i], i + 1) != std::string_view::npos) {
        return error(line,
                     fmt::format("{} \"{}\" uses {} twice; each encoding character must be different", f2(),
                                 shown_text(chars), shown_char(chars[i])),
                     f2());
      }
    }
    for (char c : chars) {
      if (!valid_delimiter(c)) {
        return error(line,
                     fmt::format("{} \"{}\" holds {}; encoding characters must be ASCII punctuation", f2(),
                                 shown_text(chars), shown_char(c)),
                     f2());
      }
    }
    if (chars.size() != 4 && chars.size() != 5) {
      return error(line,
                   fmt::format("{} \"{}\" has {} characters; expected 4 (component, repetition, escape, "
                               "subcomponent) or 5 (and truncation)",
                               f2(), shown_text(chars), chars.size()),
                   f2());
    }
    EncodingCharacters enc;
    enc.field = separator;
    enc.component = chars[0];
    enc.repetition = chars[1];
    enc.escape = chars[2];
    enc.subcomponent = chars[3];
    enc.truncation = chars.size() == 5 ? std::optional<char>(chars[4]) : std::nullopt;
    use_encoding(enc);

    uint32_t at = offset_of(text.data());
    begin_segment(at);
    whole_field(at + 3, 1);
    whole_field(at + 4, static_cast<uint32_t>(chars.size()));
    const char* stop = text.data() + text.size();
    if (end != std::string_view::npos) {
      Status fields = append_fields(line, text.data() + end + 1, stop, 3, stop);
      if (!fields.ok()) return fields;
    }
    end_segment(stop);
    return Status::ok_status();
  }

  // Any other segment, read with the delimiters of the last header segment:
  // the one that starts at `start` and ends before a \r or \n, or at `limit`.
  // `stop` receives where it ends; `index` is its number in the input.
  Status segment(const char* start, const char* limit, int index, const char*& stop) {
    size_t available = static_cast<size_t>(limit - start);
    bool named = available >= 3 && valid_segment_name(std::string_view(start, 3));
    ByteClass after = available > 3 ? classes_[static_cast<unsigned char>(start[3])] : ByteClass::kSegmentEnd;
    if (!named || (after != ByteClass::kField && after != ByteClass::kSegmentEnd)) {
      const char* end = start;
      while (end != limit && *end != '\r' && *end != '\n') ++end;
      // Not error(): its label would name a segment that is not there.
      return Status::invalid(
          fmt::format("segment {}: expected a segment name (3 upper-case letters or digits) "
                      "followed by '{}', found \"{}\"",
                      index, view_.encoding_.field,
                      shown_text(std::string_view(start, static_cast<size_t>(end - start)))));
    }
    begin_segment(offset_of(start));
    stop = start + 3;
    if (after == ByteClass::kField) {
      Status fields = append_fields(Line{std::string_view(start, 3), index}, start + 4, limit, 1, stop);
      if (!fields.ok()) return fields;
    }
    end_segment(stop);
    return Status::ok_status();
  }

  // The view, with the sentinels that close each level.
  MessageView finish() && {
    write_sentinels();
    view_.fields_.resize(fields_ + 1);
    view_.repetitions_.resize(repetitions_ + 1);
    view_.components_.resize(components_ + 1);
    view_.values_.resize(values_);
    return std::move(view_);
  }

 private:
  // Every value but the first of a segment follows a delimiter, and every
  // segment starts with a three-byte name, so a table never needs more rows
  // than the segments have bytes. The slack covers the header's two undivided
  // fields, the sentinel and the writes the pass makes one past each table's
  // end. The rows are left uninitialised, so the unused ones cost no work.
  void size_tables() {
    size_t rows = static_cast<size_t>(limit_ - begin_) + 8;
    view_.fields_.resize(rows);
    view_.repetitions_.resize(rows);
    view_.components_.resize(rows);
    view_.values_.resize(rows);
  }

  void write_sentinels() {
    view_.fields_[fields_] = MessageView::FieldRecord{static_cast<uint32_t>(repetitions_), 0};
    view_.repetitions_[repetitions_] = static_cast<uint32_t>(components_);
    view_.components_[components_] = static_cast<uint32_t>(values_);
  }

  uint32_t offset_of(const char* p) const { return static_cast<uint32_t>(p - view_.input_.data()); }

  void begin_segment(uint32_t start) {
    view_.segments_.push_back(MessageView::SegmentRecord{start, 0, static_cast<uint32_t>(fields_), 0});
  }
  void end_segment(const char* end) {
    view_.segments_.back().end_offset = offset_of(end);
    view_.segments_.back().end_field = static_cast<uint32_t>(fields_);
  }

  // A field of one value, taken as it stands.
  void whole_field(uint32_t offset, uint32_t length) {
    view_.fields_[fields_++] = MessageView::FieldRecord{static_cast<uint32_t>(repetitions_), offset};
    view_.repetitions_[repetitions_++] = static_cast<uint32_t>(components_);
    view_.components_[components_++] = static_cast<uint32_t>(values_);
    view_.values_[values_++] = MessageView::Span{offset, length};
  }

  [[gnu::noinline]] MessageView::Span decoded_value(const char* begin, const char* end) {
    std::string decoded = decode_escapes(std::string_view(begin, static_cast<size_t>(end - begin)), view_.encoding_);
    MessageView::Span span{static_cast<uint32_t>(view_.decoded_.size()) | MessageView::kDecoded,
                           static_cast<uint32_t>(decoded.size())};
    view_.decoded_ += decoded;
    return span;
  }

  // Reads fields from `p` to the end of the segment (a \r or \n, or `limit`),
  // the first being field `number`; `stop` receives where the segment ends.
  // `line` names the segment in errors.
  Status append_fields(const Line& line, const char* p, const char* limit, int number, const char*& stop) {
    MessageView::FieldRecord* fields = view_.fields_.data();
    uint32_t* repetitions = view_.repetitions_.data();
    uint32_t* components = view_.components_.data();
    MessageView::Span* values = view_.values_.data();
    size_t nf = fields_, nr = repetitions_, nc = components_, nv = values_;
    const size_t first_field = nf;
    const char* base = view_.input_.data();
    const char* input_end = base + view_.input_.size();
    fields[nf++] = MessageView::FieldRecord{static_cast<uint32_t>(nr), static_cast<uint32_t>(p - base)};
    repetitions[nr++] = static_cast<uint32_t>(nc);
    components[nc++] = static_cast<uint32_t>(nv);
    const char* value = p;
    const char* end = limit;
    bool escaped = false;
    size_t delimiters = 0;
    for (const char* chunk = p; chunk < limit; chunk += DelimiterScanner::kWidth) {
      // A full block may look past `limit`, never past the input; bits past `limit` are dropped.
      uint32_t mask = scanner_.mask(chunk, std::min<size_t>(DelimiterScanner::kWidth, static_cast<size_t>(input_end - chunk)));
      if (static_cast<size_t>(limit - chunk) < DelimiterScanner::kWidth) mask &= (uint32_t{1} << (limit - chunk)) - 1;
      for (; mask != 0; mask &= mask - 1) {
        const char* q = chunk + __builtin_ctz(mask);
        ByteClass c = classes_[static_cast<unsigned char>(*q)];
        if (c == ByteClass::kEscape) {
          escaped = true;
          continue;
        }
        if (c == ByteClass::kSegmentEnd) {
          end = q;
          goto segment_end;
        }
        ++delimiters;
        values[nv++] = escaped ? decoded_value(value, q)
                               : MessageView::Span{static_cast<uint32_t>(value - base), static_cast<uint32_t>(q - value)};
        escaped = false;
        value = q + 1;
        // Open what this delimiter opens, by writing every level's next row
        // and keeping those at or below its level.
        auto level = static_cast<unsigned>(c);
        fields[nf] = MessageView::FieldRecord{static_cast<uint32_t>(nr), static_cast<uint32_t>(value - base)};
        nf += level >= static_cast<unsigned>(ByteClass::kField);
        repetitions[nr] = static_cast<uint32_t>(nc);
        nr += level >= static_cast<unsigned>(ByteClass::kRepetition);
        components[nc] = static_cast<uint32_t>(nv);
        nc += level >= static_cast<unsigned>(ByteClass::kComponent);
      }
    }
  segment_end:
    values[nv++] = escaped ? decoded_value(value, end)
                           : MessageView::Span{static_cast<uint32_t>(value - base), static_cast<uint32_t>(end - value)};
    fields_ = nf;
    repetitions_ = nr;
    components_ = nc;
    values_ = nv;
    if (delimiters >= kMaxSegmentValues) return too_many_values(line);
    for (size_t f = first_field; f < nf; ++f) {
      size_t field_end = f + 1 < nf ? fields[f + 1].raw_offset - 1 : static_cast<size_t>(end - base);
      size_t bytes = field_end - fields[f].raw_offset;
      if (bytes > kMaxFieldBytes) return field_too_long(line, number + static_cast<int>(f - first_field), bytes);
    }
    stop = end;
    return Status::ok_status();
  }

  [[gnu::cold]] static Status too_many_values(const Line& line) {
    std::string_view name = name_of(line);
    return error(line,
                 fmt::format("{} has {} or more values; the limit is {}", name, kMaxSegmentValues, kMaxSegmentValues),
                 std::string(name));
  }

  [[gnu::cold]] static Status field_too_long(const Line& line, int number, size_t bytes) {
    std::string position = fmt::format("{}-{}", name_of(line), number);
    return error(line, fmt::format("{} is {} bytes; the limit is {} (64 KiB)", position, bytes, kMaxFieldBytes),
                 position);
  }

  const char* begin_;
  const char* limit_;
  MessageView view_;
  size_t fields_ = 0, repetitions_ = 0, components_ = 0, values_ = 0;  // rows written
  std::array<ByteClass, 256> classes_{};
  DelimiterScanner scanner_;
};

namespace {

Status check_msh(const Line& line, const SegmentView& msh) {
  std::string_view type = msh.raw_field(9);
  if (type.empty()) return error(line, "MSH-9 (message type) is empty", "MSH-9");
  std::string shown = shown_text(type);
  if (msh.get(9, 1, 1).empty()) {
    return error(line, fmt::format("MSH-9 \"{}\" has an empty message code (MSH-9.1)", shown), "MSH-9");
  }
  if (msh.component_count(9, 1) >= 2 && msh.get(9, 1, 2).empty()) {
    return error(line, fmt::format("MSH-9 \"{}\" has an empty trigger event (MSH-9.2)", shown), "MSH-9");
  }
  if (msh.raw_field(12).empty()) return error(line, "MSH-12 (version ID) is empty", "MSH-12");
  return Status::ok_status();
}

bool is_envelope_segment(std::string_view name) {
  return name == "FHS" || name == "BHS" || name == "BTS" || name == "FTS";
}

// Reads MSH, the first line of a message, into `builder`.
Status read_msh(const Line& line, MessageViewBuilder& builder) {
  std::string_view name = name_of(line);
  if (name != "MSH") {
    std::string hint = (name == "FHS" || name == "BHS") ? fmt::format(" ({} starts a batch file)", name) : "";
    return error(line, fmt::format("the first segment is not MSH{}", hint));
  }
  Status read = builder.header_segment(line);
  if (!read.ok()) return read;
  return builder.check_last([&](const SegmentView& msh) { return check_msh(line, msh); });
}

const char* line_end(const char* p, const char* limit) {
  while (p != limit && *p != '\r' && *p != '\n') ++p;
  return p;
}

// One message: the segments in [p, limit) of `input`, the first being its MSH
// and numbered `first_index`.
Result<MessageView> view_message(std::string_view input, const char* p, const char* limit, int first_index) {
  MessageViewBuilder builder(input, p, limit);
  int index = first_index - 1;
  bool header_read = false;
  while (true) {
    while (p != limit && (*p == '\r' || *p == '\n')) ++p;
    if (p == limit) break;
    if (static_cast<size_t>(++index - first_index) == kMaxSegments) {
      return Status::invalid(fmt::format("segment {}: the input has more than {} segments", index, kMaxSegments));
    }
    if (!header_read) {
      const char* end = line_end(p, limit);
      Status status = read_msh(Line{std::string_view(p, static_cast<size_t>(end - p)), index}, builder);
      if (!status.ok()) return status;
      header_read = true;
      p = end;
      continue;
    }
    std::string_view name(p, std::min<size_t>(3, static_cast<size_t>(limit - p)));
    if (name == "MSH" || is_envelope_segment(name)) {
      Line line{std::string_view(p, static_cast<size_t>(line_end(p, limit) - p)), index};
      if (name == "MSH") {
        return error(line, "a second MSH; one message has one MSH (several messages make a batch)", "MSH");
      }
      return error(line, fmt::format("{} belongs to a batch envelope, not inside a message", name), std::string(name));
    }
    Status status = builder.segment(p, limit, index, p);
    if (!status.ok()) return status;
  }
  if (!header_read) return Status::invalid("the input holds no segment");
  return std::move(builder).finish();
}

// A batch envelope segment on its own: FHS or BHS, whose delimiters go to
// `enc`, or BTS or FTS, read with `enc`.
Result<Segment> envelope_segment(std::string_view input, const Line& line, EncodingCharacters& enc) {
  MessageViewBuilder builder(input, line.text.data(), line.text.data() + line.text.size());
  std::string_view name = name_of(line);
  Status status;
  if (name == "FHS" || name == "BHS") {
    status = builder.header_segment(line);
    enc = builder.encoding();
  } else {
    builder.use_encoding(enc);
    const char* stop = nullptr;
    status = builder.segment(line.text.data(), line.text.data() + line.text.size(), line.index, stop);
  }
  if (!status.ok()) return status;
  Message tree = std::move(builder).finish().to_tree();
  return std::move(tree.segments[0]);
}

// The count a BTS-1 or FTS-1 states must match the count found.
Status check_count(const Line& line, const Segment& trailer, std::string_view counted, int found) {
  std::string_view stated = get(trailer, 1);
  if (stated.empty()) return Status::ok_status();
  int value = -1;
  auto [end, ec] = std::from_chars(stated.data(), stated.data() + stated.size(), value);
  std::string position = trailer.name + "-1";
  if (ec != std::errc() || end != stated.data() + stated.size()) {
    return error(line, fmt::format("{} \"{}\" is not a number", position, shown_text(stated)), position);
  }
  if (value != found) {
    return error(line, fmt::format("{} says {} {}; found {}", position, value, counted, found), position);
  }
  return Status::ok_status();
}

}  // namespace

Result<MessageView> parse_hl7_view(std::string_view bytes) {
  if (bytes.size() > kMaxMessageBytes) return too_large(bytes.size());
  return view_message(bytes, bytes.data(), bytes.data() + bytes.size(), 1);
}

Result<Message> parse_hl7(std::string_view bytes) { return TRY(parse_hl7_view(bytes)).to_tree(); }

Result<MessageView> parse_hl7_header(std::string_view bytes) {
  size_t start = bytes.find_first_not_of("\r\n");
  if (start == std::string_view::npos) return Status::invalid("the input holds no segment");
  size_t end = bytes.find_first_of("\r\n", start);
  Line line{bytes.substr(start, end == std::string_view::npos ? end : end - start), 1};
  MessageViewBuilder builder(bytes, line.text.data(), line.text.data() + line.text.size());
  Status status = read_msh(line, builder);
  if (!status.ok()) return status;
  return std::move(builder).finish();
}

Result<Batch> parse_hl7_batch(std::string_view bytes) {
  std::vector<Line> lines = TRY(split_lines(bytes));
  Batch batch;
  std::optional<EncodingCharacters> file_enc;
  std::optional<EncodingCharacters> batch_enc;
  const Line* open_file = nullptr;
  const Line* open_batch = nullptr;
  int batches = 0;
  int batch_messages = 0;
  bool file_closed = false;
  size_t i = 0;
  while (i < lines.size()) {
    const Line& line = lines[i];
    std::string_view name = name_of(line);
    if (file_closed) return error(line, "a segment after FTS, which ends the file");
    if (name == "MSH") {
      size_t end = i + 1;
      while (end < lines.size() && name_of(lines[end]) != "MSH" && !is_envelope_segment(name_of(lines[end]))) ++end;
      const Line& last = lines[end - 1];
      batch.messages.push_back(
          TRY(view_message(bytes, line.text.data(), last.text.data() + last.text.size(), line.index)).to_tree());
      ++batch_messages;
      i = end;
      continue;
    }
    if (name == "FHS") {
      if (i != 0) return error(line, "FHS must be the first segment of the file", "FHS");
      file_enc.emplace();
      batch.envelope.push_back(TRY(envelope_segment(bytes, line, *file_enc)));
      open_file = &line;
    } else if (name == "BHS") {
      if (open_batch) {
        return error(line, fmt::format("BHS while the batch opened at segment {} has no BTS", open_batch->index),
                     "BHS");
      }
      batch_enc.emplace();
      batch.envelope.push_back(TRY(envelope_segment(bytes, line, *batch_enc)));
      open_batch = &line;
      batch_messages = 0;
      ++batches;
    } else if (name == "BTS") {
      if (!open_batch) return error(line, "BTS without a BHS before it", "BTS");
      Segment trailer = TRY(envelope_segment(bytes, line, *batch_enc));
      Status counted = check_count(line, trailer, "messages", batch_messages);
      if (!counted.ok()) return counted;
      batch.envelope.push_back(std::move(trailer));
      open_batch = nullptr;
    } else if (name == "FTS") {
      if (!open_file) return error(line, "FTS without an FHS at the start", "FTS");
      if (open_batch) {
        return error(line, fmt::format("FTS while the batch opened at segment {} has no BTS", open_batch->index),
                     "FTS");
      }
      Segment trailer = TRY(envelope_segment(bytes, line, *file_enc));
      // Without BHS segments there is no batch to count.
      if (batches > 0) {
        Status counted = check_count(line, trailer, "batches", batches);
        if (!counted.ok()) return counted;
      }
      batch.envelope.push_back(std::move(trailer));
      file_closed = true;
    } else {
      return error(line, fmt::format("expected MSH, FHS, BHS, BTS or FTS, found \"{}\"", shown_text(line.text)));
    }
    ++i;
  }
  if (open_batch) {
    return Status::invalid(fmt::format("the batch opened at segment {} (BHS) has no BTS", open_batch->index), "BTS");
  }
  if (open_file && !file_closed) return Status::invalid("the file opened at segment 1 (FHS) has no FTS", "FTS");
  return batch;
}

}  // namespace rx::hl7
