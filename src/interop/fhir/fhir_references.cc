#include "interop/fhir/fhir_references.h"

#include <fmt/format.h>

namespace rx {
namespace {

std::string string_member(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void FhirReferences::add_contained(const nlohmann::json& resource, const std::string& path) {
  auto contained = resource.find("contained");
  if (contained == resource.end() || !contained->is_array()) return;
  for (size_t i = 0; i < contained->size(); ++i) {
    const auto& c = (*contained)[i];
    if (!c.is_object()) continue;
    std::string id = string_member(c, "id");
    if (!id.empty()) contained_[{path, id}] = FhirTarget{&c, fmt::format("{}.contained[{}]", path, i)};
  }
}

void FhirReferences::add_entry(const nlohmann::json& resource, const std::string& full_url, const std::string& path) {
  FhirTarget target{&resource, path};
  if (!full_url.empty()) by_url_[full_url] = target;
  std::string type = string_member(resource, "resourceType");
  std::string id = string_member(resource, "id");
  if (!type.empty() && !id.empty()) by_url_.try_emplace(type + "/" + id, target);
}

std::optional<FhirTarget> FhirReferences::resolve(std::string_view reference, const std::string& from_path) const {
  if (reference.starts_with("#")) {
    auto it = contained_.find({from_path, std::string(reference.substr(1))});
    if (it == contained_.end()) return std::nullopt;
    return it->second;
  }
  if (auto it = by_url_.find(reference); it != by_url_.end()) return it->second;
  // An absolute URL whose tail is Type/id names the entry with that Type/id.
  if (auto slash = reference.rfind('/'); slash != std::string_view::npos && slash > 0) {
    auto type_start = reference.rfind('/', slash - 1);
    auto tail = type_start == std::string_view::npos ? reference : reference.substr(type_start + 1);
    if (auto it = by_url_.find(tail); it != by_url_.end()) return it->second;
  }
  return std::nullopt;
}

}  // namespace rx
