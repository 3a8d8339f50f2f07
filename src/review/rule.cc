#include "review/rule.h"

#include <fmt/format.h>

namespace rx {

std::vector<int> all_items(const Prescription& rx) {
  std::vector<int> out(rx.items.size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<int>(i);
  return out;
}

std::string item_label(const Prescription& rx, const Formulary& formulary, int index) {
  const Item& item = rx.items.at(static_cast<size_t>(index));
  if (const Drug* drug = formulary.resolve(item.drug.value())) {
    return fmt::format("item {} ({} {})", index, drug->code.value(), drug->name_en);
  }
  return fmt::format("item {} ({})", index, item.drug.value());
}

std::string drug_label(const Drug& drug) {
  if (drug.atc.empty()) return fmt::format("{} {}", drug.code.value(), drug.name_en);
  return fmt::format("{} {} ({})", drug.code.value(), drug.name_en, drug.atc);
}

std::optional<int> age_at_issue(const Prescription& rx, const ReviewContext& ctx) {
  return rx.patient.age_on(ctx.zone.local_date(rx.issued_at));
}

std::vector<const Drug*> item_drugs(const Prescription& rx, const Formulary& formulary) {
  std::vector<const Drug*> out;
  out.reserve(rx.items.size());
  for (const auto& item : rx.items) out.push_back(formulary.resolve(item.drug.value()));
  return out;
}

}  // namespace rx
