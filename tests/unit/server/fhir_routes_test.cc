// The /fhir/r4 routes on a real HttpServer and Pharmacy (in-memory SQLite,
// the shipped formulary and stock), spoken to over loopback sockets.
#include "server/fhir_routes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "interop/csv/formulary_csv.h"
#include "interop/csv/stock_csv.h"
#include "server/http_server.h"
#include "service/asio_scheduler.h"
#include "storage/sqlite/sqlite_store.h"
#include "unit/server/served_pharmacy.h"
#include "unit/server/test_client.h"

namespace rx {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;
using nlohmann::json;
using testing::TestClient;
using testing::read_file;

constexpr const char* kHis = "Bearer his-token";
constexpr const char* kPharmacist = "Bearer pharmacist-token";
constexpr const char* kTechnician = "Bearer technician-token";
constexpr const char* kFhirJson = "application/fhir+json";

// A test resource from tests/fhir/, without authoredOn: issued now, so that
// review does not find it expired.
json resource(const std::string& name) {
  json j = json::parse(read_file(fs::path(RXPRESS_SOURCE_DIR) / "tests" / "fhir" / (name + ".json")));
  if (j["resourceType"] == "Bundle") {
    for (auto& e : j["entry"]) e["resource"].erase("authoredOn");
  } else {
    j.erase("authoredOn");
  }
  return j;
}

// A single MedicationRequest for P000456 in prescription `no`, line `order`.
json request(const std::string& no, const std::string& order, const std::string& drug = "D0003") {
  json mr = resource("medication-request");
  mr["groupIdentifier"]["value"] = no;
  mr["identifier"][0]["value"] = order;
  mr["contained"][1]["code"]["coding"][0]["code"] = drug;
  return mr;
}

class FhirRoutesTest : public testing::ServedPharmacyTest {
 protected:
  void SetUp() override { start(); }

  testing::Response call(http::verb method, const std::string& target, const char* auth, const std::string& body = "",
                         const char* content_type = kFhirJson) {
    TestClient client(port_);
    std::vector<std::pair<std::string, std::string>> headers;
    if (auth) headers.emplace_back("Authorization", auth);
    if (!body.empty()) headers.emplace_back("Content-Type", content_type);
    auto res = client.request(method, target, body, headers);
    EXPECT_TRUE(res.has_value());
    return res ? *res : testing::Response{};
  }

  testing::Response post(const std::string& target, const json& body, const char* auth = kHis) {
    return call(http::verb::post, target, auth, body.dump());
  }

  // Expects an OperationOutcome with HTTP `code` whose first issue has `type`
  // (and `expression` when given); returns the issue.
  json expect_outcome(const testing::Response& res, http::status code, const std::string& type,
                      const std::string& expression = "") {
    EXPECT_EQ(res.result(), code) << res.body();
    EXPECT_EQ(std::string(res[http::field::content_type]), "application/fhir+json; charset=utf-8");
    json body = json::parse(res.body(), nullptr, false);
    EXPECT_EQ(body["resourceType"], "OperationOutcome") << res.body();
    json issue = body["issue"][0];
    EXPECT_EQ(issue["code"], type) << res.body();
    EXPECT_TRUE(issue["diagnostics"].is_string());
    if (!expression.empty()) {
      EXPECT_EQ(issue["expression"][0], expression) << res.body();
    }
    return issue;
  }

  json record(long long id) {
    auto res = call(http::verb::get, "/api/v1/prescriptions/" + std::to_string(id), kHis);
    EXPECT_EQ(res.result(), http::status::ok) << res.body();
    return json::parse(res.body());
  }

  // The prescription id of a MedicationRequest Location ("/fhir/r4/MedicationRequest/12-1").
  static long long id_of(const testing::Response& res) {
    std::string location(res[http::field::location]);
    auto slash = location.rfind('/');
    return std::stoll(location.substr(slash + 1, location.rfind('-') - slash - 1));
  }

};

TEST_F(FhirRoutesTest, TransactionCreatesOnePrescription) {
  auto res = post("/fhir/r4", resource("transaction-bundle"));
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  json bundle = json::parse(res.body());
  EXPECT_EQ(bundle["type"], "transaction-response");
  ASSERT_EQ(bundle["entry"].size(), 8u);
  EXPECT_EQ(bundle["entry"][0]["response"]["status"], "200 OK");
  EXPECT_EQ(bundle["entry"][6]["response"]["status"], "201 Created");
  std::string location = bundle["entry"][7]["response"]["location"];
  ASSERT_TRUE(location.starts_with("MedicationRequest/")) << location;
  EXPECT_TRUE(location.ends_with("-2")) << location;

  auto mr = call(http::verb::get, "/fhir/r4/" + location, kTechnician);
  ASSERT_EQ(mr.result(), http::status::ok) << mr.body();
  EXPECT_EQ(std::string(mr[http::field::content_type]), "application/fhir+json; charset=utf-8");
  json line = json::parse(mr.body());
  EXPECT_EQ(line["groupIdentifier"]["value"], "MZ20260329-000123");
  EXPECT_EQ(line["medicationCodeableConcept"]["coding"][0]["code"], "D0019");

  // The same Bundle again creates nothing.
  auto again = post("/fhir/r4", resource("transaction-bundle"));
  ASSERT_EQ(again.result(), http::status::ok) << again.body();
  json second = json::parse(again.body());
  EXPECT_EQ(second["entry"][6]["response"]["status"], "200 OK");
  EXPECT_EQ(second["entry"][7]["response"]["location"], location);
}

TEST_F(FhirRoutesTest, RequestsSharingAGroupJoinOnePrescriptionUntilPaid) {
  auto first = post("/fhir/r4/MedicationRequest", request("MZ-GROUP-1", "ORD-1"));
  ASSERT_EQ(first.result(), http::status::created) << first.body();
  long long id = id_of(first);
  EXPECT_EQ(std::string(first[http::field::location]), "/fhir/r4/MedicationRequest/" + std::to_string(id) + "-1");

  auto second = post("/fhir/r4/MedicationRequest", request("MZ-GROUP-1", "ORD-2", "D0006"));
  ASSERT_EQ(second.result(), http::status::created) << second.body();
  EXPECT_EQ(json::parse(second.body())["id"], std::to_string(id) + "-2");
  EXPECT_EQ(record(id)["items"].size(), 2u);

  // A resend of a line adds nothing.
  auto resend = post("/fhir/r4/MedicationRequest", request("MZ-GROUP-1", "ORD-2", "D0006"));
  ASSERT_EQ(resend.result(), http::status::ok) << resend.body();
  EXPECT_EQ(json::parse(resend.body())["id"], std::to_string(id) + "-2");
  EXPECT_EQ(record(id)["items"].size(), 2u);

  auto paid = call(http::verb::post, "/api/v1/prescriptions/" + std::to_string(id) + "/payment", kHis, "{}",
                   "application/json");
  ASSERT_EQ(paid.result(), http::status::ok) << paid.body();
  auto late = post("/fhir/r4/MedicationRequest", request("MZ-GROUP-1", "ORD-3", "D0019"));
  expect_outcome(late, http::status::conflict, "conflict");
  EXPECT_EQ(record(id)["items"].size(), 2u);
}

TEST_F(FhirRoutesTest, AResentRequestWithoutIdentifierAddsNoLine) {
  json bare = request("MZ-BARE-1", "unused");
  bare.erase("identifier");
  auto first = post("/fhir/r4/MedicationRequest", bare);
  ASSERT_EQ(first.result(), http::status::created) << first.body();
  long long id = id_of(first);

  // Without an identifier, the same line again is a resend: nothing is added.
  auto resend = post("/fhir/r4/MedicationRequest", bare);
  ASSERT_EQ(resend.result(), http::status::ok) << resend.body();
  EXPECT_EQ(json::parse(resend.body())["id"], std::to_string(id) + "-1");
  EXPECT_EQ(record(id)["items"].size(), 1u);

  // Another line without an identifier still joins.
  json other = bare;
  other["contained"][1]["code"]["coding"][0]["code"] = "D0006";
  auto joined = post("/fhir/r4/MedicationRequest", other);
  ASSERT_EQ(joined.result(), http::status::created) << joined.body();
  EXPECT_EQ(json::parse(joined.body())["id"], std::to_string(id) + "-2");
  EXPECT_EQ(record(id)["items"].size(), 2u);
}

TEST_F(FhirRoutesTest, ReviewRunsAgainOnEachAddition) {
  auto first = post("/fhir/r4/MedicationRequest", request("MZ-REVIEW-1", "ORD-1"));
  ASSERT_EQ(first.result(), http::status::created) << first.body();
  long long id = id_of(first);
  EXPECT_EQ(record(id)["status"], "accepted");

  // Amlodipine 20 mg once a day is above its 10 mg daily maximum.
  json overdose = request("MZ-REVIEW-1", "ORD-2", "D0006");
  overdose["dosageInstruction"][0]["doseAndRate"][0]["doseQuantity"] = {
      {"value", 20}, {"unit", "mg"}, {"system", "http://unitsofmeasure.org"}, {"code", "mg"}};
  ASSERT_EQ(post("/fhir/r4/MedicationRequest", overdose).result(), http::status::created);
  json r = record(id);
  EXPECT_EQ(r["status"], "blocked") << r.dump();
  EXPECT_NE(r["findings"].dump().find("DOSE_MAX"), std::string::npos) << r["findings"].dump();
  EXPECT_NE(r["history"].dump().find("prescription.items_added"), std::string::npos);

  // Lines three to five are accepted; a sixth is refused as intake would refuse it.
  for (int i = 3; i <= 5; ++i) {
    auto res = post("/fhir/r4/MedicationRequest", request("MZ-REVIEW-1", "ORD-" + std::to_string(i), "D0019"));
    ASSERT_EQ(res.result(), http::status::created) << res.body();
  }
  auto sixth = post("/fhir/r4/MedicationRequest", request("MZ-REVIEW-1", "ORD-6", "D0020"));
  json issue = expect_outcome(sixth, http::status::unprocessable_entity, "business-rule", "MedicationRequest");
  EXPECT_EQ(issue["details"]["coding"][0]["code"], "MAX_ITEMS");
  EXPECT_EQ(record(id)["items"].size(), 5u);
}

TEST_F(FhirRoutesTest, AResentTransactionAnswersForTheLinesItNamesAndRefusesNewOnes) {
  auto first = post("/fhir/r4", resource("transaction-bundle"));
  ASSERT_EQ(first.result(), http::status::ok) << first.body();
  json created = json::parse(first.body());
  std::string line1 = created["entry"][6]["response"]["location"];
  std::string line2 = created["entry"][7]["response"]["location"];

  // The same lines in the other order: each entry still names its own line.
  json swapped = resource("transaction-bundle");
  std::swap(swapped["entry"][6], swapped["entry"][7]);
  auto again = post("/fhir/r4", swapped);
  ASSERT_EQ(again.result(), http::status::ok) << again.body();
  json second = json::parse(again.body());
  EXPECT_EQ(second["entry"][6]["response"]["location"], line2);
  EXPECT_EQ(second["entry"][7]["response"]["location"], line1);

  // A line the stored prescription lacks is not taken in silence.
  json more = resource("transaction-bundle");
  json extra = more["entry"][7];
  extra["fullUrl"] = "urn:uuid:6d3b1a52-0c1e-4d38-9b57-2f0f0a6f0009";
  extra["resource"]["identifier"][0]["value"] = "ORD-000123-3";
  more["entry"].push_back(extra);
  expect_outcome(post("/fhir/r4", more), http::status::conflict, "conflict",
                 "Bundle.entry[8].resource.identifier[0].value");
  long long id = std::stoll(line1.substr(line1.find('/') + 1));
  EXPECT_EQ(record(id)["items"].size(), 2u);

  // So is the same prescription number for another patient.
  json other = resource("transaction-bundle");
  other["entry"][0]["resource"]["identifier"][0]["value"] = "P999999";
  expect_outcome(post("/fhir/r4", other), http::status::conflict, "conflict");
}

TEST_F(FhirRoutesTest, AnotherPatientCannotJoin) {
  ASSERT_EQ(post("/fhir/r4/MedicationRequest", request("MZ-OTHER-1", "ORD-1")).result(), http::status::created);
  json other = request("MZ-OTHER-1", "ORD-2");
  other["contained"][0]["identifier"][0]["value"] = "P999999";
  expect_outcome(post("/fhir/r4/MedicationRequest", other), http::status::conflict, "conflict");
}

TEST_F(FhirRoutesTest, UnknownDrugAndTooManyLinesAre422) {
  json unknown = request("MZ-UNKNOWN-1", "ORD-1", "D9999");
  json issue = expect_outcome(post("/fhir/r4/MedicationRequest", unknown), http::status::unprocessable_entity,
                              "code-invalid", "MedicationRequest.contained[1].code.coding");
  EXPECT_EQ(issue["details"]["coding"][0]["code"], "UNKNOWN_DRUG");

  json bundle = resource("transaction-bundle");
  for (int i = 0; i < 4; ++i) bundle["entry"].push_back(bundle["entry"][7]);
  issue = expect_outcome(post("/fhir/r4", bundle), http::status::unprocessable_entity, "business-rule", "Bundle.entry");
  EXPECT_EQ(issue["details"]["coding"][0]["code"], "MAX_ITEMS");

  json zero = request("MZ-ZERO-1", "ORD-1");
  zero["dispenseRequest"]["quantity"]["value"] = 0;
  expect_outcome(post("/fhir/r4/MedicationRequest", zero), http::status::unprocessable_entity, "value",
                 "MedicationRequest.dispenseRequest.quantity.value");
}

TEST_F(FhirRoutesTest, MalformedInputIs400) {
  expect_outcome(call(http::verb::post, "/fhir/r4/MedicationRequest", kHis, "{\"resourceType\":"),
                 http::status::bad_request, "structure");
  std::string deep(200, '[');
  expect_outcome(call(http::verb::post, "/fhir/r4", kHis, deep), http::status::bad_request, "structure");
  expect_outcome(post("/fhir/r4/MedicationRequest", json{{"resourceType", "Observation"}}), http::status::bad_request,
                 "not-supported", "resourceType");
  expect_outcome(post("/fhir/r4", request("MZ-X", "ORD-1")), http::status::bad_request, "not-supported");
  json wrong = request("MZ-WRONG-1", "ORD-1");
  wrong["dispenseRequest"]["quantity"]["value"] = "one";
  expect_outcome(post("/fhir/r4/MedicationRequest", wrong), http::status::bad_request, "structure",
                 "MedicationRequest.dispenseRequest.quantity.value");
  expect_outcome(call(http::verb::post, "/fhir/r4/MedicationRequest", kHis, request("MZ-T", "O").dump(), "text/plain"),
                 http::status::unsupported_media_type, "not-supported");
}

TEST_F(FhirRoutesTest, EveryCallNeedsATokenAndTheRole) {
  auto anonymous = post("/fhir/r4/MedicationRequest", request("MZ-AUTH-1", "ORD-1"), nullptr);
  expect_outcome(anonymous, http::status::unauthorized, "login");
  EXPECT_EQ(std::string(anonymous[http::field::www_authenticate]), "Bearer");
  expect_outcome(post("/fhir/r4/MedicationRequest", request("MZ-AUTH-1", "ORD-1"), kPharmacist),
                 http::status::forbidden, "forbidden");
  expect_outcome(post("/fhir/r4", resource("transaction-bundle"), kTechnician), http::status::forbidden, "forbidden");
  expect_outcome(call(http::verb::get, "/fhir/r4/MedicationDispense", nullptr), http::status::unauthorized, "login");
  expect_outcome(call(http::verb::get, "/fhir/r4/MedicationRequest/1-1", "Bearer wrong"), http::status::unauthorized,
                 "login");
  EXPECT_EQ(call(http::verb::get, "/fhir/r4/MedicationDispense", kTechnician).result(), http::status::ok);
}

TEST_F(FhirRoutesTest, UnknownPathsAndIdsAreOperationOutcomes) {
  expect_outcome(call(http::verb::get, "/fhir/r4/MedicationRequest/99-1", kHis), http::status::not_found, "not-found");
  expect_outcome(call(http::verb::get, "/fhir/r4/MedicationRequest/abc", kHis), http::status::not_found, "not-found");
  expect_outcome(call(http::verb::get, "/fhir/r4/Patient/1", kHis), http::status::not_found, "not-found");
  expect_outcome(call(http::verb::delete_, "/fhir/r4/MedicationRequest/1-1", kHis), http::status::method_not_allowed,
                 "not-supported");
  expect_outcome(call(http::verb::get, "/fhir/r4", kHis), http::status::method_not_allowed, "not-supported");
}

TEST_F(FhirRoutesTest, RejectionIsADeclinedDispenseFoundBySearch) {
  auto created = post("/fhir/r4/MedicationRequest", request("MZ-REJECT-1", "ORD-1"));
  ASSERT_EQ(created.result(), http::status::created) << created.body();
  std::string line = json::parse(created.body())["id"];
  long long id = id_of(created);
  auto empty = call(http::verb::get, "/fhir/r4/MedicationDispense?prescription=" + line, kHis);
  ASSERT_EQ(empty.result(), http::status::ok) << empty.body();
  EXPECT_EQ(json::parse(empty.body())["total"], 0);

  auto rejected = call(http::verb::post, "/api/v1/prescriptions/" + std::to_string(id) + "/reject", kPharmacist,
                       json{{"reason", "剂量不当"}}.dump(), "application/json");
  ASSERT_EQ(rejected.result(), http::status::ok) << rejected.body();

  auto found = call(http::verb::get, "/fhir/r4/MedicationDispense?prescription=MedicationRequest/" + line, kTechnician);
  ASSERT_EQ(found.result(), http::status::ok) << found.body();
  EXPECT_EQ(std::string(found[http::field::content_type]), "application/fhir+json; charset=utf-8");
  json bundle = json::parse(found.body());
  EXPECT_EQ(bundle["type"], "searchset");
  ASSERT_EQ(bundle["total"], 1);
  const json& md = bundle["entry"][0]["resource"];
  EXPECT_EQ(md["status"], "declined");
  EXPECT_EQ(md["statusReasonCodeableConcept"]["text"], "剂量不当");
  EXPECT_EQ(md["authorizingPrescription"][0]["reference"], "MedicationRequest/" + line);
  EXPECT_EQ(bundle["entry"][0]["fullUrl"], "http://127.0.0.1/fhir/r4/MedicationDispense/" + line);

  auto count = [&](const std::string& query) {
    auto res = call(http::verb::get, "/fhir/r4/MedicationDispense?" + query, kHis);
    EXPECT_EQ(res.result(), http::status::ok) << query << ": " << res.body();
    return json::parse(res.body())["total"].get<int>();
  };
  EXPECT_EQ(count("status=declined"), 1);
  EXPECT_EQ(count("status=completed"), 0);
  EXPECT_EQ(count("patient=urn%3Aoid%3A1.2%7CP000456"), 1);
  EXPECT_EQ(count("patient=P000123"), 0);
  EXPECT_EQ(count("status=declined&whenhandedover=ge2000-01-01"), 0);

  expect_outcome(call(http::verb::get, "/fhir/r4/MedicationDispense?subject=P000456", kHis), http::status::bad_request,
                 "not-supported", "subject");
  expect_outcome(call(http::verb::get, "/fhir/r4/MedicationDispense?whenhandedover=soon", kHis),
                 http::status::bad_request, "invalid", "whenhandedover");
}

}  // namespace
}  // namespace rx
