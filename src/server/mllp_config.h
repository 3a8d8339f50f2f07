// MllpConfig: what the MLLP listener (HL7 v2 over TCP) listens on and allows.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "core/time.h"
#include "interop/hl7v2/mllp_framer.h"

namespace rx {

struct MllpConfig {
  std::string bind = "127.0.0.1";
  unsigned short port = 2575;  // 0 picks a free port
  // A connection that sends nothing and has no answer pending for this long is closed.
  Duration idle_timeout = std::chrono::seconds(300);
  // Connections beyond this many are closed as soon as they are accepted.
  size_t max_connections = 64;
  // A frame whose payload is longer is answered AR and skipped.
  size_t max_frame_bytes = hl7::kDefaultMaxMllpFrameBytes;
  // Frames read ahead of their answers on one connection; reading pauses beyond.
  size_t max_in_flight = 32;
};

}  // namespace rx
