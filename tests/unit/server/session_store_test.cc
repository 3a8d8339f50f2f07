#include "server/session_store.h"

#include <gtest/gtest.h>

#include <set>

namespace rx {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const Instant kT0 = Instant{} + hours(24 * 20000);

TEST(SessionIdTest, Is128RandomBitsInHex) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    std::string id = random_session_id();
    ASSERT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST(SessionStoreTest, OpenThenUse) {
  SessionStore store;
  std::string id = store.open({"pharmacist", "wang"}, kT0);
  auto actor = store.use(id, kT0 + minutes(5));
  ASSERT_TRUE(actor.has_value());
  EXPECT_EQ(actor->role, "pharmacist");
  EXPECT_EQ(actor->name, "wang");
  EXPECT_FALSE(store.use("0123456789abcdef0123456789abcdef", kT0).has_value());
}

TEST(SessionStoreTest, ExpiresAfterTwelveHoursIdle) {
  SessionStore store;
  std::string id = store.open({"his", "his1"}, kT0);
  EXPECT_TRUE(store.use(id, kT0 + hours(12) - minutes(1)).has_value());
  // Each use restarts the idle limit.
  EXPECT_TRUE(store.use(id, kT0 + hours(23)).has_value());
  EXPECT_FALSE(store.use(id, kT0 + hours(35)).has_value());
  // Expired is gone for good.
  EXPECT_FALSE(store.use(id, kT0 + hours(23)).has_value());
  EXPECT_EQ(store.size(), 0u);
}

TEST(SessionStoreTest, CloseEndsTheSession) {
  SessionStore store;
  std::string a = store.open({"admin", "root"}, kT0);
  std::string b = store.open({"admin", "root"}, kT0);
  EXPECT_NE(a, b);
  store.close(a);
  store.close("unknown");
  EXPECT_FALSE(store.use(a, kT0).has_value());
  EXPECT_TRUE(store.use(b, kT0).has_value());
}

TEST(SessionStoreTest, OpeningDropsExpiredSessions) {
  SessionStore store;
  store.open({"his", "a"}, kT0);
  store.open({"his", "b"}, kT0 + hours(1));
  store.open({"his", "c"}, kT0 + hours(12) + minutes(30));
  EXPECT_EQ(store.size(), 2u);
}

TEST(SessionStoreTest, AtTheLimitTheLeastRecentlyUsedEnds) {
  SessionStore store;
  std::string first = store.open({"his", "first"}, kT0);
  std::string second = store.open({"his", "second"}, kT0 + minutes(1));
  store.use(first, kT0 + minutes(2));
  for (size_t i = 2; i < SessionStore::kMaxSessions; ++i) store.open({"his", "n"}, kT0 + minutes(3));
  EXPECT_EQ(store.size(), SessionStore::kMaxSessions);
  store.open({"his", "last"}, kT0 + minutes(4));
  EXPECT_EQ(store.size(), SessionStore::kMaxSessions);
  EXPECT_TRUE(store.use(first, kT0 + minutes(5)).has_value());
  EXPECT_FALSE(store.use(second, kT0 + minutes(5)).has_value());
}

}  // namespace
}  // namespace rx
