// parse_hl7 on arbitrary bytes: it must return a message or an error, never
// crash, and what it accepts must survive write_hl7 and a second parse.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "interop/hl7v2/message_json.h"
#include "interop/hl7v2/parser.h"
#include "invariant.h"
#include "round_trip.h"

// Escaping may spell a field up to 2.5 times longer than the input did (\X0D0D\
// becomes \X0D\\X0D\), so past this size a re-parse can rightly meet the field
// limit; below it the round trip must hold exactly.
constexpr size_t kRoundTripMaxInput = rx::hl7::kMaxFieldBytes / 4;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto message = rx::hl7::parse_hl7(bytes);
  auto header = rx::hl7::parse_hl7_header(bytes);
  if (!message.ok()) {
    RX_FUZZ_CHECK(!message.status().message().empty(), "an error without a message");
    return 0;
  }
  RX_FUZZ_CHECK(!message->segments.empty() && message->segments[0].name == "MSH", "a message without MSH first");
  // The header alone is a weaker check than the whole message, so it cannot refuse what the whole accepts.
  RX_FUZZ_CHECK(header.ok(), "parse_hl7_header refuses the MSH that parse_hl7 accepts");
  RX_FUZZ_CHECK(header->segments.size() == 1 && header->segments[0] == message->segments[0] &&
                    header->encoding == message->encoding,
                "parse_hl7_header reads MSH differently from parse_hl7");
  // Any bytes may reach the JSON view (`rxpress hl7 parse`), invalid UTF-8 included.
  (void)rx::hl7::message_to_json(*message).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (size <= kRoundTripMaxInput) rx::fuzz::check_round_trip(*message);
  return 0;
}
