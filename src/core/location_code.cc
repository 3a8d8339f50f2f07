#include "core/location_code.h"

namespace rx {
namespace {

std::optional<int> number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

bool in_range(std::optional<int> n, int lo, int hi) { return n && *n >= lo && *n <= hi; }

bool is_reserve_code(std::string_view s) {
  return s.size() == 4 && s[0] == 'B' && s[1] == '-' && in_range(number(s.substr(2)), 1, 99);
}

// Why `s` is not a location code; a reserve-store code B-nn passes when `reserve`.
std::optional<std::string> problem_of(std::string_view s, bool reserve) {
  if (s.size() == 7 && s[1] == '-' && s[4] == '-') {
    auto a = number(s.substr(2, 2)), b = number(s.substr(5, 2));
    switch (s[0]) {
      case 'C':
        if (in_range(a, 1, 10) && in_range(b, 1, 60)) return std::nullopt;
        return "expected C-SS-CC with shelf SS 01-10 and channel CC 01-60";
      case 'S':
      case 'F':
        if (in_range(a, 1, 99) && in_range(b, 1, 99)) return std::nullopt;
        return std::string("expected ") + s[0] + "-RR-BB with rack RR and bin BB 01-99";
    }
  }
  if (s.size() == 8 && s[0] == 'R' && s[1] == '-' && s[3] == '-') {
    if (in_range(number(s.substr(2, 1)), 1, 8) && number(s.substr(4, 4))) return std::nullopt;
    return "expected R-L-xxxx with level L 1-8 and a 4-digit position";
  }
  if (!reserve) return "expected C-SS-CC, R-L-xxxx, S-RR-BB or F-RR-BB";
  if (is_reserve_code(s)) return std::nullopt;
  if (s.size() >= 2 && s[0] == 'B' && s[1] == '-') return "expected B-nn with reserve-store number nn 01-99";
  return "expected C-SS-CC, R-L-xxxx, S-RR-BB, F-RR-BB or B-nn";
}

}  // namespace

bool is_reserve_location(const LocationCode& location) { return is_reserve_code(location.value()); }

std::optional<std::string> machine_location_problem(std::string_view code) { return problem_of(code, false); }

std::optional<std::string> location_code_problem(std::string_view code) { return problem_of(code, true); }

}  // namespace rx
