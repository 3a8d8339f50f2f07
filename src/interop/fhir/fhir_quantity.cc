#include "interop/fhir/fhir_quantity.h"

#include <fmt/format.h>

namespace rx {
namespace {

constexpr std::string_view kOrderableDrugForm = "http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm";

std::optional<std::string> string_member(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
  return it->get<std::string>();
}

std::string from_ucum(const std::string& code) {
  if (code == "[iU]" || code == "[IU]") return "IU";
  if (code.size() > 2 && code.front() == '{' && code.back() == '}') return code.substr(1, code.size() - 2);
  return code;
}

std::string ucum_code(Unit u) {
  switch (u) {
    case Unit::kMicrogram: return "ug";
    case Unit::kIU: return "[iU]";
    default: break;
  }
  if (unit_kind(u) == UnitKind::kCount) return fmt::format("{{{}}}", unit_symbol(u));
  return std::string(unit_symbol(u));
}

}  // namespace

std::optional<std::string> fhir_unit_text(const nlohmann::json& quantity) {
  auto system = string_member(quantity, "system");
  auto code = string_member(quantity, "code");
  if (code && system == kUcumSystem) return from_ucum(*code);
  if (code && system == kOrderableDrugForm) {
    if (*code == "TAB") return std::string("tablet");
    if (*code == "CAP") return std::string("capsule");
    if (*code == "PILL") return std::string("pill");
  }
  if (auto unit = string_member(quantity, "unit")) return unit;
  return code;
}

nlohmann::json fhir_quantity(const Quantity& q) {
  nlohmann::json value =
      q.micros() % Quantity::kScale == 0 ? nlohmann::json(q.micros() / Quantity::kScale) : nlohmann::json(q.value());
  return {{"value", std::move(value)},
          {"unit", std::string(unit_symbol(q.unit()))},
          {"system", std::string(kUcumSystem)},
          {"code", ucum_code(q.unit())}};
}

}  // namespace rx
