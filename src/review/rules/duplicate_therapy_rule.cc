#include "review/rules/duplicate_therapy_rule.h"

#include <fmt/format.h>

#include <set>

namespace rx {
namespace {

// The same substance: one ATC code, or one formulary code for a drug without ATC (中成药).
std::string substance(const Drug& d) { return d.atc.empty() ? d.code.value() : d.atc; }

}  // namespace

void DuplicateTherapyRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                                 std::vector<Finding>& out) const {
  if (ctx.knowledge == nullptr) return;
  const auto drugs = item_drugs(rx, formulary);
  for (size_t i = 0; i < drugs.size(); ++i) {
    for (size_t j = i + 1; j < drugs.size(); ++j) {
      if (drugs[i] == nullptr || drugs[j] == nullptr || substance(*drugs[i]) != substance(*drugs[j])) continue;
      out.push_back(Finding{
          .code = "DUPLICATE_THERAPY",
          .severity = Severity::kBlock,
          .items = {static_cast<int>(i), static_cast<int>(j)},
          .message = fmt::format("items {} and {}: the same drug, {}, is prescribed twice", i, j, drugs[i]->name_en),
          .evidence = fmt::format("{} and {} are the same substance {} (regulations.md: DUPLICATE_THERAPY blocks "
                                  "the same drug twice)",
                                  drug_label(*drugs[i]), drug_label(*drugs[j]), substance(*drugs[i])),
      });
    }
  }
  for (const auto& cls : ctx.knowledge->duplicate_classes) {
    std::vector<int> members;
    std::set<std::string> substances;
    for (size_t i = 0; i < drugs.size(); ++i) {
      if (drugs[i] == nullptr || !cls.drugs.matches(*drugs[i])) continue;
      members.push_back(static_cast<int>(i));
      substances.insert(substance(*drugs[i]));
    }
    // One substance twice is the block above; the class warning is for different drugs.
    if (substances.size() < 2) continue;
    std::string names;
    for (int m : members) names += (names.empty() ? "" : ", ") + drug_label(*drugs[static_cast<size_t>(m)]);
    out.push_back(Finding{
        .code = "DUPLICATE_THERAPY",
        .severity = Severity::kWarn,
        .items = members,
        .message = fmt::format("{} drugs of one class ({}) on one prescription", members.size(), cls.name),
        .evidence = fmt::format("{} all match '{}' {}", names, cls.drugs.text, cite(cls.id, cls.source)),
    });
  }
}

}  // namespace rx
