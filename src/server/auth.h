// Authenticator: who sent a request (bearer token or session cookie) and
// whether their role allows what they ask.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "server/http_types.h"
#include "server/permissions.h"
#include "server/server_config.h"
#include "server/session_store.h"
#include "service/pharmacy.h"

namespace rx {

inline constexpr std::string_view kSessionCookie = "rxpress_session";

class Authenticator {
 public:
  // Tokens with an empty value are ignored.
  explicit Authenticator(std::vector<ApiToken> tokens);

  // The holder of `token`. Every configured token is compared in full, in
  // time that does not depend on where the bytes differ.
  std::optional<Actor> token_actor(std::string_view token) const;
  // The sender: the Authorization bearer token if the header is present,
  // else the session cookie. unauthenticated when neither identifies anyone.
  Result<Actor> authenticate(const HttpRequest& req, Instant now);
  // authenticate(), then permission_denied unless the role may do `p`.
  Result<Actor> authorize(const HttpRequest& req, Permission p, Instant now);

  SessionStore& sessions() { return sessions_; }

 private:
  std::vector<ApiToken> tokens_;
  SessionStore sessions_;
};

// True if a and b are equal, reading every byte of b whatever a holds.
bool constant_time_equal(std::string_view a, std::string_view b);
// The value of the session cookie in a Cookie header, if there is one.
std::optional<std::string> find_session_cookie(std::string_view cookie_header);
// The Set-Cookie value that stores a session id in the browser.
std::string session_cookie_value(const std::string& id);
// The Set-Cookie value that makes the browser forget its session.
std::string cleared_session_cookie_value();

}  // namespace rx
