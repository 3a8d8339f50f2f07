#include "server/router.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

namespace http = boost::beast::http;

Route route(http::verb method, std::string pattern) {
  return Route{method, std::move(pattern), Access::kSignedIn, Permission::kRead,
               RequestHandler([](const RequestContext&, Reply) {})};
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add(route(http::verb::get, "/api/v1/prescriptions"));
    router_.add(route(http::verb::post, "/api/v1/prescriptions"));
    router_.add(route(http::verb::get, "/api/v1/prescriptions/{id}"));
    router_.add(route(http::verb::post, "/api/v1/prescriptions/{id}/payment"));
    router_.add(route(http::verb::get, "/"));
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralPathsByMethod) {
  auto get = router_.match(http::verb::get, "/api/v1/prescriptions");
  ASSERT_EQ(get.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(get.route->method, http::verb::get);
  auto post = router_.match(http::verb::post, "/api/v1/prescriptions");
  ASSERT_EQ(post.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(post.route->method, http::verb::post);
  EXPECT_TRUE(post.params.empty());
}

TEST_F(RouterTest, CapturesSegments) {
  auto m = router_.match(http::verb::post, "/api/v1/prescriptions/42/payment");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(m.route->pattern, "/api/v1/prescriptions/{id}/payment");
  EXPECT_EQ(m.params.at("id"), "42");
  auto text = router_.match(http::verb::get, "/api/v1/prescriptions/abc");
  ASSERT_EQ(text.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(text.params.at("id"), "abc");
}

TEST_F(RouterTest, UnknownPathsAreNotFound) {
  EXPECT_EQ(router_.match(http::verb::get, "/api/v1/unknown").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(router_.match(http::verb::get, "/api/v1/prescriptions/1/2/3").outcome, RouteMatch::Outcome::kNotFound);
  // A capture never matches an empty segment, nor does a trailing slash match.
  EXPECT_EQ(router_.match(http::verb::get, "/api/v1/prescriptions/").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(router_.match(http::verb::get, "/api/v1/prescriptions//payment").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(router_.match(http::verb::get, "/API/v1/prescriptions").outcome, RouteMatch::Outcome::kNotFound);
}

TEST_F(RouterTest, KnownPathWithOtherMethodIsMethodNotAllowed) {
  auto m = router_.match(http::verb::delete_, "/api/v1/prescriptions");
  EXPECT_EQ(m.outcome, RouteMatch::Outcome::kMethodNotAllowed);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allow, "GET, POST");
  auto payment = router_.match(http::verb::get, "/api/v1/prescriptions/7/payment");
  EXPECT_EQ(payment.outcome, RouteMatch::Outcome::kMethodNotAllowed);
  EXPECT_EQ(payment.allow, "POST");
}

TEST_F(RouterTest, RootPath) {
  EXPECT_EQ(router_.match(http::verb::get, "/").outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(router_.match(http::verb::get, "").outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(router_.match(http::verb::get, "/x").outcome, RouteMatch::Outcome::kNotFound);
}

TEST(RouterOrderTest, FirstAddedRouteWins) {
  Router router;
  router.add(route(http::verb::get, "/items/special"));
  router.add(route(http::verb::get, "/items/{id}"));
  auto special = router.match(http::verb::get, "/items/special");
  ASSERT_EQ(special.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(special.route->pattern, "/items/special");
  EXPECT_TRUE(special.params.empty());
  auto other = router.match(http::verb::get, "/items/9");
  ASSERT_EQ(other.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(other.route->pattern, "/items/{id}");
}

}  // namespace
}  // namespace rx
