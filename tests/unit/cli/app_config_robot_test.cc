// The robot settings of the serve configuration's [devices] table.
#include <gtest/gtest.h>

#include <string>

#include "cli/app_config.h"
#include "unit/cli/config_text.h"

namespace rx::cli {
namespace {

TEST(AppConfigRobotTest, DefaultsToTheSimulatedRobotOverWwksWithTheTablesLinkLosses) {
  auto c = load_config_text("[devices]\nspeed = 2.0\n");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->robot_link, AppConfig::RobotLink::kWwks);
  EXPECT_FALSE(c->robot_address.has_value());
  EXPECT_DOUBLE_EQ(c->link_loss_per_hour, 0.25);
}

TEST(AppConfigRobotTest, ReadsAnExternalRobotAndTheLinkLossRate) {
  auto c = load_config_text(R"(
[devices]
robot = "wwks"
robot_address = "10.0.0.7:6050"
link_loss_per_hour = 3.5
)");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  ASSERT_TRUE(c->robot_address.has_value());
  EXPECT_EQ(c->robot_address->host, "10.0.0.7");
  EXPECT_EQ(c->robot_address->port, 6050);
  EXPECT_DOUBLE_EQ(c->link_loss_per_hour, 3.5);
}

TEST(AppConfigRobotTest, ReadsTheDirectAttachment) {
  auto c = load_config_text("[devices]\nrobot = \"direct\"\n");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->robot_link, AppConfig::RobotLink::kDirect);
}

TEST(AppConfigRobotTest, RefusesBadRobotSettingsByName) {
  struct Case {
    std::string toml;
    std::string field;
    std::string says;
  };
  for (const Case& k : {
           Case{"robot = \"serial\"", "devices.robot", "\"serial\""},
           Case{"robot = 1", "devices.robot", "wrong type"},
           Case{"robot_address = \"10.0.0.7\"", "devices.robot_address", "\"10.0.0.7\""},
           Case{"robot_address = \":6050\"", "devices.robot_address", "host:port"},
           Case{"robot_address = \"robot:70000\"", "devices.robot_address", "1-65535"},
           Case{"robot_address = \"robot:0\"", "devices.robot_address", "1-65535"},
           Case{"robot = \"direct\"\nrobot_address = \"robot:6050\"", "devices.robot_address", "direct"},
           Case{"link_loss_per_hour = -0.5", "devices.link_loss_per_hour", "-0.5"},
           Case{"link_loss_per_hour = \"often\"", "devices.link_loss_per_hour", "wrong type"},
       }) {
    auto c = load_config_text("[devices]\n" + k.toml + "\n");
    ASSERT_FALSE(c.ok()) << k.toml;
    EXPECT_EQ(c.status().field(), k.field) << k.toml;
    EXPECT_NE(c.status().message().find(k.says), std::string::npos) << k.toml << ": " << c.status().message();
  }
}

}  // namespace
}  // namespace rx::cli
