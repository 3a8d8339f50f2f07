#include "cli/app_config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "unit/cli/config_text.h"
#include "support/temp_dir.h"

namespace rx::cli {
namespace {

class AppConfigTest : public ::testing::Test {};

TEST_F(AppConfigTest, ReadsEverySetting) {
  auto c = load_config_text(R"(
timezone = "+08:00"
data_dir = "/var/lib/rxpress"
[intake]
payment = "on_receipt"
[http]
bind = "0.0.0.0"
port = 9090
screen_allow = ["10.0.0.5"]
[pharmacy]
windows = 6
policy = "fifo"
near_expiry_days = 60
[devices]
speed = 2.5
faults = false
fault_seed = 7
[[tokens]]
token = "0123456789abcdef0123"
role = "his"
name = "his-main"
)");
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->pharmacy.zone.offset(), std::chrono::minutes(480));
  EXPECT_EQ(c->data_dir, "/var/lib/rxpress");
  EXPECT_EQ(c->pharmacy.payment, PaymentMode::kOnReceipt);
  EXPECT_EQ(c->server.bind, "0.0.0.0");
  EXPECT_EQ(c->server.port, 9090);
  ASSERT_EQ(c->server.screen_allow.size(), 1u);
  EXPECT_EQ(c->pharmacy.windows, 6);
  EXPECT_EQ(c->pharmacy.policy, PolicyKind::kFifo);
  EXPECT_EQ(c->pharmacy.near_expiry_days, 60);
  EXPECT_DOUBLE_EQ(c->device_speed, 2.5);
  EXPECT_FALSE(c->device_faults);
  EXPECT_EQ(c->fault_seed, 7u);
  ASSERT_EQ(c->server.tokens.size(), 1u);
  EXPECT_EQ(c->server.tokens[0].role, "his");
  EXPECT_EQ(c->server.tokens[0].name, "his-main");
}

TEST_F(AppConfigTest, EmptyFileGivesDefaults) {
  auto c = load_config_text("");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->pharmacy.payment, PaymentMode::kRequired);
  EXPECT_EQ(c->pharmacy.policy, PolicyKind::kSmart);
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_TRUE(c->server.tokens.empty());
  EXPECT_TRUE(c->device_faults);  // the reference rates of machine-model.md
}

TEST_F(AppConfigTest, TheDayClosesAt22UnlessConfigured) {
  auto defaults = load_config_text("");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->pharmacy.closing_time, std::chrono::minutes(22 * 60));
  auto early = load_config_text("[pharmacy]\nclosing_time = \"18:30\"\n");
  ASSERT_TRUE(early.ok()) << early.status().to_string();
  EXPECT_EQ(early->pharmacy.closing_time, std::chrono::minutes(18 * 60 + 30));
  auto never = load_config_text("[pharmacy]\nclosing_time = \"\"\n");
  ASSERT_TRUE(never.ok()) << never.status().to_string();
  EXPECT_FALSE(never->pharmacy.closing_time.has_value());
  for (const char* bad : {"24:00", "7:30", "22h", "12:60"}) {
    auto r = load_config_text(std::string("[pharmacy]\nclosing_time = \"") + bad + "\"\n");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "pharmacy.closing_time") << bad;
  }
}

TEST_F(AppConfigTest, RefusesWhatItCannotUseAndNamesTheSetting) {
  struct Case {
    const char* toml;
    const char* field;
  };
  const Case cases[] = {
      {"tiemzone = \"UTC\"\n", "tiemzone"},
      {"[intake]\npayment = \"later\"\n", "intake.payment"},
      {"[http]\nport = 70000\n", "http.port"},
      {"[http]\nport = \"8080\"\n", "http.port"},
      {"[pharmacy]\nwindows = 0\n", "pharmacy.windows"},
      {"[pharmacy]\npolicy = \"random\"\n", "policy"},
      {"[devices]\nspeed = -1.0\n", "devices.speed"},
      {"[devices]\nfaults = \"no\"\n", "devices.faults"},
      {"[devices]\nfault_seed = -3\n", "devices.fault_seed"},
      {"[[tokens]]\ntoken = \"short\"\nrole = \"his\"\n", "tokens[0].token"},
      {"[[tokens]]\ntoken = \"0123456789abcdef\"\nrole = \"nurse\"\n", "tokens[0].role"},
      {"timezone = \"Mars/Olympus\"\n", "timezone"},
  };
  for (const auto& c : cases) {
    auto r = load_config_text(c.toml);
    ASSERT_FALSE(r.ok()) << c.toml;
    EXPECT_EQ(r.status().field(), c.field) << c.toml << " -> " << r.status().to_string();
  }
}

TEST_F(AppConfigTest, SyntaxErrorsGiveLineAndColumn) {
  testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "rxpress.toml";
  std::ofstream(path) << "[http]\nport = = 1\n";
  auto r = load_app_config(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(path.string() + ":2:"), std::string::npos) << r.status().message();
}

TEST_F(AppConfigTest, BootstrapTokenIsAnAdminToken) {
  ServerConfig server;
  ::setenv("RXPRESS_BOOTSTRAP_TOKEN", "bootstrap-secret-123", 1);
  add_bootstrap_token(server);
  ::unsetenv("RXPRESS_BOOTSTRAP_TOKEN");
  ASSERT_EQ(server.tokens.size(), 1u);
  EXPECT_EQ(server.tokens[0].role, "admin");
  EXPECT_EQ(server.tokens[0].token, "bootstrap-secret-123");
  ServerConfig none;
  add_bootstrap_token(none);
  EXPECT_TRUE(none.tokens.empty());
}

}  // namespace
}  // namespace rx::cli
