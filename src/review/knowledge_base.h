// KnowledgeBase: the clinical facts the review rules apply (interactions, dose limits, allergen
// classes, duplicate-therapy classes, age and pregnancy contraindications, LASA groups,
// antimicrobial tiers and prescribers' antimicrobial authority). Drugs are named by WHO ATC code
// prefixes, so a class entry covers every present and future formulary drug of the class.
// Every entry carries its id, its source and where it was written (file:line).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/drug.h"
#include "core/frequency.h"
#include "core/quantity.h"

namespace rx {

// An ATC code or one of its levels: "A", "A10", "A10B", "A10BA", "A10BA02".
bool is_atc_prefix(std::string_view text);

// The drugs an entry is about: the union of some ATC prefixes ("M01A" a class, "C10AA01" one
// substance). `text` is the selectors as written ("nsaid", "B01AC06").
struct DrugSet {
  std::string text;
  std::vector<std::string> atc_prefixes;

  // True when the drug's ATC code starts with one of the prefixes; never for a drug without ATC.
  bool matches(const Drug& drug) const;
};

// A named class, such as "nsaid" = M01A + M02A; other entries name it by its id.
struct DrugClass {
  std::string id;
  std::string name;
  std::vector<std::string> atc_prefixes;
  std::string source;
  std::string where;
};

enum class InteractionSeverity { kContraindicated, kMajor, kModerate, kMinor };
std::string_view interaction_severity_name(InteractionSeverity s);  // "contraindicated", …

struct Interaction {
  std::string id;
  DrugSet a;
  DrugSet b;
  InteractionSeverity severity = InteractionSeverity::kMajor;
  // When set, the pair counts only while a's daily dose is above this (simvastatin > 20 mg/day).
  std::optional<Quantity> a_daily_above;
  std::string mechanism;
  std::string advice;
  std::string source;
  std::string where;
};

// Limits for the patients whose age in whole years is in [age_from, age_to). Limits per kg apply
// only when the patient's weight is known. Empty fields are not checked.
struct DoseLimit {
  std::string id;
  DrugSet drugs;
  std::optional<int> age_from;
  std::optional<int> age_to;
  std::optional<Quantity> max_single;
  std::optional<Quantity> max_daily;
  std::optional<Quantity> max_single_per_kg;
  std::optional<Quantity> max_daily_per_kg;
  std::optional<Quantity> min_single;
  std::optional<Quantity> min_daily;
  std::vector<Frequency> frequencies;  // when not empty, the only frequencies allowed
  std::string note;
  std::string source;
  std::string where;

  bool applies_to_age(int years) const;
};

struct CrossReactivity {
  DrugSet drugs;
  std::string note;
  std::string source;
};

// An allergen class as a patient record names it ("penicillin"), the drugs it forbids, and the
// drugs that may cross-react.
struct Allergen {
  std::string id;
  std::vector<std::string> names;  // lower-case names the HIS may send, the id among them
  DrugSet drugs;
  std::vector<CrossReactivity> cross;
  std::string source;
  std::string where;
};

struct DuplicateClass {
  std::string id;
  std::string name;
  DrugSet drugs;
  std::string source;
  std::string where;
};

enum class Caution { kContraindicated, kCaution };
std::string_view caution_name(Caution c);  // "contraindicated", "caution"

// A drug that patients younger than `below` (or at least `from`) years must not take, or take with caution.
struct AgeContraindication {
  std::string id;
  DrugSet drugs;
  std::optional<int> below;
  std::optional<int> from;
  Caution level = Caution::kContraindicated;
  std::string reason;
  std::string source;
  std::string where;
};

struct PregnancyContraindication {
  std::string id;
  DrugSet drugs;
  Caution level = Caution::kContraindicated;
  std::string reason;
  std::string source;
  std::string where;
};

// Look-alike/sound-alike products, by formulary code: the risk is in the product, not the substance.
struct LasaGroup {
  std::string id;
  std::vector<DrugCode> members;
  std::string reason;
  std::string source;
  std::string where;
};

// 抗菌药物分级: 非限制使用级 < 限制使用级 < 特殊使用级.
enum class AntimicrobialTier { kNonRestricted, kRestricted, kSpecial };
std::string_view antimicrobial_tier_name(AntimicrobialTier t);  // "non_restricted", "restricted", "special"

struct AntimicrobialTierEntry {
  std::string id;
  DrugSet drugs;
  AntimicrobialTier tier = AntimicrobialTier::kNonRestricted;
  std::string source;
  std::string where;
};

// The highest antimicrobial tier a prescriber is authorised to prescribe.
struct PrescriberAuthority {
  std::string id;
  std::string name;
  AntimicrobialTier antimicrobial_tier = AntimicrobialTier::kNonRestricted;
  std::string source;
  std::string where;
};

struct KnowledgeBase {
  std::vector<DrugClass> classes;
  std::vector<Interaction> interactions;
  std::vector<DoseLimit> dose_limits;
  std::vector<Allergen> allergens;
  std::vector<DuplicateClass> duplicate_classes;
  std::vector<AgeContraindication> age_rules;
  std::vector<PregnancyContraindication> pregnancy_rules;
  std::vector<LasaGroup> lasa_groups;
  std::vector<AntimicrobialTierEntry> antimicrobial_tiers;
  std::vector<PrescriberAuthority> prescribers;

  // The allergen whose names include `name`, case-insensitively; nullptr if none.
  const Allergen* find_allergen(std::string_view name) const;
  // The tier entry with the longest ATC prefix matching the drug; nullptr for a non-antimicrobial.
  const AntimicrobialTierEntry* antimicrobial_tier(const Drug& drug) const;
  const PrescriberAuthority* find_prescriber(std::string_view id) const;
};

// "[DDI-001; Zocor (simvastatin) US prescribing information, 4 Contraindications]": how a
// finding cites the entry that fired.
std::string cite(std::string_view id, std::string_view source);

}  // namespace rx
