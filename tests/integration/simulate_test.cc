// `rxpress simulate` (contracts.md): the same arguments give the same JSON
// apart from wall_s, and a scenario that cannot be used exits 2 saying why.
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/command_output.h"
#include "support/temp_dir.h"

namespace {

using nlohmann::json;

struct Outcome : rx::testing::CommandOutput {
  std::string err;
};

Outcome simulate(const std::string& args, const rx::testing::TempDir& dir) {
  auto err_path = dir.path() / "stderr.txt";
  Outcome outcome;
  static_cast<rx::testing::CommandOutput&>(outcome) = rx::testing::run_command(
      std::string("'") + RXPRESS_BINARY + "' simulate " + args + " 2>'" + err_path.string() + "'");
  std::ifstream in(err_path);
  outcome.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return outcome;
}

json parse_without_wall(const std::string& out) {
  json j = json::parse(out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << out.substr(0, 300);
  if (j.is_object()) j.erase("wall_s");
  return j;
}

TEST(Simulate, PeakHourTwiceGivesTheSameJsonApartFromWallTime) {
  rx::testing::TempDir dir;
  Outcome a = simulate("--scenario peak-hour --seed 1 --json", dir);
  Outcome b = simulate("--scenario peak-hour --seed 1 --json", dir);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  json ja = parse_without_wall(a.out);
  EXPECT_EQ(ja, parse_without_wall(b.out));
  EXPECT_EQ(ja["scenario"], "peak-hour");
  EXPECT_EQ(ja["policy"], "smart");
  EXPECT_EQ(ja["seed"], 1);
  EXPECT_GT(ja["prescriptions"].get<int>(), 700);
  EXPECT_EQ(ja["lost_prescriptions"], 0);
  EXPECT_TRUE(ja.contains("utilisation"));
  // stdout holds the JSON object alone.
  EXPECT_EQ(a.out.find('\n'), a.out.size() - 1);
}

TEST(Simulate, CompareAddsTheBaselineFromTheSameSeed) {
  rx::testing::TempDir dir;
  auto scenario = dir.path() / "short.toml";
  std::ofstream(scenario) << "base = \"peak-hour\"\nend = \"09:10\"\n[[workload.arrivals]]\nfrom = \"09:00\"\n"
                             "until = \"09:10\"\nper_hour = 900\n";
  Outcome o = simulate("--scenario '" + scenario.string() + "' --compare fifo --seed 2 --json", dir);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  json j = json::parse(o.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << o.out;
  ASSERT_TRUE(j.contains("baseline"));
  EXPECT_EQ(j["baseline"]["policy"], "fifo");
  EXPECT_EQ(j["baseline"]["prescriptions"], j["prescriptions"]);
  for (const auto& [key, value] : j.items()) {
    if (key != "baseline" && key != "scenario" && key != "policy" && key != "seed") {
      EXPECT_TRUE(j["baseline"].contains(key)) << key;
    }
  }
}

TEST(Simulate, AnUnknownScenarioExits2NamingIt) {
  rx::testing::TempDir dir;
  Outcome o = simulate("--scenario rush-hour", dir);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_TRUE(o.out.empty());
  EXPECT_NE(o.err.find("rush-hour"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("peak-hour"), std::string::npos) << o.err;
}

TEST(Simulate, ABadScenarioFileExits2WithTheKey) {
  rx::testing::TempDir dir;
  auto scenario = dir.path() / "bad.toml";
  std::ofstream(scenario) << "base = \"peak-hour\"\n[staff]\nwindows = 0\n";
  Outcome o = simulate("--scenario '" + scenario.string() + "'", dir);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("windows"), std::string::npos) << o.err;
}

TEST(Simulate, ANegativeSeedExits2InsteadOfWrappingRound) {
  rx::testing::TempDir dir;
  Outcome o = simulate("--scenario peak-hour --seed -1", dir);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_TRUE(o.out.empty());
  EXPECT_NE(o.err.find("--seed: expected a whole number"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("'-1'"), std::string::npos) << o.err;
}

TEST(Simulate, AMissingScenarioExits2) {
  rx::testing::TempDir dir;
  Outcome o = simulate("--json", dir);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("--scenario is required"), std::string::npos) << o.err;
}

TEST(Simulate, AnUnknownPolicyExits2) {
  rx::testing::TempDir dir;
  Outcome o = simulate("--scenario peak-hour --policy fastest", dir);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("fastest"), std::string::npos) << o.err;
}

}  // namespace
