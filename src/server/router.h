// Router: finds the route for a method and a path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/route.h"

namespace rx {

struct RouteMatch {
  enum class Outcome { kFound, kNotFound, kMethodNotAllowed };
  Outcome outcome = Outcome::kNotFound;
  const Route* route = nullptr;  // when found
  PathParams params;             // when found
  std::string allow;             // when the path is known but not the method: "GET, POST"
};

class Router {
 public:
  // Adds a route. A pattern is an absolute path whose segments are literals
  // or "{name}" captures; a capture matches one non-empty segment.
  void add(Route route);
  // The first route added whose pattern and method match. A path that some
  // pattern matches under other methods gives kMethodNotAllowed.
  RouteMatch match(boost::beast::http::verb method, std::string_view path) const;
  // The max_body of the route `match` would choose; 0 when none is set or none matches.
  size_t body_limit(boost::beast::http::verb method, std::string_view path) const;

 private:
  struct Entry {
    Route route;
    std::vector<std::string> segments;
  };
  std::vector<Entry> entries_;
};

}  // namespace rx
