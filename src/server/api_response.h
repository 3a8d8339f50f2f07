// JSON responses of the /api routes, and the error shape of contracts.md:
// {"error":{"code":"…","message":"…","field":"…"}}.
#pragma once

#include <boost/beast/http/status.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "server/http_types.h"

namespace rx {

// The reason a request body of an unsupported media type is refused with.
inline constexpr std::string_view kUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

// invalid_argument 400, not_found 404, conflict 409, unauthenticated 401,
// permission_denied 403, unavailable 503, internal 500; the reason
// UNSUPPORTED_MEDIA_TYPE gives 415.
boost::beast::http::status http_status_for(const Status& status);
// The error's reason ("UNKNOWN_DRUG") if it has one, else its code in upper
// case ("INVALID_ARGUMENT").
std::string error_code_label(const Status& status);
// {"error":{"code","message","field"}}, without "field" when it is empty.
nlohmann::json error_json(const Status& status);

// A response with `body` as JSON (invalid UTF-8 replaced, never throws).
HttpResponse json_response(boost::beast::http::status code, const nlohmann::json& body);
// The error response for a failed status (401 also names the Bearer scheme).
HttpResponse error_response(const Status& status);
// An error response whose code has no Status equivalent (405 METHOD_NOT_ALLOWED).
HttpResponse error_response(boost::beast::http::status code, std::string_view label, std::string_view message);

// The request body as JSON: {} when empty. Refused unless Content-Type is
// application/json (UNSUPPORTED_MEDIA_TYPE), or when malformed
// (MALFORMED_JSON, with the byte offset).
Result<nlohmann::json> read_json_body(const HttpRequest& req);

}  // namespace rx
