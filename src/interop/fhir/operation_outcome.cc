#include "interop/fhir/operation_outcome.h"

#include <array>

namespace rx {
namespace {

constexpr std::array<std::string_view, 6> kIssueTypes = {kIssueStructure,    kIssueRequired,    kIssueValue,
                                                         kIssueNotSupported, kIssueCodeInvalid, kIssueBusinessRule};

bool is_issue_type(std::string_view reason) {
  for (auto t : kIssueTypes) {
    if (t == reason) return true;
  }
  return false;
}

std::string_view type_of_code(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnauthenticated: return "login";
    case ErrorCode::kPermissionDenied: return "forbidden";
    case ErrorCode::kUnavailable: return "transient";
    case ErrorCode::kOk:
    case ErrorCode::kInternal: break;
  }
  return "exception";
}

}  // namespace

Status fhir_error(std::string_view issue_type, std::string message, std::string expression) {
  return Status::invalid(std::move(message), std::move(expression)).with_reason(std::string(issue_type));
}

std::string issue_type(const Status& status) {
  const std::string& reason = status.reason();
  if (is_issue_type(reason)) return reason;
  if (reason == "UNKNOWN_DRUG") return std::string(kIssueCodeInvalid);
  if (reason == "MAX_ITEMS") return std::string(kIssueBusinessRule);
  if (reason == "UNSUPPORTED_MEDIA_TYPE") return std::string(kIssueNotSupported);
  return std::string(type_of_code(status.code()));
}

bool is_unprocessable(const Status& status) {
  if (status.code() != ErrorCode::kInvalidArgument) return false;
  const std::string& r = status.reason();
  return r == "UNKNOWN_DRUG" || r == "MAX_ITEMS" || r == kIssueValue || r == kIssueCodeInvalid ||
         r == kIssueBusinessRule;
}

nlohmann::json operation_outcome(const Status& status) {
  nlohmann::json issue = {
      {"severity", status.code() == ErrorCode::kInternal ? "fatal" : "error"},
      {"code", issue_type(status)},
      {"diagnostics", status.message()},
  };
  // An rxpress reason (upper case) is kept for clients that act on it.
  if (!status.reason().empty() && !is_issue_type(status.reason())) {
    issue["details"] = {{"coding", {{{"code", status.reason()}}}}, {"text", status.reason()}};
  }
  if (!status.field().empty()) issue["expression"] = {status.field()};
  return {{"resourceType", "OperationOutcome"}, {"issue", {std::move(issue)}}};
}

}  // namespace rx
