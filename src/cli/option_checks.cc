#include "cli/option_checks.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <system_error>

namespace rx::cli {
namespace {

// Whether `text` is a decimal number of digits only, no greater than `max`.
bool digits_at_most(const std::string& text, uint64_t max) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value <= max;
}

}  // namespace

CLI::Validator positive_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
            value <= 0) {
          return fmt::format("expected a number greater than 0, found '{}'", text);
        }
        return {};
      },
      "NUMBER > 0", "positive number");
}

CLI::Validator whole_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (digits_at_most(text, std::numeric_limits<uint64_t>::max())) return {};
        return fmt::format("expected a whole number from 0 to {}, found '{}'", std::numeric_limits<uint64_t>::max(),
                           text);
      },
      "0..18446744073709551615", "whole number");
}

CLI::Validator port_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (digits_at_most(text, 65535)) return {};
        return fmt::format("expected a port from 0 to 65535, found '{}'", text);
      },
      "0..65535", "port");
}

}  // namespace rx::cli
