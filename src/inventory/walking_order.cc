#include "inventory/walking_order.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace rx {
namespace {

int device_rank(char device) {
  switch (device) {
    case 'C': return 0;
    case 'S': return 1;
    case 'F': return 2;
    case 'R': return 3;
    case 'B': return 4;
    default: return 5;
  }
}

std::optional<long> number(std::string_view text) {
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// (device rank, malformed, first walk key, second walk key)
struct WalkKey {
  int device = 5;
  bool malformed = true;
  long first = 0;
  long second = 0;
  auto operator<=>(const WalkKey&) const = default;
};

WalkKey walk_key(const LocationCode& location) {
  const std::string& code = location.value();
  WalkKey key;
  if (code.size() < 3 || code[1] != '-') return key;
  key.device = device_rank(code[0]);
  const std::string_view rest = std::string_view(code).substr(2);
  const size_t dash = rest.find('-');
  if (code[0] == 'B') {
    auto n = number(rest);
    if (n) key = WalkKey{key.device, false, *n, 0};
    return key;
  }
  if (dash == std::string_view::npos) return key;
  auto outer = number(rest.substr(0, dash));
  auto inner = number(rest.substr(dash + 1));
  if (!outer || !inner) return key;
  key.malformed = false;
  switch (code[0]) {
    case 'C':  // C-SS-CC: channel, then shelf
    case 'R':  // R-L-xxxx: position, then level
      key.first = *inner;
      key.second = *outer;
      break;
    default:  // S-RR-BB, F-RR-BB: rack, then bin
      key.first = *outer;
      key.second = *inner;
  }
  return key;
}

}  // namespace

bool walks_before(const LocationCode& a, const LocationCode& b) {
  const WalkKey ka = walk_key(a);
  const WalkKey kb = walk_key(b);
  if (ka != kb) return ka < kb;
  return a.value() < b.value();
}

void sort_walking_order(std::vector<StockTask>& tasks) {
  std::sort(tasks.begin(), tasks.end(), [](const StockTask& a, const StockTask& b) {
    if (a.location != b.location) return walks_before(a.location, b.location);
    return a.id < b.id;
  });
}

}  // namespace rx
