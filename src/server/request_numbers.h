// Numbers and filters read from a request's path captures and query string.
// A number is decimal digits only, with no sign, space or exponent, so that
// "-1", "1e3" and " 7" are refused instead of being read as something else.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "server/route.h"

namespace rx {

// `text` as a whole number within [min, max]; none if it is not one, or out of range.
std::optional<long long> whole_number(std::string_view text, long long min, long long max);

// The path's {id} capture as a positive number; NOT_FOUND ("there is no `what`
// with id '…'") when it is not one, since such a path names nothing.
Result<long long> path_id_number(const RequestContext& ctx, std::string_view what);

// A query value; an empty one counts as absent, as HTML forms send them.
std::optional<std::string> query_value(const RequestContext& ctx, std::string_view name);

}  // namespace rx
