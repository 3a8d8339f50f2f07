#include "review/rules/unknown_drug_rule.h"

#include <fmt/format.h>

namespace rx {

void UnknownDrugRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext&,
                            std::vector<Finding>& out) const {
  for (size_t i = 0; i < rx.items.size(); ++i) {
    const std::string& code = rx.items[i].drug.value();
    if (formulary.resolve(code) != nullptr) continue;
    out.push_back(Finding{
        .code = "UNKNOWN_DRUG",
        .severity = Severity::kBlock,
        .items = {static_cast<int>(i)},
        .message =
            fmt::format("item {}: drug '{}' is neither a formulary code nor the GTIN of a formulary drug", i, code),
        .evidence = fmt::format("items[{}].drug = '{}'", i, code),
    });
  }
}

}  // namespace rx
