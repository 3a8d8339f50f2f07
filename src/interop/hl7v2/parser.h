// HL7 v2 messages and batch files from bytes (v2.x "pipe and hat" encoding).
#pragma once

#include <cstddef>
#include <string_view>

#include "core/result.h"
#include "interop/hl7v2/message.h"
#include "interop/hl7v2/message_view.h"

namespace rx::hl7 {

inline constexpr size_t kMaxMessageBytes = size_t{1} << 20;  // the whole input, 1 MiB
inline constexpr size_t kMaxSegments = 10000;                // in the whole input
inline constexpr size_t kMaxFieldBytes = size_t{64} << 10;   // one field before decoding, 64 KiB
// Values (subcomponents) in one segment: an input made only of delimiters
// would otherwise cost about a hundred times its size in memory.
inline constexpr size_t kMaxSegmentValues = 20000;

// Parses one message into a view of `bytes`, which must outlive it. The
// delimiters come from MSH-1 and MSH-2 (4 characters, or 5 with a truncation
// character), all different punctuation characters.
// Segments end with \r, \n or \r\n, mixed freely; empty lines are skipped.
// Escape sequences are decoded as decode_escapes() says (unknown ones are kept
// literally). MSH-9 and MSH-12 must not be empty. Errors read
// "segment <n> (<name>): <reason>", n counting segments from 1, and their
// field() is the HL7 position ("MSH-9") when there is one.
Result<MessageView> parse_hl7_view(std::string_view bytes);

// The same as parse_hl7_view, as a tree.
Result<Message> parse_hl7(std::string_view bytes);

// Parses only the first segment, which must be a valid MSH: enough to answer a
// message whose later segments are malformed. The result holds that segment
// and views `bytes`, which must outlive it.
Result<MessageView> parse_hl7_header(std::string_view bytes);

// Parses a batch file, [FHS] { [BHS] MSH... [BTS] } [FTS], and also a plain run
// of messages. Each message keeps its own MSH delimiters; BTS and FTS use those
// of their BHS and FHS. A BTS-1 or FTS-1 count must match what it closes, and
// every BHS needs its BTS, an FHS its FTS. The bounds apply to the whole input.
Result<Batch> parse_hl7_batch(std::string_view bytes);

}  // namespace rx::hl7
