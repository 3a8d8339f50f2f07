#include "server/api_response.h"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <cctype>

#include "interop/json/bounded_json.h"

namespace rx {
namespace {

namespace http = boost::beast::http;

bool is_json_media_type(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
  return boost::beast::iequals(boost::beast::string_view(media.data(), media.size()), "application/json");
}

}  // namespace

http::status http_status_for(const Status& status) {
  if (status.reason() == kUnsupportedMediaType) return http::status::unsupported_media_type;
  switch (status.code()) {
    case ErrorCode::kOk: return http::status::ok;
    case ErrorCode::kInvalidArgument: return http::status::bad_request;
    case ErrorCode::kNotFound: return http::status::not_found;
    case ErrorCode::kConflict: return http::status::conflict;
    case ErrorCode::kUnauthenticated: return http::status::unauthorized;
    case ErrorCode::kPermissionDenied: return http::status::forbidden;
    case ErrorCode::kUnavailable: return http::status::service_unavailable;
    case ErrorCode::kInternal: return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

std::string error_code_label(const Status& status) {
  if (!status.reason().empty()) return status.reason();
  std::string label = error_code_name(status.code());
  for (char& c : label) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return label;
}

nlohmann::json error_json(const Status& status) {
  nlohmann::json error = {{"code", error_code_label(status)}, {"message", status.message()}};
  if (!status.field().empty()) error["field"] = status.field();
  return {{"error", std::move(error)}};
}

HttpResponse json_response(http::status code, const nlohmann::json& body) {
  HttpResponse res{code, 11};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

HttpResponse error_response(const Status& status) {
  HttpResponse res = json_response(http_status_for(status), error_json(status));
  if (status.code() == ErrorCode::kUnauthenticated) res.set(http::field::www_authenticate, "Bearer");
  return res;
}

HttpResponse error_response(http::status code, std::string_view label, std::string_view message) {
  return json_response(code, {{"error", {{"code", label}, {"message", message}}}});
}

Result<nlohmann::json> read_json_body(const HttpRequest& req) {
  const std::string& body = req.body();
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return nlohmann::json::object();
  auto content_type = req.find(http::field::content_type);
  if (content_type == req.end() ||
      !is_json_media_type(std::string_view(content_type->value().data(), content_type->value().size()))) {
    return Status::invalid("the body must be sent with Content-Type: application/json", "Content-Type")
        .with_reason(std::string(kUnsupportedMediaType));
  }
  auto parsed = parse_json_bounded(body);
  if (!parsed.ok()) {
    Status error = parsed.status();
    return std::move(error).with_reason("MALFORMED_JSON");
  }
  return parsed;
}

}  // namespace rx
