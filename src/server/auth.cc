#include "server/auth.h"

#include <fmt/format.h>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>

namespace rx {
namespace {

namespace http = boost::beast::http;

Status unauthenticated(std::string message) { return Status(ErrorCode::kUnauthenticated, std::move(message)); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool constant_time_equal(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < b.size(); ++i) {
    unsigned char x = a.empty() ? 0 : static_cast<unsigned char>(a[i % a.size()]);
    diff |= static_cast<unsigned char>(x ^ static_cast<unsigned char>(b[i]));
  }
  return diff == 0;
}

Authenticator::Authenticator(std::vector<ApiToken> tokens) {
  for (auto& t : tokens) {
    if (!t.token.empty()) tokens_.push_back(std::move(t));
  }
}

std::optional<Actor> Authenticator::token_actor(std::string_view token) const {
  const ApiToken* found = nullptr;
  for (const auto& t : tokens_) {
    if (constant_time_equal(t.token, token) && found == nullptr) found = &t;
  }
  if (found == nullptr || token.empty()) return std::nullopt;
  return Actor{found->role, found->name};
}

Result<Actor> Authenticator::authenticate(const HttpRequest& req, Instant now) {
  auto authorization = req.find(http::field::authorization);
  if (authorization != req.end()) {
    std::string_view value = trim(std::string_view(authorization->value().data(), authorization->value().size()));
    constexpr std::string_view kBearer = "Bearer ";
    if (value.size() <= kBearer.size() ||
        !boost::beast::iequals(boost::beast::string_view(value.data(), kBearer.size()), "bearer ")) {
      return unauthenticated("the Authorization header must be 'Bearer <token>'");
    }
    auto actor = token_actor(trim(value.substr(kBearer.size())));
    if (!actor) return unauthenticated("the bearer token is not valid");
    return *actor;
  }
  auto cookie = req.find(http::field::cookie);
  if (cookie != req.end()) {
    auto id = find_session_cookie(std::string_view(cookie->value().data(), cookie->value().size()));
    if (id) {
      auto actor = sessions_.use(*id, now);
      if (!actor) return unauthenticated("the session has ended; sign in again");
      return *actor;
    }
  }
  return unauthenticated("sign in, or send 'Authorization: Bearer <token>'");
}

Result<Actor> Authenticator::authorize(const HttpRequest& req, Permission p, Instant now) {
  Actor actor = TRY(authenticate(req, now));
  if (!role_may(actor.role, p)) {
    return Status(ErrorCode::kPermissionDenied,
                  fmt::format("the role '{}' may not {}", actor.role, permission_name(p)));
  }
  return actor;
}

std::optional<std::string> find_session_cookie(std::string_view header) {
  while (!header.empty()) {
    size_t end = header.find(';');
    std::string_view pair = trim(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) == kSessionCookie) {
      std::string_view value = trim(pair.substr(eq + 1));
      if (!value.empty()) return std::string(value);
    }
  }
  return std::nullopt;
}

std::string session_cookie_value(const std::string& id) {
  return fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/", kSessionCookie, id);
}

std::string cleared_session_cookie_value() {
  return fmt::format("{}=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/", kSessionCookie);
}

}  // namespace rx
