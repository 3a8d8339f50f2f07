// Range checks shared by the simulators' params. Each error names the field,
// what was expected and what was found.
#pragma once

#include <string_view>

#include "core/status.h"

namespace rx {

// Ok if value > 0 (a rate or a speed factor).
Status check_positive(double value, std::string_view field);
// Ok if value >= 0 (a duration in seconds).
Status check_not_negative(double value, std::string_view field);
// Ok if lo <= value <= hi.
Status check_in_range(int value, int lo, int hi, std::string_view field);
// Ok if name is 1 to 8 ASCII letters or digits, so that name plus a 12-digit
// counter is a valid GS1 serial (AI 21, at most 20 characters).
Status check_device_name(std::string_view name, std::string_view field);

}  // namespace rx
