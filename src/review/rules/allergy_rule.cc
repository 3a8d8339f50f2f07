#include "review/rules/allergy_rule.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace rx {
namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void AllergyRule::check(const Prescription& rx, const Formulary& formulary, const ReviewContext& ctx,
                        std::vector<Finding>& out) const {
  if (ctx.knowledge == nullptr) return;
  const auto drugs = item_drugs(rx, formulary);
  for (size_t a = 0; a < rx.patient.allergies.size(); ++a) {
    const std::string& allergy = rx.patient.allergies[a];
    if (allergy.find_first_not_of(" \t") == std::string::npos) continue;
    const std::string field = fmt::format("patient.allergies[{}] = '{}'", a, allergy);
    if (const Allergen* allergen = ctx.knowledge->find_allergen(allergy)) {
      for (size_t i = 0; i < drugs.size(); ++i) {
        if (drugs[i] == nullptr) continue;
        if (allergen->drugs.matches(*drugs[i])) {
          out.push_back(Finding{
              .code = "ALLERGY",
              .severity = Severity::kBlock,
              .items = {static_cast<int>(i)},
              .message = fmt::format("{}: the patient is allergic to {}, and {} is one of them",
                                     item_label(rx, formulary, static_cast<int>(i)), allergen->id, drugs[i]->name_en),
              .evidence = fmt::format("{}; {} matches '{}' {}", field, drug_label(*drugs[i]), allergen->drugs.text,
                                      cite(allergen->id, allergen->source)),
          });
          continue;
        }
        for (const auto& cross : allergen->cross) {
          if (!cross.drugs.matches(*drugs[i])) continue;
          out.push_back(Finding{
              .code = "ALLERGY",
              .severity = Severity::kWarn,
              .items = {static_cast<int>(i)},
              .message = fmt::format("{}: the patient is allergic to {}; {} may cross-react. {}",
                                     item_label(rx, formulary, static_cast<int>(i)), allergen->id, drugs[i]->name_en,
                                     cross.note),
              .evidence = fmt::format("{}; {} matches '{}' (cross-reactivity) {}", field, drug_label(*drugs[i]),
                                      cross.drugs.text, cite(allergen->id, cross.source)),
          });
          break;
        }
      }
      continue;
    }
    const std::string atc = upper(allergy);
    if (is_atc_prefix(atc)) {
      for (size_t i = 0; i < drugs.size(); ++i) {
        if (drugs[i] == nullptr || drugs[i]->atc.empty() || !drugs[i]->atc.starts_with(atc)) continue;
        out.push_back(Finding{
            .code = "ALLERGY",
            .severity = Severity::kBlock,
            .items = {static_cast<int>(i)},
            .message = fmt::format("{}: the patient is allergic to ATC {}, which covers {}",
                                   item_label(rx, formulary, static_cast<int>(i)), atc, drugs[i]->name_en),
            .evidence = fmt::format("{}; {} starts with {}", field, drug_label(*drugs[i]), atc),
        });
      }
      continue;
    }
    std::string known;
    for (const auto& al : ctx.knowledge->allergens) known += (known.empty() ? "" : ", ") + al.id;
    out.push_back(Finding{
        .code = "ALLERGY",
        .severity = Severity::kInfo,
        .items = all_items(rx),
        .message = fmt::format("the allergy '{}' is neither an allergen class of the knowledge base nor an ATC code; "
                               "check it against the drugs by hand",
                               allergy),
        .evidence = fmt::format("{}; known classes: {}", field, known),
    });
  }
}

}  // namespace rx
