// parse_hl7 on arbitrary bytes: it must return a message or an error, never
// crash, and what it accepts must survive write_hl7 and a second parse. The
// view that intake reads must agree with the tree at every position.
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

namespace {

// The view's indexed accessors against the tree built by its own walk.
void check_view_positions(const rx::hl7::MessageView& view, const rx::hl7::Message& tree) {
  RX_FUZZ_CHECK(view.segment_count() == tree.segments.size(), "the view and the tree count segments differently");
  for (size_t i = 0; i < tree.segments.size(); ++i) {
    const rx::hl7::Segment& s = tree.segments[i];
    rx::hl7::SegmentView v = view.segment(i);
    RX_FUZZ_CHECK(v.name() == s.name && v.field_count() == static_cast<int>(s.fields.size()),
                  "the view and the tree disagree on a segment");
    for (int f = 1; f <= v.field_count(); ++f) {
      const rx::hl7::Field& field = s.fields[f - 1];
      RX_FUZZ_CHECK(v.repetition_count(f) == rx::hl7::repetition_count(s, f), "repetition counts differ");
      for (int r = 1; r <= static_cast<int>(field.size()); ++r) {
        RX_FUZZ_CHECK(v.component_count(f, r) == static_cast<int>(field[r - 1].size()), "component counts differ");
        for (int c = 1; c <= static_cast<int>(field[r - 1].size()); ++c) {
          int subs = static_cast<int>(field[r - 1][c - 1].size());
          RX_FUZZ_CHECK(v.subcomponent_count(f, r, c) == subs, "subcomponent counts differ");
          for (int sub = 1; sub <= subs; ++sub) {
            RX_FUZZ_CHECK(v.get(f, r, c, sub) == field[r - 1][c - 1][sub - 1], "a value differs");
          }
        }
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto message = rx::hl7::parse_hl7(bytes);
  auto view = rx::hl7::parse_hl7_view(bytes);
  RX_FUZZ_CHECK(view.ok() == message.ok(), "parse_hl7_view and parse_hl7 disagree on acceptance");
  auto header = rx::hl7::parse_hl7_header(bytes);
  if (!message.ok()) {
    RX_FUZZ_CHECK(!message.status().message().empty(), "an error without a message");
    return 0;
  }
  RX_FUZZ_CHECK(!message->segments.empty() && message->segments[0].name == "MSH", "a message without MSH first");
  check_view_positions(*view, *message);
  // The header alone is a weaker check than the whole message, so it cannot refuse what the whole accepts.
  RX_FUZZ_CHECK(header.ok(), "parse_hl7_header refuses the MSH that parse_hl7 accepts");
  RX_FUZZ_CHECK(header->segment_count() == 1 && header->to_tree().segments[0] == message->segments[0] &&
                    header->encoding() == message->encoding,
                "parse_hl7_header reads MSH differently from parse_hl7");
  // Any bytes may reach the JSON view (`rxpress hl7 parse`), invalid UTF-8 included.
  (void)rx::hl7::message_to_json(*message).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  if (size <= kRoundTripMaxInput) rx::fuzz::check_round_trip(*message);
  return 0;
}
