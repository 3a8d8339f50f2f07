// References within one FHIR document: contained resources ("#id"), and the
// entries of a Bundle by fullUrl ("urn:uuid:…") or by "Type/id".
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace rx {

struct FhirTarget {
  const nlohmann::json* resource = nullptr;
  std::string path;  // FHIRPath of the resource ("Bundle.entry[2].resource")
};

class FhirReferences {
 public:
  // Indexes the contained resources of the resource at `path`.
  void add_contained(const nlohmann::json& resource, const std::string& path);
  // Indexes a Bundle entry's resource under its fullUrl (if any) and Type/id.
  void add_entry(const nlohmann::json& resource, const std::string& full_url, const std::string& path);
  // The resource `reference` names, seen from the resource at `from_path`
  // (whose contained resources "#id" names); none when it is not in the document.
  std::optional<FhirTarget> resolve(std::string_view reference, const std::string& from_path) const;

 private:
  std::map<std::string, FhirTarget, std::less<>> by_url_;
  std::map<std::pair<std::string, std::string>, FhirTarget> contained_;  // (container path, id)
};

}  // namespace rx
