#include "interop/hl7v2/ack_writer.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <utility>

#include "interop/hl7v2/charset.h"
#include "interop/hl7v2/header_builder.h"
#include "interop/hl7v2/outbound.h"
#include "interop/hl7v2/writer.h"

namespace rx::hl7 {
namespace {

struct TableEntry {
  std::string_view code;  // InboundError::code
  std::string_view hl7;   // HL7 table 0357
  std::string_view text;
};

// HL7 table 0357 (message error condition codes) for each refusal code.
constexpr std::array<TableEntry, 13> kConditions = {{
    {"MISSING_SEGMENT", "100", "Segment sequence error"},
    {"MALFORMED", "100", "Segment sequence error"},
    {"MISSING_CONTROL_ID", "101", "Required field missing"},
    {"BAD_NUMBER", "102", "Data type error"},
    {"BAD_FIELD", "102", "Data type error"},
    {"BAD_CHARSET", "102", "Data type error"},
    {"UNKNOWN_DRUG", "103", "Table value not found"},
    {"UNSUPPORTED_CONTROL", "103", "Table value not found"},
    {"UNSUPPORTED_TYPE", "200", "Unsupported message type"},
    {"BAD_VERSION", "203", "Unsupported version id"},
    {"UNKNOWN_PRESCRIPTION", "204", "Unknown key identifier"},
    {"DUPLICATE_CONTROL_ID", "205", "Duplicate key identifier"},
    {"MAX_ITEMS", "207", "Application internal error"},
}};

std::pair<std::string_view, std::string_view> condition(std::string_view code) {
  for (const TableEntry& e : kConditions) {
    if (e.code == code) return {e.hl7, e.text};
  }
  return {"207", "Application internal error"};
}

// "RXE-10" -> {"RXE", "10"}; "ORC" -> {"ORC", ""}.
std::pair<std::string, std::string> split_location(const std::string& location) {
  size_t dash = location.find('-');
  if (dash == std::string::npos) return {location, ""};
  return {location.substr(0, dash), location.substr(dash + 1)};
}

// ERR-1 (ELD, up to v2.4) or ERR-2..8 (v2.5 on).
Segment err_segment(const InboundError& error, std::string_view version) {
  Segment err{"ERR", {}};
  auto [hl7_code, hl7_text] = condition(error.code);
  auto [segment, field] = split_location(error.location);
  std::string sequence = std::to_string(error.sequence > 0 ? error.sequence : 1);
  bool before_25 = version.size() >= 3 && version[2] < '5';
  if (before_25) {
    if (!segment.empty()) {
      set(err, 1, segment, 1, 1);
      set(err, 1, sequence, 1, 2);
      set(err, 1, field, 1, 3);
    }
    set(err, 1, std::string(hl7_code), 1, 4, 1);
    set(err, 1, std::string(hl7_text), 1, 4, 2);
    set(err, 1, "HL70357", 1, 4, 3);
    return err;
  }
  if (!segment.empty()) {
    set(err, 2, segment, 1, 1);
    set(err, 2, sequence, 1, 2);
    if (!field.empty()) set(err, 2, field, 1, 3);
  }
  set(err, 3, std::string(hl7_code), 1, 1);
  set(err, 3, std::string(hl7_text), 1, 2);
  set(err, 3, "HL70357", 1, 3);
  set(err, 4, "E");
  set(err, 5, error.code);
  set(err, 8, error.text);
  return err;
}

std::string trigger_of(const std::string& message_type) {
  size_t hat = message_type.find('^');
  return hat == std::string::npos ? std::string() : message_type.substr(hat + 1);
}

}  // namespace

std::string write_ack(const std::optional<MessageHeader>& original, AckCode code, const InboundError* error,
                      const std::string& control_id, Instant now, const Zone& zone) {
  OutboundHeader h;
  h.message_code = "ACK";
  h.message_structure = "ACK";
  h.control_id = control_id;
  if (original) {
    h.sending_application = original->receiving_application;
    h.sending_facility = original->receiving_facility;
    h.receiving_application = original->sending_application;
    h.receiving_facility = original->sending_facility;
    h.trigger_event = trigger_of(original->message_type);
    if (!original->processing_id.empty()) h.processing_id = original->processing_id;
    if (is_accepted_version(original->version)) h.version = original->version;
    // Answer in the sender's charset, which it is known to read.
    if (is_gb18030(original->character_set)) h.character_set = std::string(kGb18030Charset);
  }
  Message ack = start_message(make_msh(h, now, zone));
  Segment msa{"MSA", {}};
  set(msa, 1, std::string(ack_code_name(code)));
  set(msa, 2, original ? original->control_id : std::string());
  if (error != nullptr) set(msa, 3, error->text);
  ack.segments.push_back(std::move(msa));
  if (error != nullptr) ack.segments.push_back(err_segment(*error, h.version.empty() ? kWriteVersion : h.version));
  std::string text = write_hl7(ack);
  if (h.character_set.empty()) return text;
  auto encoded = encode_from_utf8(text, h.character_set);
  if (encoded.ok()) return *encoded;
  // GB 18030 covers all of Unicode, so only text that is not UTF-8 fails: it goes out as it is, labelled so.
  set(ack.segments[0], 18, std::string(kUtf8Charset));
  return write_hl7(ack);
}

}  // namespace rx::hl7
