// The [mllp] table of the serve configuration.
#include <gtest/gtest.h>

#include <string>

#include "cli/app_config.h"
#include "unit/cli/config_text.h"

namespace rx::cli {
namespace {

TEST(AppConfigMllpTest, DefaultsToPort2575OnLoopback) {
  auto c = load_config_text("timezone = \"Asia/Shanghai\"\n");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->mllp.port, 2575);
  EXPECT_EQ(c->mllp.bind, "127.0.0.1");
  EXPECT_EQ(c->mllp.idle_timeout, std::chrono::seconds(300));
}

TEST(AppConfigMllpTest, ReadsEveryMllpSetting) {
  auto c = load_config_text(R"(
[mllp]
bind = "0.0.0.0"
port = 0
idle_timeout_s = 45
max_connections = 8
)");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->mllp.bind, "0.0.0.0");
  EXPECT_EQ(c->mllp.port, 0);
  EXPECT_EQ(c->mllp.idle_timeout, std::chrono::seconds(45));
  EXPECT_EQ(c->mllp.max_connections, 8u);
}

TEST(AppConfigMllpTest, RefusesBadMllpSettingsByName) {
  struct Case {
    std::string toml;
    std::string field;
  };
  for (const Case& k :
       {Case{"[mllp]\nport = 70000\n", "mllp.port"}, Case{"[mllp]\nidle_timeout_s = 0\n", "mllp.idle_timeout_s"},
        Case{"[mllp]\nmax_connections = 0\n", "mllp.max_connections"}, Case{"[mllp]\nport = \"2575\"\n", "mllp.port"},
        Case{"[mllp]\nprot = 2575\n", "mllp.prot"}}) {
    auto c = load_config_text(k.toml);
    ASSERT_FALSE(c.ok()) << k.toml;
    EXPECT_EQ(c.status().field(), k.field) << c.status().to_string();
  }
}

}  // namespace
}  // namespace rx::cli
