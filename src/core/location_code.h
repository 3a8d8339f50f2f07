// Stock location codes (machine-model.md): C-SS-CC channel, R-L-xxxx pick
// robot, S-RR-BB smart shelf, F-RR-BB fridge, and B-nn the reserve store,
// which no machine serves. The one parser every module checks codes with.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/strong_id.h"

namespace rx {

// True for a reserve-store location "B-<nn>", nn 01-99.
bool is_reserve_location(const LocationCode& location);

// Why `code` is not a machine location (C-SS-CC, R-L-xxxx, S-RR-BB or
// F-RR-BB), or nullopt when it is one.
std::optional<std::string> machine_location_problem(std::string_view code);

// Why `code` is not a stock location code (a machine location or B-nn), or
// nullopt when it is one.
std::optional<std::string> location_code_problem(std::string_view code);

}  // namespace rx
