#include "core/drug.h"

namespace rx {

std::string_view controlled_name(Controlled c) {
  switch (c) {
    case Controlled::kNone: return "none";
    case Controlled::kPsychotropic2: return "psychotropic_2";
    case Controlled::kPsychotropic1: return "psychotropic_1";
    case Controlled::kNarcotic: return "narcotic";
    case Controlled::kToxic: return "toxic";
  }
  return "none";
}

std::string_view storage_name(Storage s) {
  switch (s) {
    case Storage::kRoom: return "room";
    case Storage::kCool: return "cool";
    case Storage::kCold: return "cold";
  }
  return "room";
}

Unit Drug::content_unit() const {
  if (units_per_pack <= 1) return pack_unit;
  if (form.find("capsule") != std::string::npos) return Unit::kCapsule;
  if (form.find("pill") != std::string::npos) return Unit::kPill;
  if (form == "granules") return Unit::kSachet;
  if (form.find("tablet") != std::string::npos) return Unit::kTablet;
  if (form == "oral_liquid" || form == "oral_solution" || form == "injection" || form == "powder_for_injection") {
    return Unit::kUnit;
  }
  return Unit::kTablet;
}

Formulary::Formulary(std::vector<Drug> drugs) : drugs_(std::move(drugs)) {
  for (size_t i = 0; i < drugs_.size(); ++i) {
    by_code_.emplace(drugs_[i].code.value(), i);
    if (!drugs_[i].gtin.empty()) by_gtin_.emplace(drugs_[i].gtin, i);
    if (!drugs_[i].nmpa_product_code.empty()) by_nmpa_.emplace(drugs_[i].nmpa_product_code, i);
  }
}

const Drug* Formulary::find(const DrugCode& code) const {
  auto it = by_code_.find(code.value());
  return it == by_code_.end() ? nullptr : &drugs_[it->second];
}

const Drug* Formulary::find_by_gtin(std::string_view gtin) const {
  auto it = by_gtin_.find(std::string(gtin));
  if (it == by_gtin_.end() && gtin.size() == 13) it = by_gtin_.find("0" + std::string(gtin));
  return it == by_gtin_.end() ? nullptr : &drugs_[it->second];
}

const Drug* Formulary::find_by_nmpa(std::string_view product_code) const {
  auto it = by_nmpa_.find(std::string(product_code));
  return it == by_nmpa_.end() ? nullptr : &drugs_[it->second];
}

std::vector<const Drug*> Formulary::find_by_atc(std::string_view atc) const {
  std::vector<const Drug*> out;
  for (const auto& d : drugs_) {
    if (!atc.empty() && d.atc == atc) out.push_back(&d);
  }
  return out;
}

const Drug* Formulary::resolve(std::string_view code_or_gtin) const {
  if (const Drug* d = find(DrugCode(std::string(code_or_gtin)))) return d;
  return find_by_gtin(code_or_gtin);
}

}  // namespace rx
