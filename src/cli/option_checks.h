// Checks of command-line option values, each refusing a bad value with what
// was expected and what was found, before the value is converted (so that a
// negative seed is never wrapped round to a huge one).
#pragma once

#include <CLI/CLI.hpp>

namespace rx::cli {

// A finite number greater than 0 (a speed factor).
CLI::Validator positive_number();
// A whole number from 0 to 18446744073709551615, in decimal digits only (a seed).
CLI::Validator whole_number();
// A TCP port, 0 to 65535 (0 picks a free one where the option allows it).
CLI::Validator port_number();

}  // namespace rx::cli
