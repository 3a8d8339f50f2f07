// Route: one method and path pattern of the server, who may call it, and
// the handler that answers it.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/verb.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "server/http_types.h"
#include "server/permissions.h"
#include "server/request_target.h"
#include "service/pharmacy.h"

namespace rx {

using PathParams = std::map<std::string, std::string, std::less<>>;

// What a handler knows of its request. Valid until the handler returns;
// handlers that answer later copy what they need.
struct RequestContext {
  const HttpRequest& request;
  const std::string& path;
  const PathParams& params;  // the pattern's {captures}
  const QueryParams& query;
  const Actor& actor;  // empty role and name on open routes
  const std::string& remote_address;
};

// Sends the response to the request; call it exactly once, on the loop.
using Reply = std::function<void(HttpResponse)>;
using RequestHandler = std::function<void(const RequestContext&, Reply)>;
// Takes over the connection (Server-Sent Events): the handler owns the
// stream from now on, and nothing else is read from it.
using StreamHandler = std::function<void(const RequestContext&, boost::beast::tcp_stream)>;

enum class Access {
  kOpen,      // anyone
  kSignedIn,  // a token or session whose role has `permission`
  kScreen,    // anyone from an address on ServerConfig::screen_allow
};

struct Route {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string pattern;  // "/api/v1/prescriptions/{id}/payment"
  Access access = Access::kSignedIn;
  Permission permission = Permission::kRead;
  std::variant<RequestHandler, StreamHandler> handler;
  // The largest body this route takes, in bytes; 0: the server's max_body.
  size_t max_body = 0;
};

}  // namespace rx
