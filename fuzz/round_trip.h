// The writer's promise, checked on a parsed message: write_hl7 gives text that
// parse_hl7 reads back as the same tree.
#pragma once

#include <string>

#include "interop/hl7v2/message.h"
#include "interop/hl7v2/parser.h"
#include "interop/hl7v2/writer.h"
#include "invariant.h"

namespace rx::fuzz {

// Aborts unless `message` survives write_hl7 then parse_hl7 unchanged, and
// writing it again gives the same bytes.
inline void check_round_trip(const hl7::Message& message) {
  std::string written = hl7::write_hl7(message);
  auto reparsed = hl7::parse_hl7(written);
  if (!reparsed.ok()) std::fprintf(stderr, "re-parse error: %s\n", reparsed.status().message().c_str());
  RX_FUZZ_CHECK(reparsed.ok(), "write_hl7 output does not parse");
  RX_FUZZ_CHECK(*reparsed == message, "write_hl7 output parses to another tree");
  RX_FUZZ_CHECK(hl7::write_hl7(*reparsed) == written, "writing the re-parsed tree gives other bytes");
}

}  // namespace rx::fuzz
