// Status: the outcome of an operation that returns no value; Result<T> in result.h.
#pragma once

#include <string>
#include <utility>

namespace rx {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,   // bad input; `field` names the offending field
  kNotFound,
  kConflict,          // the current state does not allow the operation
  kUnauthenticated,
  kPermissionDenied,
  kUnavailable,       // storage or a device is down; retry later
  kInternal,
};

// Stable lower-case name of a code, e.g. "invalid_argument".
const char* error_code_name(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status ok_status() { return Status(); }
  static Status invalid(std::string message, std::string field = {}) {
    return Status(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
  }
  static Status not_found(std::string message) { return Status(ErrorCode::kNotFound, std::move(message)); }
  static Status conflict(std::string message) { return Status(ErrorCode::kConflict, std::move(message)); }
  static Status unavailable(std::string message) { return Status(ErrorCode::kUnavailable, std::move(message)); }
  static Status internal(std::string message) { return Status(ErrorCode::kInternal, std::move(message)); }

  Status(ErrorCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field the error is about ("items[2].quantity.unit"), or empty.
  const std::string& field() const { return field_; }
  // A machine-readable reason within the code ("UNKNOWN_DRUG"), or empty.
  const std::string& reason() const { return reason_; }
  Status&& with_reason(std::string reason) && {
    reason_ = std::move(reason);
    return std::move(*this);
  }
  // "invalid_argument: items[0].quantity: must be positive"
  std::string to_string() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::string field_;
  std::string reason_;
};

}  // namespace rx
