// FHIR R4 Bundles rxpress answers with: searchset and transaction-response.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rx {

// A searchset Bundle of `resources` (all matches; total is their count).
// fullUrl is `base_url` + "/" + Type/id; `self_url` is the search as asked.
nlohmann::json searchset_bundle(const std::vector<nlohmann::json>& resources, const std::string& base_url,
                                const std::string& self_url);

struct TransactionEntryResult {
  std::string status;    // "201 Created", "200 OK"
  std::string location;  // "MedicationRequest/12-1", or empty
};

// A transaction-response Bundle: one entry per entry of the transaction, in its order.
nlohmann::json transaction_response_bundle(const std::vector<TransactionEntryResult>& entries);

}  // namespace rx
