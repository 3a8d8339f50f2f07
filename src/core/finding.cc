#include "core/finding.h"

namespace rx {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarn: return "warn";
    case Severity::kBlock: return "block";
  }
  return "info";
}

bool has_block(const std::vector<Finding>& findings) {
  for (const auto& f : findings) {
    if (f.severity == Severity::kBlock) return true;
  }
  return false;
}

std::vector<std::string> blocking_codes(const std::vector<Finding>& findings) {
  std::vector<std::string> codes;
  for (const auto& f : findings) {
    if (f.severity == Severity::kBlock) codes.push_back(f.code);
  }
  return codes;
}

}  // namespace rx
