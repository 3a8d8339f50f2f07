// Patient: who the prescription is for, as far as review needs to know.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/strong_id.h"
#include "core/time.h"

namespace rx {

struct Patient {
  PatientId id;
  std::string name;
  std::string sex;  // "M", "F", "O", "U" or empty
  std::optional<Date> birth_date;
  std::optional<double> weight_kg;
  bool pregnant = false;
  std::vector<std::string> allergies;  // allergen classes or ATC codes
  std::optional<std::string> id_number;
  // The agent (代办人) who collects for the patient, if any: named, with an ID number.
  std::optional<std::string> agent_name;
  std::string agent_relationship;
  std::optional<std::string> agent_id_number;

  // Whole years of age on `on`, if the birth date is known.
  std::optional<int> age_on(Date on) const;
};

// "张三" -> "张*", "Li Wei" -> "L*****": what a public screen may show.
std::string mask_name(const std::string& name);

}  // namespace rx
