// read_inbound on arbitrary bytes: every input gets exactly one outcome (an
// action or a refusal), and the ACK written for it reads back with that code.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/time.h"
#include "interop/hl7v2/ack_writer.h"
#include "interop/hl7v2/inbound.h"
#include "interop/hl7v2/message.h"
#include "interop/hl7v2/parser.h"
#include "invariant.h"
#include "shipped_formulary.h"

namespace {

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool is_lower_hex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rx;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const Formulary& formulary = fuzz::shipped_formulary();
  const Zone zone = Zone::shanghai();
  hl7::Inbound in = hl7::read_inbound(bytes, formulary, zone);

  RX_FUZZ_CHECK(in.action.has_value() != in.error.has_value(), "not exactly one of action and error");
  RX_FUZZ_CHECK(in.digest.size() == 16 && is_lower_hex(in.digest), "the digest is not 16 lower-case hex digits");
  if (in.error) {
    RX_FUZZ_CHECK(in.error->ack != hl7::AckCode::kAccept, "a refusal with the code AA");
    RX_FUZZ_CHECK(!in.error->code.empty() && !in.error->text.empty(), "a refusal without its code or text");
  }
  if (!in.header) RX_FUZZ_CHECK(in.ack() == hl7::AckCode::kReject, "an unreadable MSH answered other than AR");
  if (in.action) {
    if (const auto* order = std::get_if<hl7::NewOrder>(&*in.action)) {
      RX_FUZZ_CHECK(!order->rx.items.empty(), "an accepted order without lines");
      RX_FUZZ_CHECK(order->rx.items.size() <= static_cast<size_t>(hl7::kMaxOrderGroups),
                    "an accepted order with more lines than the limit");
      for (const Item& item : order->rx.items) {
        RX_FUZZ_CHECK(formulary.find(item.drug) != nullptr, "an accepted line whose drug is not in the formulary");
      }
    }
  }

  // Whatever came in, the answer must be a message the sender can read.
  Instant now = parse_instant("2026-11-29T10:00:00+08:00", zone).value();
  const hl7::InboundError* error = in.error ? &*in.error : nullptr;
  std::string ack = hl7::write_ack(in.header, in.ack(), error, "FUZZ-ACK", now, zone);
  auto parsed = hl7::parse_hl7(ack);
  if (!parsed.ok()) std::fprintf(stderr, "ACK does not parse: %s\n", parsed.status().message().c_str());
  RX_FUZZ_CHECK(parsed.ok(), "the ACK does not parse");
  const hl7::Segment* msa = hl7::first_segment(*parsed, "MSA");
  RX_FUZZ_CHECK(msa != nullptr, "the ACK has no MSA");
  RX_FUZZ_CHECK(hl7::get(*msa, 1) == hl7::ack_code_name(in.ack()), "MSA-1 is not the outcome's code");
  // A GB 18030 answer spells non-ASCII text in other bytes; ASCII reads the same in both.
  std::string echo = in.header ? in.header->control_id : std::string();
  if (is_ascii(echo)) RX_FUZZ_CHECK(hl7::get(*msa, 2) == echo, "MSA-2 does not echo MSH-10");
  return 0;
}
