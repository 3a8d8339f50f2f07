#include "server/request_target.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

TEST(PercentDecodeTest, DecodesEscapes) {
  EXPECT_EQ(percent_decode("a%20b%2Fc", false).value(), "a b/c");
  EXPECT_EQ(percent_decode("%E5%BF%83", false).value(), "心");
  EXPECT_EQ(percent_decode("%e5%bf%83", false).value(), "心");
  EXPECT_EQ(percent_decode("plain", false).value(), "plain");
}

TEST(PercentDecodeTest, PlusIsSpaceOnlyInQueries) {
  EXPECT_EQ(percent_decode("a+b", true).value(), "a b");
  EXPECT_EQ(percent_decode("a+b", false).value(), "a+b");
  EXPECT_EQ(percent_decode("a%2Bb", true).value(), "a+b");
}

TEST(PercentDecodeTest, RefusesMalformedEscapes) {
  for (const char* bad : {"%", "%2", "abc%", "%zz", "%2g", "a%00b"}) {
    auto r = percent_decode(bad, true);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument) << bad;
  }
  EXPECT_NE(percent_decode("ab%zz", false).status().message().find("offset 2"), std::string::npos);
}

TEST(ParseQueryTest, SplitsAndDecodes) {
  auto q = parse_query("status=ready&patient=P%20001&limit=10&flag&&name=a+b");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->get("status"), "ready");
  EXPECT_EQ(q->get("patient"), "P 001");
  EXPECT_EQ(q->get("limit"), "10");
  EXPECT_EQ(q->get("flag"), "");
  EXPECT_EQ(q->get("name"), "a b");
  EXPECT_EQ(q->get("missing"), std::nullopt);
  EXPECT_EQ(q->size(), 5u);
}

TEST(ParseQueryTest, FirstValueWins) {
  auto q = parse_query("a=1&a=2");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->get("a"), "1");
}

TEST(ParseQueryTest, BadValueNamesTheParameter) {
  auto q = parse_query("ok=1&drug=%G1");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().field(), "drug");
}

TEST(ParseRequestTargetTest, SplitsPathAndQuery) {
  auto t = parse_request_target("/api/v1/prescriptions?status=ready&limit=5#frag");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/api/v1/prescriptions");
  EXPECT_EQ(t->query.get("status"), "ready");
  EXPECT_EQ(t->query.get("limit"), "5");
  auto plain = parse_request_target("/healthz");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->path, "/healthz");
  EXPECT_EQ(plain->query.size(), 0u);
}

TEST(ParseRequestTargetTest, DecodesThePathWithoutPlus) {
  auto t = parse_request_target("/web/a+b%2E%2E/x");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->path, "/web/a+b../x");
}

TEST(ParseRequestTargetTest, RefusesBadTargets) {
  EXPECT_FALSE(parse_request_target("").ok());
  EXPECT_FALSE(parse_request_target("http://host/x").ok());
  EXPECT_FALSE(parse_request_target("*").ok());
  auto bad_path = parse_request_target("/a%zz");
  ASSERT_FALSE(bad_path.ok());
  EXPECT_EQ(bad_path.status().field(), "path");
}

}  // namespace
}  // namespace rx
