// Drug: one formulary entry, and the Formulary that looks drugs up.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/quantity.h"
#include "core/strong_id.h"

namespace rx {

enum class Storage { kRoom, kCool, kCold };
enum class Controlled { kNone, kPsychotropic2, kPsychotropic1, kNarcotic, kToxic };

std::string_view controlled_name(Controlled c);  // "none", "psychotropic_2", …
std::string_view storage_name(Storage s);        // "room", "cool", "cold"

struct Drug {
  DrugCode code;
  std::string name_zh;
  std::string name_en;
  std::string atc;   // 7 characters, empty for 中成药
  std::string form;  // "tablet", "capsule", …
  std::string strength;       // as on the label: "100", "2.5"
  std::string strength_unit;  // "mg", "IU/mL", "%"
  int units_per_pack = 1;
  Unit pack_unit = Unit::kPack;  // 盒, 瓶 or 支
  std::string gtin;              // GTIN-14
  std::string nmpa_product_code; // 7 digits
  int pack_w_mm = 0, pack_h_mm = 0, pack_d_mm = 0;
  Storage storage = Storage::kRoom;
  bool machine_ok = false;
  Controlled controlled = Controlled::kNone;
  bool high_alert = false;
  std::string lasa_group;
  std::optional<Quantity> adult_usual_single_dose;
  std::optional<Quantity> adult_max_daily_dose;
  std::string max_daily_dose_source;

  // The countable unit of what is inside a pack (tablet for "tablet" forms,
  // capsule for capsules, …), or the pack unit for multi-dose containers.
  Unit content_unit() const;
};

class Formulary {
 public:
  Formulary() = default;
  explicit Formulary(std::vector<Drug> drugs);

  const Drug* find(const DrugCode& code) const;
  const Drug* find_by_gtin(std::string_view gtin) const;
  const Drug* find_by_nmpa(std::string_view product_code) const;
  // The drugs whose ATC code is `atc`.
  std::vector<const Drug*> find_by_atc(std::string_view atc) const;
  // A formulary code, or a GTIN of a formulary drug.
  const Drug* resolve(std::string_view code_or_gtin) const;
  const std::vector<Drug>& drugs() const { return drugs_; }
  size_t size() const { return drugs_.size(); }

 private:
  std::vector<Drug> drugs_;
  std::unordered_map<std::string, size_t> by_code_, by_gtin_, by_nmpa_;
};

}  // namespace rx
