// The request target of an HTTP request: its path and its query parameters,
// percent-decoded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace rx {

class QueryParams {
 public:
  void add(std::string name, std::string value) { params_.emplace_back(std::move(name), std::move(value)); }
  // The first value given for `name`, if any.
  std::optional<std::string> get(std::string_view name) const;
  size_t size() const { return params_.size(); }
  // Every parameter in the order given, repeats included.
  const std::vector<std::pair<std::string, std::string>>& all() const { return params_; }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

struct RequestTarget {
  std::string path;  // decoded, starts with '/'
  QueryParams query;
};

// Decodes %XX escapes, and '+' as a space when `plus_is_space` (query
// strings). A malformed escape, or one that decodes to NUL, is refused.
Result<std::string> percent_decode(std::string_view text, bool plus_is_space);
// "a=1&b=x%20y&flag" -> a:"1", b:"x y", flag:"".
Result<QueryParams> parse_query(std::string_view query);
// Splits an origin-form target ("/path?query") and decodes both parts.
Result<RequestTarget> parse_request_target(std::string_view target);

}  // namespace rx
