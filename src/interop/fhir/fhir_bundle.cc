#include "interop/fhir/fhir_bundle.h"

namespace rx {

nlohmann::json searchset_bundle(const std::vector<nlohmann::json>& resources, const std::string& base_url,
                                const std::string& self_url) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& r : resources) {
    entries.push_back({{"fullUrl", base_url + "/" + r.value("resourceType", "") + "/" + r.value("id", "")},
                       {"resource", r},
                       {"search", {{"mode", "match"}}}});
  }
  nlohmann::json bundle = {{"resourceType", "Bundle"},
                           {"type", "searchset"},
                           {"total", resources.size()},
                           {"link", {{{"relation", "self"}, {"url", self_url}}}}};
  if (!entries.empty()) bundle["entry"] = std::move(entries);
  return bundle;
}

nlohmann::json transaction_response_bundle(const std::vector<TransactionEntryResult>& results) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json response = {{"status", r.status}};
    if (!r.location.empty()) response["location"] = r.location;
    entries.push_back({{"response", std::move(response)}});
  }
  return {{"resourceType", "Bundle"}, {"type", "transaction-response"}, {"entry", std::move(entries)}};
}

}  // namespace rx
