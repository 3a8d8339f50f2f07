// parse_hl7_batch on arbitrary bytes: a batch or an error, never a crash; each
// message it returns obeys the same rules as one parsed alone.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "interop/hl7v2/message_json.h"
#include "interop/hl7v2/parser.h"
#include "invariant.h"
#include "round_trip.h"

// As in parse_hl7_fuzzer.cc: below this size, escaping cannot push a field past its limit.
constexpr size_t kRoundTripMaxInput = rx::hl7::kMaxFieldBytes / 4;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto batch = rx::hl7::parse_hl7_batch(bytes);
  if (!batch.ok()) {
    RX_FUZZ_CHECK(!batch.status().message().empty(), "an error without a message");
    return 0;
  }
  for (const rx::hl7::Segment& segment : batch->envelope) {
    RX_FUZZ_CHECK(segment.name == "FHS" || segment.name == "BHS" || segment.name == "BTS" || segment.name == "FTS",
                  "a non-envelope segment in the envelope");
  }
  // A plain message is a batch of one, so the two parsers must agree on it.
  auto single = rx::hl7::parse_hl7(bytes);
  if (single.ok()) {
    RX_FUZZ_CHECK(batch->envelope.empty() && batch->messages.size() == 1 && batch->messages[0] == *single,
                  "parse_hl7_batch and parse_hl7 read one message differently");
  }
  (void)rx::hl7::batch_to_json(*batch).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (size > kRoundTripMaxInput) return 0;
  for (const rx::hl7::Message& message : batch->messages) {
    RX_FUZZ_CHECK(!message.segments.empty() && message.segments[0].name == "MSH", "a message without MSH first");
    rx::fuzz::check_round_trip(message);
  }
  return 0;
}
