#include "server/request_numbers.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "server/request_target.h"

namespace rx {
namespace {

// A request with the path captures `params` and the query string `query`.
struct Request {
  explicit Request(PathParams p, std::string_view query = "") : params(std::move(p)), query(*parse_query(query)) {}
  RequestContext context() const { return RequestContext{http, path, params, query, actor, remote}; }

  HttpRequest http;
  std::string path = "/";
  PathParams params;
  QueryParams query;
  Actor actor;
  std::string remote = "127.0.0.1";
};

TEST(WholeNumber, DigitsWithinTheRange) {
  EXPECT_EQ(whole_number("0", 0, 10), 0);
  EXPECT_EQ(whole_number("007", 1, 10), 7);
  EXPECT_EQ(whole_number("10", 1, 10), 10);
  EXPECT_EQ(whole_number("9223372036854775807", 0, std::numeric_limits<long long>::max()),
            std::numeric_limits<long long>::max());
}

TEST(WholeNumber, RefusesSignsSpacesExponentsAndOverflow) {
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "1e3", "0x10", "1.0", "abc", "9223372036854775808",
                          "99999999999999999999999"}) {
    EXPECT_EQ(whole_number(bad, 0, std::numeric_limits<long long>::max()), std::nullopt) << bad;
  }
  EXPECT_EQ(whole_number("0", 1, 10), std::nullopt);
  EXPECT_EQ(whole_number("11", 1, 10), std::nullopt);
}

TEST(PathIdNumber, APositiveIdOrNotFoundNamingIt) {
  Request ok(PathParams{{"id", "42"}});
  auto id = path_id_number(ok.context(), "task");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, 42);
  for (const char* bad : {"0", "-3", "4x", ""}) {
    Request r(PathParams{{"id", bad}});
    auto refused = path_id_number(r.context(), "stocktake");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.status().code(), ErrorCode::kNotFound);
    EXPECT_EQ(refused.status().message(), std::string("there is no stocktake with id '") + bad + "'");
  }
  Request none(PathParams{});
  EXPECT_EQ(path_id_number(none.context(), "excursion").status().message(), "there is no excursion with id ''");
  Request long_id(PathParams{{"id", std::string(100, 'x')}});
  EXPECT_EQ(path_id_number(long_id.context(), "task").status().message(),
            "there is no task with id '" + std::string(40, 'x') + "'");
}

TEST(QueryValue, AnEmptyValueCountsAsAbsent) {
  Request r(PathParams{}, "drug=D0001&patient=&status=ready");
  EXPECT_EQ(query_value(r.context(), "drug"), "D0001");
  EXPECT_EQ(query_value(r.context(), "patient"), std::nullopt);
  EXPECT_EQ(query_value(r.context(), "lot"), std::nullopt);
}

}  // namespace
}  // namespace rx
