#include "review/rules/max_items_rule.h"

#include <fmt/format.h>

namespace rx {
namespace {
constexpr size_t kMaxItems = 5;
}

void MaxItemsRule::check(const Prescription& rx, const Formulary&, const ReviewContext&,
                         std::vector<Finding>& out) const {
  if (rx.items.size() <= kMaxItems) return;
  out.push_back(Finding{
      .code = "MAX_ITEMS",
      .severity = Severity::kBlock,
      .items = all_items(rx),
      .message = fmt::format("{} drugs on one prescription; at most {} are allowed", rx.items.size(), kMaxItems),
      .evidence = fmt::format("{} items > {}", rx.items.size(), kMaxItems),
  });
}

}  // namespace rx
