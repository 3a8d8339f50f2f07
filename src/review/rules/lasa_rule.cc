#include "review/rules/lasa_rule.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace rx {

void LasaRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                     std::vector<Finding>& out) const {
  if (ctx.knowledge == nullptr) return;
  for (const auto& group : ctx.knowledge->lasa_groups) {
    std::vector<int> members;
    std::set<std::string> products;
    for (size_t i = 0; i < rx.items.size(); ++i) {
      const Drug* drug = formulary.resolve(rx.items[i].drug.value());
      if (drug == nullptr || std::find(group.members.begin(), group.members.end(), drug->code) == group.members.end()) {
        continue;
      }
      members.push_back(static_cast<int>(i));
      products.insert(drug->code.value());
    }
    if (products.size() < 2) continue;
    std::string names;
    for (int m : members) names += (names.empty() ? "" : " / ") + item_label(rx, formulary, m);
    out.push_back(Finding{
        .code = "LASA",
        .severity = Severity::kInfo,
        .items = members,
        .message = fmt::format("look-alike/sound-alike products in one tote: {}. {}", names, group.reason),
        .evidence = fmt::format("{} are members of {} {}", names, group.id, cite(group.id, group.source)),
    });
  }
}

}  // namespace rx
