#include "core/patient.h"

namespace rx {

std::optional<int> Patient::age_on(Date on) const {
  if (!birth_date) return std::nullopt;
  int years = static_cast<int>(on.year()) - static_cast<int>(birth_date->year());
  if (on.month() < birth_date->month() || (on.month() == birth_date->month() && on.day() < birth_date->day())) {
    --years;
  }
  return years;
}

std::string mask_name(const std::string& name) {
  if (name.empty()) return name;
  // Keep the first character (one UTF-8 sequence), mask the rest.
  size_t first = 1;
  unsigned char c = static_cast<unsigned char>(name[0]);
  if (c >= 0xF0) first = 4;
  else if (c >= 0xE0) first = 3;
  else if (c >= 0xC0) first = 2;
  if (first > name.size()) first = name.size();
  size_t rest = 0;
  for (size_t i = first; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) ++rest;
  }
  return name.substr(0, first) + std::string(rest == 0 ? 1 : rest, '*');
}

}  // namespace rx
