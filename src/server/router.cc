#include "server/router.h"

#include <algorithm>

namespace rx {
namespace {

namespace http = boost::beast::http;

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_capture(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool match_segments(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path,
                    PathParams* params) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (is_capture(pattern[i])) {
      if (path[i].empty()) return false;
      if (params) params->emplace(pattern[i].substr(1, pattern[i].size() - 2), std::string(path[i]));
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(Route route) {
  std::vector<std::string> segments;
  for (auto s : split_path(route.pattern)) segments.emplace_back(s);
  entries_.push_back(Entry{std::move(route), std::move(segments)});
}

RouteMatch Router::match(http::verb method, std::string_view path) const {
  RouteMatch out;
  auto segments = split_path(path);
  std::vector<http::verb> allowed;
  for (const auto& entry : entries_) {
    if (!match_segments(entry.segments, segments, nullptr)) continue;
    if (entry.route.method == method) {
      out.outcome = RouteMatch::Outcome::kFound;
      out.route = &entry.route;
      match_segments(entry.segments, segments, &out.params);
      return out;
    }
    if (std::find(allowed.begin(), allowed.end(), entry.route.method) == allowed.end()) {
      allowed.push_back(entry.route.method);
    }
  }
  if (allowed.empty()) return out;
  out.outcome = RouteMatch::Outcome::kMethodNotAllowed;
  for (auto verb : allowed) {
    if (!out.allow.empty()) out.allow += ", ";
    out.allow += std::string(http::to_string(verb));
  }
  return out;
}

size_t Router::body_limit(http::verb method, std::string_view path) const {
  RouteMatch m = match(method, path);
  return m.route ? m.route->max_body : 0;
}

}  // namespace rx
