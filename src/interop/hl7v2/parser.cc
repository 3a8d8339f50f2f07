#include "interop/hl7v2/parser.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "interop/hl7v2/escaping.h"
#include "interop/hl7v2/writer.h"

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

Result<std::vector<Line>> split_lines(std::string_view bytes) {
  if (bytes.size() > kMaxMessageBytes) {
    return Status::invalid(
        fmt::format("the input is {} bytes; the limit is {} (1 MiB)", bytes.size(), kMaxMessageBytes));
  }
  std::vector<Line> lines;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = bytes.size();
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

template <class Out>
void split_each(std::string_view text, char separator, Out&& out) {
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      out(text.substr(start));
      return;
    }
    out(text.substr(start, end - start));
    start = end + 1;
  }
}

Field parse_field(std::string_view raw, const EncodingCharacters& enc) {
  Field field;
  split_each(raw, enc.repetition, [&](std::string_view rep_text) {
    Repetition& rep = field.emplace_back();
    split_each(rep_text, enc.component, [&](std::string_view comp_text) {
      Component& comp = rep.emplace_back();
      split_each(comp_text, enc.subcomponent,
                 [&](std::string_view sub_text) { comp.push_back(decode_escapes(sub_text, enc)); });
    });
  });
  return field;
}

// Appends the fields in `text` to `segment`, the first being field `number`.
Status append_fields(const Line& line, std::string_view text, int number, Segment& segment,
                     const EncodingCharacters& enc) {
  Status status;
  size_t values = 0;
  for (char c : text) {
    values += (c == enc.field || c == enc.repetition || c == enc.component || c == enc.subcomponent) ? 1 : 0;
  }
  if (values >= kMaxSegmentValues) {
    std::string position = fmt::format("{}", segment.name);
    return error(line,
                 fmt::format("{} has {} or more values; the limit is {}", segment.name, values, kMaxSegmentValues),
                 position);
  }
  split_each(text, enc.field, [&](std::string_view raw) {
    if (!status.ok()) return;
    if (raw.size() > kMaxFieldBytes) {
      std::string position = fmt::format("{}-{}", segment.name, number);
      status =
          error(line, fmt::format("{} is {} bytes; the limit is {} (64 KiB)", position, raw.size(), kMaxFieldBytes),
                position);
      return;
    }
    segment.fields.push_back(parse_field(raw, enc));
    ++number;
  });
  return status;
}

// A segment that declares its delimiters (MSH, FHS, BHS); `enc` receives them.
Result<Segment> parse_header_segment(const Line& line, EncodingCharacters& enc) {
  std::string name(name_of(line));
  std::string_view text = line.text;
  std::string f1 = name + "-1", f2 = name + "-2";
  if (text.size() < 4) return error(line, fmt::format("{} (the field separator) is missing", f1), f1);
  char separator = text[3];
  if (!valid_delimiter(separator)) {
    return error(line, fmt::format("{} is {}; a field separator must be ASCII punctuation", f1, shown_char(separator)),
                 f1);
  }
  size_t end = text.find(separator, 4);
  std::string_view chars = text.substr(4, end == std::string_view::npos ? std::string_view::npos : end - 4);
  if (chars.empty()) {
    return error(line, fmt::format("{} is empty; expected the encoding characters, as in ^~\\&", f2), f2);
  }
  for (size_t i = 0; i < chars.size(); ++i) {
    if (chars.find(chars[i], i + 1) != std::string_view::npos) {
      return error(line,
                   fmt::format("{} \"{}\" uses {} twice; each encoding character must be different", f2,
                               shown_text(chars), shown_char(chars[i])),
                   f2);
    }
  }
  for (char c : chars) {
    if (!valid_delimiter(c)) {
      return error(line,
                   fmt::format("{} \"{}\" holds {}; encoding characters must be ASCII punctuation", f2,
                               shown_text(chars), shown_char(c)),
                   f2);
    }
  }
  if (chars.size() != 4 && chars.size() != 5) {
    return error(line,
                 fmt::format("{} \"{}\" has {} characters; expected 4 (component, repetition, escape, "
                             "subcomponent) or 5 (and truncation)",
                             f2, shown_text(chars), chars.size()),
                 f2);
  }
  enc.field = separator;
  enc.component = chars[0];
  enc.repetition = chars[1];
  enc.escape = chars[2];
  enc.subcomponent = chars[3];
  enc.truncation = chars.size() == 5 ? std::optional<char>(chars[4]) : std::nullopt;

  Segment segment{name, {Field{{Component{std::string(1, separator)}}}, Field{{Component{std::string(chars)}}}}};
  if (end != std::string_view::npos) {
    Status appended = append_fields(line, text.substr(end + 1), 3, segment, enc);
    if (!appended.ok()) return appended;
  }
  return segment;
}

Result<Segment> parse_segment(const Line& line, const EncodingCharacters& enc) {
  std::string_view text = line.text;
  std::string_view name = name_of(line);
  if (!valid_segment_name(name) || (text.size() > 3 && text[3] != enc.field)) {
    // Not error(): its label would name a segment that is not there.
    return Status::invalid(
        fmt::format("segment {}: expected a segment name (3 upper-case letters or digits) "
                    "followed by '{}', found \"{}\"",
                    line.index, enc.field, shown_text(text)));
  }
  Segment segment{std::string(name), {}};
  if (text.size() > 3) {
    Status appended = append_fields(line, text.substr(4), 1, segment, enc);
    if (!appended.ok()) return appended;
  }
  return segment;
}

Status check_msh(const Line& line, const Segment& msh, const EncodingCharacters& enc) {
  const Field* type = msh.fields.size() >= 9 ? &msh.fields[8] : nullptr;
  if (!type || write_field(*type, enc).empty()) return error(line, "MSH-9 (message type) is empty", "MSH-9");
  std::string shown = shown_text(write_field(*type, enc));
  if (get(msh, 9, 1, 1).empty()) {
    return error(line, fmt::format("MSH-9 \"{}\" has an empty message code (MSH-9.1)", shown), "MSH-9");
  }
  if ((*type)[0].size() >= 2 && get(msh, 9, 1, 2).empty()) {
    return error(line, fmt::format("MSH-9 \"{}\" has an empty trigger event (MSH-9.2)", shown), "MSH-9");
  }
  if (msh.fields.size() < 12 || write_field(msh.fields[11], enc).empty()) {
    return error(line, "MSH-12 (version ID) is empty", "MSH-12");
  }
  return Status::ok_status();
}

bool is_envelope_segment(std::string_view name) {
  return name == "FHS" || name == "BHS" || name == "BTS" || name == "FTS";
}

Result<Message> parse_first_segment(const Line& line) {
  std::string_view name = name_of(line);
  if (name != "MSH") {
    std::string hint = (name == "FHS" || name == "BHS") ? fmt::format(" ({} starts a batch file)", name) : "";
    return error(line, fmt::format("the first segment is not MSH{}", hint));
  }
  Message message;
  message.segments.push_back(TRY(parse_header_segment(line, message.encoding)));
  Status checked = check_msh(line, message.segments[0], message.encoding);
  if (!checked.ok()) return checked;
  return message;
}

Result<Message> parse_message(std::span<const Line> lines) {
  Message message = TRY(parse_first_segment(lines[0]));
  for (const Line& line : lines.subspan(1)) {
    std::string_view name = name_of(line);
    if (name == "MSH") {
      return error(line, "a second MSH; one message has one MSH (several messages make a batch)", "MSH");
    }
    if (is_envelope_segment(name)) {
      return error(line, fmt::format("{} belongs to a batch envelope, not inside a message", name), std::string(name));
    }
    message.segments.push_back(TRY(parse_segment(line, message.encoding)));
  }
  return message;
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

Result<Message> parse_hl7(std::string_view bytes) {
  std::vector<Line> lines = TRY(split_lines(bytes));
  return parse_message(lines);
}

Result<Message> parse_hl7_header(std::string_view bytes) {
  size_t start = bytes.find_first_not_of("\r\n");
  if (start == std::string_view::npos) return Status::invalid("the input holds no segment");
  size_t end = bytes.find_first_of("\r\n", start);
  return parse_first_segment(Line{bytes.substr(start, end == std::string_view::npos ? end : end - start), 1});
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
      batch.messages.push_back(TRY(parse_message(std::span(lines).subspan(i, end - i))));
      ++batch_messages;
      i = end;
      continue;
    }
    if (name == "FHS") {
      if (i != 0) return error(line, "FHS must be the first segment of the file", "FHS");
      file_enc.emplace();
      batch.envelope.push_back(TRY(parse_header_segment(line, *file_enc)));
      open_file = &line;
    } else if (name == "BHS") {
      if (open_batch) {
        return error(line, fmt::format("BHS while the batch opened at segment {} has no BTS", open_batch->index),
                     "BHS");
      }
      batch_enc.emplace();
      batch.envelope.push_back(TRY(parse_header_segment(line, *batch_enc)));
      open_batch = &line;
      batch_messages = 0;
      ++batches;
    } else if (name == "BTS") {
      if (!open_batch) return error(line, "BTS without a BHS before it", "BTS");
      Segment trailer = TRY(parse_segment(line, *batch_enc));
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
      Segment trailer = TRY(parse_segment(line, *file_enc));
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
