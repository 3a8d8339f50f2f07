#include "server/auth.h"

#include <gtest/gtest.h>

#include <boost/beast/http/field.hpp>

namespace rx {
namespace {

namespace http = boost::beast::http;
using std::chrono::hours;

const Instant kT0 = Instant{} + hours(24 * 20000);

std::vector<ApiToken> tokens() {
  return {{"his-secret", "his", "his1"},
          {"pharm-secret", "pharmacist", "wang"},
          {"tech-secret", "technician", "li"},
          {"admin-secret", "admin", "root"},
          {"", "admin", "ignored"}};
}

HttpRequest request_with(http::field field, const std::string& value) {
  HttpRequest req{http::verb::get, "/api/v1/summary", 11};
  req.set(field, value);
  return req;
}

TEST(ConstantTimeEqualTest, ComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("ab", "abc"));
  EXPECT_FALSE(constant_time_equal("", "a"));
  EXPECT_FALSE(constant_time_equal("a", ""));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(AuthenticatorTest, TokenLookup) {
  Authenticator auth(tokens());
  auto his = auth.token_actor("his-secret");
  ASSERT_TRUE(his.has_value());
  EXPECT_EQ(his->role, "his");
  EXPECT_EQ(his->name, "his1");
  EXPECT_FALSE(auth.token_actor("his-secre").has_value());
  EXPECT_FALSE(auth.token_actor("his-secretx").has_value());
  EXPECT_FALSE(auth.token_actor("").has_value());
}

TEST(AuthenticatorTest, NoCredentialsIsUnauthenticated) {
  Authenticator auth(tokens());
  HttpRequest req{http::verb::get, "/api/v1/summary", 11};
  auto r = auth.authenticate(req, kT0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kUnauthenticated);
}

TEST(AuthenticatorTest, BearerToken) {
  Authenticator auth(tokens());
  auto ok = auth.authenticate(request_with(http::field::authorization, "Bearer pharm-secret"), kT0);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->role, "pharmacist");
  EXPECT_TRUE(auth.authenticate(request_with(http::field::authorization, "bearer pharm-secret"), kT0).ok());
  for (const char* bad : {"Bearer wrong", "Bearer ", "Basic cGhhcm0tc2VjcmV0", "pharm-secret", "Bearer"}) {
    auto r = auth.authenticate(request_with(http::field::authorization, bad), kT0);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), ErrorCode::kUnauthenticated) << bad;
    EXPECT_EQ(r.status().message().find("pharm-secret"), std::string::npos);
  }
}

TEST(AuthenticatorTest, EachRoleGetsItsPermissionsOnly) {
  Authenticator auth(tokens());
  struct Case {
    const char* token;
    Permission permission;
    bool allowed;
  } cases[] = {
      {"his-secret", Permission::kCreatePrescription, true},
      {"his-secret", Permission::kOverride, false},
      {"his-secret", Permission::kHandOver, false},
      {"pharm-secret", Permission::kOverride, true},
      {"pharm-secret", Permission::kCreatePrescription, false},
      {"pharm-secret", Permission::kPayment, false},
      {"tech-secret", Permission::kStockIn, true},
      {"tech-secret", Permission::kReject, false},
      {"tech-secret", Permission::kRead, true},
      {"admin-secret", Permission::kConfiguration, true},
      {"admin-secret", Permission::kHandOver, true},
  };
  for (const auto& c : cases) {
    auto r =
        auth.authorize(request_with(http::field::authorization, std::string("Bearer ") + c.token), c.permission, kT0);
    EXPECT_EQ(r.ok(), c.allowed) << c.token << " " << permission_name(c.permission);
    if (!c.allowed) {
      EXPECT_EQ(r.status().code(), ErrorCode::kPermissionDenied);
    }
  }
}

TEST(AuthenticatorTest, SessionCookieSignInAndOut) {
  Authenticator auth(tokens());
  std::string id = auth.sessions().open(*auth.token_actor("pharm-secret"), kT0);
  auto signed_in = auth.authorize(request_with(http::field::cookie, "theme=dark; rxpress_session=" + id),
                                  Permission::kOverride, kT0 + hours(1));
  ASSERT_TRUE(signed_in.ok());
  EXPECT_EQ(signed_in->name, "wang");
  auth.sessions().close(id);
  auto signed_out = auth.authenticate(request_with(http::field::cookie, "rxpress_session=" + id), kT0 + hours(1));
  ASSERT_FALSE(signed_out.ok());
  EXPECT_EQ(signed_out.status().code(), ErrorCode::kUnauthenticated);
}

TEST(AuthenticatorTest, SessionExpiresAfterTwelveHoursIdle) {
  Authenticator auth(tokens());
  std::string id = auth.sessions().open(*auth.token_actor("his-secret"), kT0);
  auto req = request_with(http::field::cookie, "rxpress_session=" + id);
  EXPECT_TRUE(auth.authenticate(req, kT0 + hours(11)).ok());
  EXPECT_TRUE(auth.authenticate(req, kT0 + hours(22)).ok());
  auto expired = auth.authenticate(req, kT0 + hours(35));
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().code(), ErrorCode::kUnauthenticated);
}

TEST(AuthenticatorTest, BearerHeaderTakesPrecedenceOverCookie) {
  Authenticator auth(tokens());
  std::string id = auth.sessions().open(*auth.token_actor("admin-secret"), kT0);
  HttpRequest req{http::verb::get, "/", 11};
  req.set(http::field::cookie, "rxpress_session=" + id);
  req.set(http::field::authorization, "Bearer wrong");
  EXPECT_FALSE(auth.authenticate(req, kT0).ok());
}

TEST(SessionCookieTest, FindsTheCookieAmongOthers) {
  EXPECT_EQ(find_session_cookie("rxpress_session=abc"), "abc");
  EXPECT_EQ(find_session_cookie("a=1; rxpress_session=abc ; b=2"), "abc");
  EXPECT_EQ(find_session_cookie("a=1;rxpress_session=abc"), "abc");
  EXPECT_EQ(find_session_cookie("xrxpress_session=abc"), std::nullopt);
  EXPECT_EQ(find_session_cookie("rxpress_session="), std::nullopt);
  EXPECT_EQ(find_session_cookie(""), std::nullopt);
}

TEST(SessionCookieTest, SetCookieValues) {
  EXPECT_EQ(session_cookie_value("0a1b"), "rxpress_session=0a1b; HttpOnly; SameSite=Strict; Path=/");
  EXPECT_EQ(cleared_session_cookie_value(), "rxpress_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/");
}

}  // namespace
}  // namespace rx
