// `rxpress hl7 parse FILE`: the message tree as JSON, in the shape that
// interop/hl7v2/message_json.h describes, one segment per line. A batch file
// (starting with FHS or BHS) prints {"envelope":[...],"messages":[...]}.
#include <fmt/format.h>

#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/shipped_data.h"
#include "interop/hl7v2/message_json.h"
#include "interop/hl7v2/parser.h"

namespace rx::cli {
namespace {

using Json = nlohmann::ordered_json;

// Text decoded from \X..\ escapes, or sent in a legacy charset, need not be
// UTF-8; such bytes print as U+FFFD rather than failing the whole output.
std::string dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string segments_lines(const Json& segments) {
  std::string out = "[";
  for (size_t i = 0; i < segments.size(); ++i) out += (i ? ",\n " : "\n ") + dump(segments[i]);
  return out + "\n]";
}

std::string message_lines(const Json& message) {
  return fmt::format("{{\"encoding\":{},\"segments\":{}}}", dump(message["encoding"]),
                     segments_lines(message["segments"]));
}

bool starts_batch(std::string_view text) {
  size_t start = text.find_first_not_of("\r\n");
  if (start == std::string_view::npos) return false;
  std::string_view name = text.substr(start, 3);
  return name == "FHS" || name == "BHS";
}

}  // namespace

int run_hl7_parse(const std::filesystem::path& file) {
  // The parser, not the reader, refuses an oversized message, with its own message.
  auto text = read_file(file);
  if (!text.ok()) {
    fmt::print(stderr, "rxpress hl7 parse: {}\n", text.status().message());
    return 2;
  }
  if (starts_batch(*text)) {
    auto batch = hl7::parse_hl7_batch(*text);
    if (!batch.ok()) {
      fmt::print(stderr, "rxpress hl7 parse: {}: {}\n", file.string(), batch.status().message());
      return 2;
    }
    Json json = hl7::batch_to_json(*batch);
    std::string messages;
    for (size_t i = 0; i < json["messages"].size(); ++i) {
      messages += (i ? ",\n" : "\n") + message_lines(json["messages"][i]);
    }
    std::cout << fmt::format("{{\"envelope\":{},\"messages\":[{}\n]}}\n", segments_lines(json["envelope"]), messages);
    return 0;
  }
  auto message = hl7::parse_hl7(*text);
  if (!message.ok()) {
    fmt::print(stderr, "rxpress hl7 parse: {}: {}\n", file.string(), message.status().message());
    return 2;
  }
  std::cout << message_lines(hl7::message_to_json(*message)) << "\n";
  return 0;
}

}  // namespace rx::cli
