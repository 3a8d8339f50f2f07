// Original-mode acknowledgements (ACK) of inbound messages.
#pragma once

#include <optional>
#include <string>

#include "core/time.h"
#include "interop/hl7v2/inbound.h"

namespace rx::hl7 {

// An original-mode ACK: MSH (sender/receiver swapped from `original`), MSA (code, MSH-10 echo), and an
// ERR segment when `error` is given. `original` absent -> MSA-2 empty.
// MSH-9 is ACK^<trigger of the original>^ACK, MSH-12 the original's version (2.5 when absent),
// MSA-3 and ERR-8 the error text, ERR-2 its location, ERR-3 the HL7 table 0357 code that fits.
std::string write_ack(const std::optional<MessageHeader>& original, AckCode code, const InboundError* error,
                      const std::string& control_id, Instant now, const Zone& zone);

}  // namespace rx::hl7
