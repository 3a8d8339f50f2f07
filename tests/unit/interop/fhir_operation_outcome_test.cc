#include <gtest/gtest.h>

#include "interop/fhir/fhir_record.h"
#include "interop/fhir/operation_outcome.h"

namespace rx {
namespace {

using nlohmann::json;

TEST(FhirOperationOutcome, CarriesTypeDiagnosticsAndExpression) {
  json oo = operation_outcome(fhir_error(kIssueStructure, "expected a number, found string",
                                         "MedicationRequest.dispenseRequest.quantity.value"));
  EXPECT_EQ(oo["resourceType"], "OperationOutcome");
  ASSERT_EQ(oo["issue"].size(), 1u);
  const json& issue = oo["issue"][0];
  EXPECT_EQ(issue["severity"], "error");
  EXPECT_EQ(issue["code"], "structure");
  EXPECT_EQ(issue["diagnostics"], "expected a number, found string");
  EXPECT_EQ(issue["expression"], json({"MedicationRequest.dispenseRequest.quantity.value"}));
  EXPECT_FALSE(issue.contains("details"));
}

TEST(FhirOperationOutcome, RxpressReasonIsTheDetailsCode) {
  json issue = operation_outcome(Status::invalid("no such drug", "X.coding").with_reason("UNKNOWN_DRUG"))["issue"][0];
  EXPECT_EQ(issue["code"], "code-invalid");
  EXPECT_EQ(issue["details"]["coding"][0]["code"], "UNKNOWN_DRUG");
  EXPECT_EQ(operation_outcome(Status::invalid("6 lines").with_reason("MAX_ITEMS"))["issue"][0]["code"],
            "business-rule");
}

TEST(FhirOperationOutcome, IssueTypeFromTheErrorCode) {
  EXPECT_EQ(issue_type(Status::not_found("x")), "not-found");
  EXPECT_EQ(issue_type(Status::conflict("x")), "conflict");
  EXPECT_EQ(issue_type(Status(ErrorCode::kUnauthenticated, "x")), "login");
  EXPECT_EQ(issue_type(Status(ErrorCode::kPermissionDenied, "x")), "forbidden");
  EXPECT_EQ(issue_type(Status::invalid("x")), "invalid");
  EXPECT_EQ(issue_type(Status::invalid("x").with_reason("UNSUPPORTED_MEDIA_TYPE")), "not-supported");
  json fatal = operation_outcome(Status::internal("boom"));
  EXPECT_EQ(fatal["issue"][0]["severity"], "fatal");
  EXPECT_EQ(fatal["issue"][0]["code"], "exception");
  EXPECT_FALSE(fatal["issue"][0].contains("expression"));
}

TEST(FhirOperationOutcome, UnprocessableIsContentNotForm) {
  EXPECT_TRUE(is_unprocessable(Status::invalid("x").with_reason("UNKNOWN_DRUG")));
  EXPECT_TRUE(is_unprocessable(Status::invalid("x").with_reason("MAX_ITEMS")));
  EXPECT_TRUE(is_unprocessable(fhir_error(kIssueValue, "x", "p")));
  EXPECT_TRUE(is_unprocessable(fhir_error(kIssueBusinessRule, "x", "p")));
  EXPECT_FALSE(is_unprocessable(fhir_error(kIssueStructure, "x", "p")));
  EXPECT_FALSE(is_unprocessable(fhir_error(kIssueRequired, "x", "p")));
  EXPECT_FALSE(is_unprocessable(fhir_error(kIssueNotSupported, "x", "p")));
  EXPECT_FALSE(is_unprocessable(Status::conflict("x")));
}

TEST(FhirLineId, FormatsAndParses) {
  EXPECT_EQ(fhir_line_id(PrescriptionId(12), 0), "12-1");
  auto parsed = parse_fhir_line_id("12-3");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->first, PrescriptionId(12));
  EXPECT_EQ(parsed->second, 2u);
  for (const char* bad : {"12", "12-", "-1", "0-1", "12-0", "a-1", "12-1-1", "012-1", "12-1x", ""}) {
    EXPECT_FALSE(parse_fhir_line_id(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace rx
