#include "server/request_target.h"

#include <fmt/format.h>

namespace rx {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> QueryParams::get(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return Status::invalid(
            fmt::format("malformed percent escape at offset {}: expected %XX with two hex digits", i));
      }
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return Status::invalid(fmt::format("%00 at offset {} is not allowed", i));
      out.push_back(decoded);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<QueryParams> parse_query(std::string_view query) {
  QueryParams params;
  while (!query.empty()) {
    size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view raw_name = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    std::string name = TRY(percent_decode(raw_name, true));
    auto value = percent_decode(raw_value, true);
    if (!value.ok()) return Status::invalid(value.status().message(), name);
    params.add(std::move(name), std::move(value).value());
  }
  return params;
}

Result<RequestTarget> parse_request_target(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return Status::invalid("the request target must be a path starting with '/'");
  }
  size_t question = target.find('?');
  RequestTarget out;
  auto path = percent_decode(target.substr(0, question), false);
  if (!path.ok()) return Status::invalid(path.status().message(), "path");
  out.path = std::move(path).value();
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    size_t fragment = query.find('#');
    out.query = TRY(parse_query(query.substr(0, fragment)));
  }
  return out;
}

}  // namespace rx
