// The character set of an inbound message, as MSH-18 names it, and its
// conversion to the UTF-8 that the rest of rxpress works in.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace rx::hl7 {

// MSH-18 as rxpress writes it on every outbound message.
inline constexpr std::string_view kUtf8Charset = "UNICODE UTF-8";
inline constexpr std::string_view kGb18030Charset = "GB 18030-2000";

// The message as UTF-8: MSH-18 may name "UNICODE UTF-8" (default, also empty/"ASCII") or
// "GB 18030-2000" (decoded with iconv). Invalid UTF-8/GB18030 bytes -> error (the receiver answers AR).
Result<std::string> decode_to_utf8(std::string_view bytes);

// UTF-8 text in the charset an MSH-18 names: unchanged for UTF-8 (and
// empty/"ASCII"), converted with iconv for GB 18030.
Result<std::string> encode_from_utf8(std::string_view utf8, std::string_view charset);

// True when MSH-18 names GB 18030 ("GB 18030-2000").
bool is_gb18030(std::string_view charset);

// The charset named by MSH-18 of raw message bytes ("" when absent), read
// before decoding; MSH-18 is ASCII in every charset rxpress accepts.
std::string declared_charset(std::string_view bytes);

// True when the bytes are well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view bytes);

}  // namespace rx::hl7
