// JSON parsing for untrusted input: bounded nesting, no exceptions.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/result.h"

namespace rx {

// Parses `text` as one JSON document. Malformed input, or arrays/objects
// nested deeper than `max_depth`, is refused with a message naming the byte
// offset (0-based) and the reason. Never throws.
Result<nlohmann::json> parse_json_bounded(std::string_view text, size_t max_depth = 64);

}  // namespace rx
