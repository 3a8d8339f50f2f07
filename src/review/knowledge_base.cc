#include "review/knowledge_base.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace rx {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

bool is_atc_prefix(std::string_view s) {
  if (s.size() != 1 && s.size() != 3 && s.size() != 4 && s.size() != 5 && s.size() != 7) return false;
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 0; i < s.size(); ++i) {
    bool ok = (i == 0 || i == 3 || i == 4) ? upper(s[i]) : digit(s[i]);
    if (!ok) return false;
  }
  return true;
}

bool DrugSet::matches(const Drug& drug) const {
  if (drug.atc.empty()) return false;
  return std::any_of(atc_prefixes.begin(), atc_prefixes.end(),
                     [&](const std::string& p) { return drug.atc.starts_with(p); });
}

bool DoseLimit::applies_to_age(int years) const {
  return (!age_from || years >= *age_from) && (!age_to || years < *age_to);
}

std::string_view interaction_severity_name(InteractionSeverity s) {
  switch (s) {
    case InteractionSeverity::kContraindicated: return "contraindicated";
    case InteractionSeverity::kMajor: return "major";
    case InteractionSeverity::kModerate: return "moderate";
    case InteractionSeverity::kMinor: return "minor";
  }
  return "major";
}

std::string_view caution_name(Caution c) { return c == Caution::kContraindicated ? "contraindicated" : "caution"; }

std::string_view antimicrobial_tier_name(AntimicrobialTier t) {
  switch (t) {
    case AntimicrobialTier::kNonRestricted: return "non_restricted";
    case AntimicrobialTier::kRestricted: return "restricted";
    case AntimicrobialTier::kSpecial: return "special";
  }
  return "non_restricted";
}

const Allergen* KnowledgeBase::find_allergen(std::string_view name) const {
  for (const auto& a : allergens) {
    for (const auto& n : a.names) {
      if (iequals(n, name)) return &a;
    }
  }
  return nullptr;
}

const AntimicrobialTierEntry* KnowledgeBase::antimicrobial_tier(const Drug& drug) const {
  const AntimicrobialTierEntry* best = nullptr;
  size_t best_length = 0;
  for (const auto& entry : antimicrobial_tiers) {
    for (const auto& prefix : entry.drugs.atc_prefixes) {
      if (!drug.atc.empty() && drug.atc.starts_with(prefix) && prefix.size() > best_length) {
        best = &entry;
        best_length = prefix.size();
      }
    }
  }
  return best;
}

const PrescriberAuthority* KnowledgeBase::find_prescriber(std::string_view id) const {
  for (const auto& p : prescribers) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

std::string cite(std::string_view id, std::string_view source) { return fmt::format("[{}; {}]", id, source); }

}  // namespace rx
