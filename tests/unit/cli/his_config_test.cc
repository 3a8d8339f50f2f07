// The [his] section: where the outbox sends, its timeouts and its back-off.
#include <gtest/gtest.h>

#include <string>

#include "cli/app_config.h"
#include "unit/cli/config_text.h"

namespace rx::cli {
namespace {

class HisConfigTest : public ::testing::Test {};

TEST_F(HisConfigTest, ReadsEverySetting) {
  auto c = load_config_text(R"(
[his]
mllp_host = "10.0.0.5"
mllp_port = 3575
connect_timeout_ms = 2000
reply_timeout_ms = 10000
retry_first_ms = 500
retry_max_ms = 30000
retry_factor = 3
)");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  ASSERT_TRUE(c->his.has_value());
  EXPECT_EQ(c->his->host, "10.0.0.5");
  EXPECT_EQ(c->his->port, 3575);
  EXPECT_EQ(c->his->connect_timeout, Duration{2000});
  EXPECT_EQ(c->his->reply_timeout, Duration{10000});
  EXPECT_EQ(c->pharmacy.his_retry.first, Duration{500});
  EXPECT_EQ(c->pharmacy.his_retry.max, Duration{30000});
  EXPECT_DOUBLE_EQ(c->pharmacy.his_retry.factor, 3.0);
}

TEST_F(HisConfigTest, WithoutTheSectionThereIsNoHisAndTheDefaultsHold) {
  auto c = load_config_text("timezone = \"Asia/Shanghai\"\n");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_FALSE(c->his.has_value());
  EXPECT_EQ(c->pharmacy.his_retry.first, Duration{1000});
  EXPECT_EQ(c->pharmacy.his_retry.max, Duration{60000});
}

TEST_F(HisConfigTest, OnlyTheHostIsRequiredAndThePortDefaultsTo2575) {
  auto c = load_config_text("[his]\nmllp_host = \"his.hospital.local\"\n");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  ASSERT_TRUE(c->his.has_value());
  EXPECT_EQ(c->his->port, 2575);
}

TEST_F(HisConfigTest, BadSettingsAreRefusedByName) {
  struct Case {
    const char* toml;
    const char* field;
    const char* message;
  };
  const Case cases[] = {
      {"[his]\nmllp_port = 2575\n", "his.mllp_host", "his.mllp_host is required"},
      {"[his]\nmllp_host = \"h\"\nmllp_port = 70000\n", "his.mllp_port", "1-65535, not 70000"},
      {"[his]\nmllp_host = \"h\"\nretry_first_ms = 0\n", "his.retry_first_ms", "at least 1 (ms), not 0"},
      {"[his]\nmllp_host = \"h\"\nretry_first_ms = 5000\nretry_max_ms = 1000\n", "his.retry_max_ms",
       "must not be less than his.retry_first_ms"},
      {"[his]\nmllp_host = \"h\"\nretry_factor = 0.5\n", "his.retry_factor", "at least 1, not 0.5"},
      {"[his]\nmllp_host = \"h\"\nretry_every_ms = 5\n", "his.retry_every_ms", "unknown setting 'his.retry_every_ms'"},
      {"[his]\nmllp_host = 5\n", "his.mllp_host", "wrong type"},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.toml);
    auto c = load_config_text(k.toml);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().field(), k.field);
    EXPECT_NE(c.status().message().find(k.message), std::string::npos) << c.status().message();
  }
}

}  // namespace
}  // namespace rx::cli
