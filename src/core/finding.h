// Finding: one result of prescription review.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rx {

enum class Severity { kInfo, kWarn, kBlock };
std::string_view severity_name(Severity s);  // "info", "warn", "block"

struct Finding {
  std::string code;  // DDI, DOSE_MAX, MAX_ITEMS, … (contracts.md)
  Severity severity = Severity::kInfo;
  std::vector<int> items;  // indexes into the prescription's items
  std::string message;
  std::string evidence;

  bool operator==(const Finding&) const = default;
};

bool has_block(const std::vector<Finding>& findings);
// The codes of the blocking findings, in order.
std::vector<std::string> blocking_codes(const std::vector<Finding>& findings);

}  // namespace rx
