#include "core/machine/param_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace rx {

Status check_positive(double value, std::string_view field) {
  if (value > 0) return Status::ok_status();
  return Status::invalid(fmt::format("expected a number above 0, found {}", value), std::string(field));
}

Status check_not_negative(double value, std::string_view field) {
  if (value >= 0) return Status::ok_status();
  return Status::invalid(fmt::format("expected a number of seconds of at least 0, found {}", value),
                         std::string(field));
}

Status check_in_range(int value, int lo, int hi, std::string_view field) {
  if (value >= lo && value <= hi) return Status::ok_status();
  return Status::invalid(fmt::format("expected {} to {}, found {}", lo, hi, value), std::string(field));
}

Status check_device_name(std::string_view name, std::string_view field) {
  bool alnum = std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
  if (!name.empty() && name.size() <= 8 && alnum) return Status::ok_status();
  return Status::invalid(fmt::format("expected 1 to 8 letters or digits, found \"{}\"", name), std::string(field));
}

}  // namespace rx
