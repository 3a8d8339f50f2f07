#include "simulation/scenario.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "simulation/scenario_data.h"
#include "support/csv_line.h"
#include "support/temp_dir.h"

namespace rx::simulation {
namespace {

const std::filesystem::path kShippedData = std::filesystem::path(RXPRESS_SOURCE_DIR) / "data";

Scenario builtin(std::string_view name) {
  auto s = builtin_scenario(name);
  EXPECT_TRUE(s.ok()) << s.status().to_string();
  return s.ok() ? *s : Scenario{};
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---- built-in scenarios ----------------------------------------------------

TEST(BuiltinScenarioTest, NamesTheFourScenariosAndEachPassesItsChecks) {
  EXPECT_EQ(builtin_scenario_names(), (std::vector<std::string>{"peak-hour", "whole-day", "surge", "faults"}));
  for (const auto& name : builtin_scenario_names()) {
    SCOPED_TRACE(name);
    Scenario s = builtin(name);
    EXPECT_EQ(s.name, name);
    EXPECT_TRUE(check_scenario(s).ok()) << check_scenario(s).to_string();
  }
}

TEST(BuiltinScenarioTest, PeakHourIsTheReferenceHour) {
  Scenario s = builtin("peak-hour");
  EXPECT_EQ(s.start_s, 9 * 3600);
  EXPECT_EQ(s.end_s, 10 * 3600);
  ASSERT_EQ(s.workload.arrivals.size(), 1u);
  EXPECT_EQ(s.workload.arrivals[0], (ArrivalPhase{9 * 3600, 10 * 3600, 900}));
  EXPECT_DOUBLE_EQ(expected_prescriptions(s.workload), 900);
  EXPECT_EQ(s.staff.windows, 8);
  EXPECT_EQ(s.channel, ChannelMachineParams{});
  EXPECT_EQ(s.robot, PickRobotParams{});
  EXPECT_EQ(s.shelf, SmartShelfParams{});
  EXPECT_EQ(s.faults, FaultRates{});
  EXPECT_DOUBLE_EQ(s.link_losses_per_hour, 0.25);
  EXPECT_TRUE(s.controller_crashes_s.empty());
  EXPECT_TRUE(s.formulary_file.empty());
}

TEST(BuiltinScenarioTest, WholeDayHasTwoPeaksAndNineThousandPrescriptions) {
  Scenario s = builtin("whole-day");
  EXPECT_EQ(s.start_s, 8 * 3600);
  EXPECT_EQ(s.end_s, 17 * 3600 + 30 * 60);
  EXPECT_NEAR(expected_prescriptions(s.workload), 9000, 90);
  auto rate_at = [&](int t) {
    for (const auto& p : s.workload.arrivals) {
      if (p.from_s <= t && t < p.until_s) return p.per_hour;
    }
    return 0.0;
  };
  double morning = rate_at(10 * 3600), lunch = rate_at(13 * 3600), afternoon = rate_at(15 * 3600);
  EXPECT_GT(morning, lunch);
  EXPECT_GT(afternoon, lunch);
  EXPECT_GT(morning, rate_at(8 * 3600 + 1800));
  EXPECT_GT(afternoon, rate_at(17 * 3600));
  // The phases cover the whole opening time without a gap.
  EXPECT_EQ(s.workload.arrivals.front().from_s, s.start_s);
  EXPECT_EQ(s.workload.arrivals.back().until_s, s.end_s);
  for (size_t i = 1; i < s.workload.arrivals.size(); ++i) {
    EXPECT_EQ(s.workload.arrivals[i].from_s, s.workload.arrivals[i - 1].until_s);
  }
}

TEST(BuiltinScenarioTest, SurgeIs1500PerHourForTwentyMinutes) {
  Scenario s = builtin("surge");
  ASSERT_EQ(s.workload.arrivals.size(), 1u);
  EXPECT_EQ(s.workload.arrivals[0], (ArrivalPhase{9 * 3600, 9 * 3600 + 1200, 1500}));
  EXPECT_EQ(s.end_s, 9 * 3600 + 1200);
  EXPECT_DOUBLE_EQ(expected_prescriptions(s.workload), 500);
}

TEST(BuiltinScenarioTest, FaultsIsPeakHourWithTenTimesTheFaults) {
  Scenario s = builtin("faults");
  Scenario peak = builtin("peak-hour");
  FaultRates ref;
  EXPECT_DOUBLE_EQ(s.faults.jam, 10 * ref.jam);
  EXPECT_DOUBLE_EQ(s.faults.double_drop, 10 * ref.double_drop);
  EXPECT_DOUBLE_EQ(s.faults.wrong_load, 10 * ref.wrong_load);
  EXPECT_DOUBLE_EQ(s.faults.unreadable, 10 * ref.unreadable);
  EXPECT_DOUBLE_EQ(s.faults.grip_fail, 10 * ref.grip_fail);
  EXPECT_DOUBLE_EQ(s.faults.jam_clear_mean_s, ref.jam_clear_mean_s);
  EXPECT_DOUBLE_EQ(s.link_losses_per_hour, 2.5);
  // Nothing else differs from peak-hour.
  s.name = peak.name;
  s.faults = peak.faults;
  s.link_losses_per_hour = peak.link_losses_per_hour;
  EXPECT_EQ(s, peak);
}

TEST(BuiltinScenarioTest, AnUnknownNameListsTheBuiltIns) {
  auto s = builtin_scenario("rush");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(s.status().message().find("peak-hour, whole-day, surge, faults"), std::string::npos);
}

// ---- TOML overrides --------------------------------------------------------

TEST(ScenarioTomlTest, AnEmptyFileIsPeakHour) {
  auto s = parse_scenario_toml("", "");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(*s, builtin("peak-hour"));
}

TEST(ScenarioTomlTest, OverridesABaseScenario) {
  auto s = parse_scenario_toml(R"(
base = "surge"
name = "small-surge"
day = "2027-01-04"
controller_crashes = ["09:05", "09:10:30"]

[staff]
windows = 6

[channel]
eject_s = 1          # an integer is accepted for a real
belt_m_per_s = 0.75

[robot]
packs_per_trip = 2

[shelf]
technicians = 3

[replenishment]
threshold_pct = 50

[faults]
jam = 0
link_losses_per_hour = 1
)",
                               "");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  Scenario want = builtin("surge");
  want.name = "small-surge";
  want.day = "2027-01-04";
  want.controller_crashes_s = {9 * 3600 + 300, 9 * 3600 + 630};
  want.staff.windows = 6;
  want.channel.eject_s = 1.0;
  want.channel.belt_m_per_s = 0.75;
  want.robot.packs_per_trip = 2;
  want.shelf.technicians = 3;
  want.replenishment.threshold_pct = 50;
  want.faults.jam = 0;
  want.link_losses_per_hour = 1;
  EXPECT_EQ(*s, want);
}

TEST(ScenarioTomlTest, ArrivalsReplaceTheBaseList) {
  auto s = parse_scenario_toml(R"(
base = "whole-day"
[workload]
items_weights = [50, 50]
walk_median_s = 120
walk_p90_s = 300
[[workload.arrivals]]
from = "08:00"
until = "12:00"
per_hour = 1000
[[workload.arrivals]]
from = "13:00"
until = "17:00"
per_hour = 1250.5
)",
                               "");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->workload.arrivals,
            (std::vector<ArrivalPhase>{{8 * 3600, 12 * 3600, 1000}, {13 * 3600, 17 * 3600, 1250.5}}));
  EXPECT_EQ(s->workload.items_weights, (std::vector<double>{50, 50}));
  EXPECT_EQ(s->workload.packs_weights, Workload{}.packs_weights);
  EXPECT_DOUBLE_EQ(s->workload.walk_median_s, 120);
  EXPECT_EQ(s->start_s, 8 * 3600);  // from the base
}

TEST(ScenarioTomlTest, ASyntaxErrorNamesTheLine) {
  auto s = parse_scenario_toml("name = \"x\"\n[staff\nwindows = 3\n", "");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("scenario:2:"), std::string::npos) << s.status().message();
}

// One bad input, the key the error must name, and words its message must hold.
struct BadInput {
  std::string toml;
  std::string key;
  std::string says;
};

const std::string kPhase = "[[workload.arrivals]]\nfrom = \"09:00\"\nuntil = \"10:00\"\n";

TEST(ScenarioTomlTest, RefusesBadInputNamingTheKeyAndTheReason) {
  const std::vector<BadInput> cases = {
      // unknown keys, at any level
      {"foo = 1", "foo", "unknown key 'foo'"},
      {"[workload]\narival = 3", "workload.arival", "unknown key 'workload.arival'"},
      {"[channel]\nname = \"C2\"", "channel.name", "unknown key"},
      {"[channel]\nspeed = 2", "channel.speed", "unknown key"},
      {"[faults]\nseed = 3", "faults.seed", "unknown key"},
      {"[staff]\nwindow = 3", "staff.window", "unknown key"},
      {kPhase + "per_hour = 900\nrate = 3", "workload.arrivals[0].rate", "unknown key"},
      // wrong types
      {"[staff]\nwindows = 8.0", "staff.windows", "expected an integer, found a real number"},
      {"[staff]\nwindows = \"8\"", "staff.windows", "expected an integer, found a string"},
      {"[channel]\neject_s = \"fast\"", "channel.eject_s", "expected a number, found a string"},
      {"[staff]\nwindows = 99999999999", "staff.windows", "99999999999"},
      {"workload = 3", "workload", "expected a table"},
      {"name = 3", "name", "expected a string"},
      {"start = 900", "start", "expected a string"},
      {"start = \"9:00\"", "start", "HH:MM"},
      {"start = \"09:60\"", "start", "HH:MM"},
      {"controller_crashes = \"09:30\"", "controller_crashes", "array"},
      {"[workload]\nitems_weights = [1, \"two\"]", "workload.items_weights[1]", "expected a number"},
      {"[workload]\narrivals = 3", "workload.arrivals", "expected an array of tables"},
      {"[workload]\narrivals = [1]", "workload.arrivals[0]", "expected a table"},
      {"[[workload.arrivals]]\nfrom = \"09:00\"\nper_hour = 3", "workload.arrivals[0].until", "missing"},
      {"base = \"rush\"", "base", "peak-hour, whole-day, surge, faults"},
      {"day = \"2026-13-01\"", "day", "YYYY-MM-DD"},
      {"day = \"20261201\"", "day", "YYYY-MM-DD"},
      {"name = \"\"", "name", "empty"},
      // negative rates, NaN and infinities
      {kPhase + "per_hour = -1", "workload.arrivals[0].per_hour", "at least 0, found -1"},
      {kPhase + "per_hour = nan", "workload.arrivals[0].per_hour", "finite"},
      {kPhase + "per_hour = 1e9", "workload.arrivals",
       "expected at most 50000 prescriptions in a run, found arrival phases that give 1000000000 on average"},
      {kPhase + "per_hour = 50001", "workload.arrivals", "found arrival phases that give 50001 on average"},
      {"[faults]\nlink_losses_per_hour = -0.5", "faults.link_losses_per_hour", "found -0.5"},
      {"[channel]\neject_s = nan", "channel.eject_s", "finite"},
      {"[channel]\nbelt_m_per_s = inf", "channel.belt_m_per_s", "finite"},
      {"[robot]\ngrip_s = -inf", "robot.grip_s", "finite"},
      {"[workload]\nservice_sigma = nan", "workload.service_sigma", "finite"},
      {"[faults]\njam_clear_mean_s = inf", "faults.jam_clear_mean_s", "finite"},
      {"[channel]\ndrop_s = -1", "channel.drop_s", "found -1"},
      {"[shelf]\npick_line_s = -2", "shelf.pick_line_s", "found -2"},
      {"[workload]\nservice_mean_s = 0", "workload.service_mean_s", "above 0"},
      {"[workload]\nzipf_s = -1", "workload.zipf_s", "at least 0"},
      {"[workload]\nmachine_share_pct = 101", "workload.machine_share_pct", "from 0 to 100, found 101"},
      {"[workload]\nmachine_share_within_pct = -2", "workload.machine_share_within_pct", "at least 0, found -2"},
      // probabilities
      {"[faults]\njam = 1.5", "faults.jam", "probability from 0 to 1, found 1.5"},
      {"[faults]\ngrip_fail = -0.1", "faults.grip_fail", "probability"},
      {"[faults]\nunreadable = nan", "faults.unreadable", "finite"},
      // impossible counts
      {"[staff]\nwindows = 0", "staff.windows", "expected 1 to 64, found 0"},
      {"[staff]\nready_buffer_baskets = 0", "staff.ready_buffer_baskets", "found 0"},
      {"[channel]\nshelves = 0", "channel.shelves", "found 0"},
      {"[channel]\nmin_channel_boxes = 8\nmax_channel_boxes = 7", "channel.max_channel_boxes", "expected 8 to"},
      {"[robot]\nlevels = 10", "robot.levels", "expected 1 to 9, found 10"},
      {"[shelf]\ntechnicians = 0", "shelf.technicians", "found 0"},
      {"[replenishment]\nthreshold_pct = 120", "replenishment.threshold_pct", "0 to 100, found 120"},
      {"[replenishment]\nround_s = 0", "replenishment.round_s", "above 0"},
      // weights
      {"[workload]\nitems_weights = []", "workload.items_weights", "empty"},
      {"[workload]\npacks_weights = [-1, 2]", "workload.packs_weights[0]", "at least 0, found -1"},
      {"[workload]\nitems_weights = [0, 0, 0]", "workload.items_weights", "all 0"},
      // walking time
      {"[workload]\nwalk_p90_s = 240", "workload.walk_p90_s", "more than walk_median_s (240)"},
      {"[workload]\nwalk_median_s = 700", "workload.walk_p90_s", "more than walk_median_s (700)"},
      // arrival phases
      {"[workload]\narrivals = []", "workload.arrivals", "at least one arrival phase"},
      {"[[workload.arrivals]]\nfrom = \"09:30\"\nuntil = \"09:30\"\nper_hour = 9", "workload.arrivals[0].until",
       "after from (09:30)"},
      {"[[workload.arrivals]]\nfrom = \"08:30\"\nuntil = \"09:30\"\nper_hour = 9", "workload.arrivals[0].from",
       "within the run"},
      {"[[workload.arrivals]]\nfrom = \"09:30\"\nuntil = \"10:30\"\nper_hour = 9", "workload.arrivals[0].until",
       "run's end (10:00)"},
      {kPhase + "per_hour = 9\n" +
           "[[workload.arrivals]]\nfrom = \"09:45\"\nuntil = \"10:00\"\nper_hour = 9",
       "workload.arrivals[1].from", "previous phase's until (10:00)"},
      // the run's times
      {"end = \"09:00\"", "end", "after start (09:00)"},
      {"start = \"10:00\"", "end", "after start (10:00)"},
      {"controller_crashes = [\"09:30\", \"11:00\"]", "controller_crashes[1]", "within the run"},
      {"controller_crashes = [\"08:59\"]", "controller_crashes[0]", "within the run"},
      // files
      {"formulary = \"/nonexistent/formulary.csv\"", "formulary", "file not found"},
      {"formulary = \"/tmp\"", "formulary", "not a regular file"},
  };
  for (const BadInput& c : cases) {
    SCOPED_TRACE(c.toml);
    auto s = parse_scenario_toml(c.toml, "");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.status().field(), c.key);
    EXPECT_NE(s.status().message().find(c.says), std::string::npos) << s.status().message();
  }
}

TEST(ScenarioTomlTest, TheSameInputsWithGoodValuesAreAccepted) {
  // The counterparts of some refused inputs, so that the checks are not
  // refusing everything near them.
  for (const std::string& toml : {
           std::string("[staff]\nwindows = 1"),
           std::string("[faults]\njam = 1\ngrip_fail = 0"),
           kPhase + "per_hour = 0",
           kPhase + "per_hour = 50000",
           std::string("[workload]\nitems_weights = [0, 1]\nwalk_p90_s = 240.5"),
           std::string("controller_crashes = [\"09:00\", \"09:59:59\"]"),
           std::string("[[workload.arrivals]]\nfrom = \"09:00\"\nuntil = \"09:30\"\nper_hour = 1\n"
                       "[[workload.arrivals]]\nfrom = \"09:30\"\nuntil = \"10:00\"\nper_hour = 2"),
           std::string("start = \"00:00\"\nend = \"24:00\""),
       }) {
    SCOPED_TRACE(toml);
    auto s = parse_scenario_toml(toml, "");
    EXPECT_TRUE(s.ok()) << s.status().to_string();
  }
}

// ---- check_scenario on a scenario built in code ----------------------------

TEST(CheckScenarioTest, RefusesTheSameValuesBuiltInCode) {
  struct Case {
    void (*change)(Scenario&);
    std::string key;
  };
  const std::vector<Case> cases = {
      {[](Scenario& s) { s.staff.windows = 0; }, "staff.windows"},
      {[](Scenario& s) { s.workload.service_sigma = std::nan(""); }, "workload.service_sigma"},
      {[](Scenario& s) { s.channel.eject_s = std::numeric_limits<double>::infinity(); }, "channel.eject_s"},
      {[](Scenario& s) { s.channel.name = ""; }, "channel.name"},
      {[](Scenario& s) { s.robot.speed = 0; }, "robot.speed"},
      {[](Scenario& s) { s.shelf.faults.unreadable = 2; }, "shelf.faults.unreadable"},
      {[](Scenario& s) { s.faults.wrong_load = -1; }, "faults.wrong_load"},
      {[](Scenario& s) { s.link_losses_per_hour = std::nan(""); }, "faults.link_losses_per_hour"},
      {[](Scenario& s) { s.workload.arrivals[0].per_hour = -900; }, "workload.arrivals[0].per_hour"},
      {[](Scenario& s) { s.workload.arrivals[0].until_s = 11 * 3600; }, "workload.arrivals[0].until"},
      {[](Scenario& s) { s.workload.packs_weights.clear(); }, "workload.packs_weights"},
      {[](Scenario& s) { s.end_s = s.start_s; }, "end"},
      {[](Scenario& s) { s.start_s = -1; }, "start"},
      {[](Scenario& s) { s.end_s = 25 * 3600; }, "end"},
      {[](Scenario& s) { s.controller_crashes_s = {10 * 3600}; }, "controller_crashes[0]"},
      {[](Scenario& s) { s.day = "tomorrow"; }, "day"},
      {[](Scenario& s) { s.formulary_file = "/nonexistent.csv"; }, "formulary"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].key);
    Scenario s = builtin("peak-hour");
    cases[i].change(s);
    Status st = check_scenario(s);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.field(), cases[i].key) << st.to_string();
  }
}

// ---- round trips -----------------------------------------------------------

TEST(ScenarioRoundTripTest, EveryBuiltInParsesBackToItself) {
  for (const auto& name : builtin_scenario_names()) {
    SCOPED_TRACE(name);
    Scenario s = builtin(name);
    std::string text = scenario_toml(s);
    auto back = parse_scenario_toml(text, "/elsewhere");
    ASSERT_TRUE(back.ok()) << back.status().to_string() << "\n" << text;
    EXPECT_EQ(*back, s) << text;
  }
}

TEST(ScenarioRoundTripTest, AModifiedScenarioParsesBackFieldByField) {
  testing::TempDir dir;
  write_file(dir.path() / "my formulary.csv", "x");
  Scenario s = builtin("whole-day");
  s.name = "东院 \"night\" \\ shift";
  s.day = "2027-02-28";
  s.start_s = 7 * 3600 + 30 * 60 + 15;
  s.controller_crashes_s = {8 * 3600, 12 * 3600 + 7};
  s.formulary_file = dir.path() / "my formulary.csv";
  s.workload.arrivals = {{7 * 3600 + 30 * 60 + 15, 9 * 3600 + 1, 0.1}, {10 * 3600, 17 * 3600, 1e-7}};
  s.workload.items_weights = {1.0 / 3, 2, 1e-300};
  s.workload.packs_weights = {5.0 / 3};
  s.workload.zipf_s = 0.85;
  s.workload.machine_share_pct = 72.5;
  s.workload.machine_share_within_pct = 100;
  s.workload.walk_median_s = 181.25;
  s.workload.walk_p90_s = 999.999;
  s.workload.service_mean_s = 31;
  s.workload.service_sigma = 0;
  s.channel.shelves = 12;
  s.channel.channels_per_shelf = 40;
  s.channel.channel_pitch_m = 0.07;
  s.channel.eject_s = 0.65;
  s.channel.max_ejecting_per_shelf = 5;
  s.channel.belt_m_per_s = 0.9;
  s.channel.buckets = 3;
  s.channel.bucket_capacity = 10;
  s.channel.drop_s = 2.25;
  s.channel.conveyor_s = 6;
  s.channel.channel_depth_mm = 1200;
  s.channel.min_channel_boxes = 4;
  s.channel.max_channel_boxes = 24;
  s.channel.refill_box_s = 3.1;
  s.channel.refill_technicians = 3;
  s.robot.levels = 6;
  s.robot.level_pitch_m = 0.35;
  s.robot.aisle_cm = 1500;
  s.robot.horizontal_m_per_s = 2;
  s.robot.vertical_m_per_s = 1.25;
  s.robot.grip_s = 1.1;
  s.robot.release_s = 0.7;
  s.robot.packs_per_trip = 4;
  s.robot.trip_span_m = 0.6;
  s.robot.chute_s = 2.5;
  s.shelf.technicians = 5;
  s.shelf.pick_line_s = 11;
  s.shelf.extra_pack_s = 2.5;
  s.shelf.cold_line_s = 9;
  s.shelf.carry_s = 12.5;
  s.staff = Staff{10, 3.5, 2, 250};
  s.replenishment = Replenishment{42.5, 45};
  s.faults.jam = 0.0125;
  s.faults.jam_clear_mean_s = 60;
  s.faults.double_drop = 0;
  s.faults.wrong_load = 1;
  s.faults.unreadable = 0.0031;
  s.faults.grip_fail = 0.04;
  s.link_losses_per_hour = 0.3333333333333333;
  ASSERT_TRUE(check_scenario(s).ok()) << check_scenario(s).to_string();

  std::string text = scenario_toml(s);
  auto back = parse_scenario_toml(text, "/elsewhere");
  ASSERT_TRUE(back.ok()) << back.status().to_string() << "\n" << text;
  EXPECT_EQ(back->workload, s.workload);
  EXPECT_EQ(back->channel, s.channel);
  EXPECT_EQ(back->robot, s.robot);
  EXPECT_EQ(back->shelf, s.shelf);
  EXPECT_EQ(back->staff, s.staff);
  EXPECT_EQ(back->replenishment, s.replenishment);
  EXPECT_EQ(back->faults, s.faults);
  EXPECT_EQ(back->formulary_file, s.formulary_file);
  EXPECT_EQ(back->name, s.name);
  EXPECT_EQ(*back, s) << text;
  // Written again, the text is the same.
  EXPECT_EQ(scenario_toml(*back), text);
}

TEST(ScenarioRoundTripTest, TheTextNamesEverySection) {
  std::string text = scenario_toml(builtin("peak-hour"));
  for (const char* section : {"[workload]", "[[workload.arrivals]]", "[channel]", "[robot]", "[shelf]", "[staff]",
                              "[replenishment]", "[faults]"}) {
    EXPECT_NE(text.find(section), std::string::npos) << section;
  }
  EXPECT_NE(text.find("start = \"09:00\""), std::string::npos);
  EXPECT_NE(text.find("link_losses_per_hour = 0.25"), std::string::npos);
}

// ---- files -----------------------------------------------------------------

TEST(ScenarioFileTest, ReadsDataPathsAgainstTheFilesDirectory) {
  testing::TempDir dir;
  write_file(dir.path() / "data" / "formulary.csv", read_text(kShippedData / "formulary.csv"));
  write_file(dir.path() / "scenarios" / "ward.toml",
             "base = \"surge\"\nformulary = \"../data/formulary.csv\"\n[staff]\nwindows = 5\n");
  auto s = load_scenario_file(dir.path() / "scenarios" / "ward.toml");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->formulary_file, (dir.path() / "data" / "formulary.csv").lexically_normal());
  EXPECT_EQ(s->name, "ward");  // no name given: the file's
  EXPECT_EQ(s->staff.windows, 5);
  EXPECT_EQ(s->end_s, builtin("surge").end_s);

  auto formulary = load_scenario_formulary(*s, "/nonexistent");
  ASSERT_TRUE(formulary.ok()) << formulary.status().to_string();
  EXPECT_EQ(formulary->size(), 86u);

  auto resolved = resolve_scenario((dir.path() / "scenarios" / "ward.toml").string());
  ASSERT_TRUE(resolved.ok()) << resolved.status().to_string();
  EXPECT_EQ(*resolved, *s);
}

TEST(ScenarioFileTest, TheExampleInTheDocsLoads) {
  std::istringstream doc(read_text(std::filesystem::path(RXPRESS_SOURCE_DIR) / "docs" / "simulation.md"));
  std::string line, example;
  bool in = false;
  while (std::getline(doc, line)) {
    if (line == "```toml") {
      in = true;
    } else if (in && line == "```") {
      break;
    } else if (in) {
      example += line + "\n";
    }
  }
  ASSERT_FALSE(example.empty());
  testing::TempDir dir;
  write_file(dir.path() / "data" / "east-formulary.csv", read_text(kShippedData / "formulary.csv"));
  write_file(dir.path() / "east.toml", example);
  auto s = load_scenario_file(dir.path() / "east.toml");
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->name, "east-campus");
  EXPECT_EQ(s->staff.windows, 6);
  EXPECT_EQ(s->workload.arrivals.size(), 2u);
  EXPECT_EQ(s->controller_crashes_s, std::vector<int>{9 * 3600 + 40 * 60});
}

TEST(ScenarioFileTest, ARelativeFormularyThatIsMissingIsRefused) {
  testing::TempDir dir;
  write_file(dir.path() / "s.toml", "formulary = \"missing.csv\"\n");
  auto s = load_scenario_file(dir.path() / "s.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().field(), "formulary");
  EXPECT_NE(s.status().message().find((dir.path() / "missing.csv").string()), std::string::npos)
      << s.status().message();
}

TEST(ScenarioFileTest, AMissingScenarioFileIsRefused) {
  testing::TempDir dir;
  auto s = load_scenario_file(dir.path() / "nope.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("nope.toml"), std::string::npos);
}

TEST(ScenarioFileTest, AnErrorInAFileNamesTheFileAndLine) {
  testing::TempDir dir;
  write_file(dir.path() / "broken.toml", "name = \"a\"\nname = \"b\"\n");
  auto s = load_scenario_file(dir.path() / "broken.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("broken.toml:2:"), std::string::npos) << s.status().message();
}

TEST(ScenarioFileTest, ResolvesBuiltInsAndRefusesAnythingElse) {
  auto s = resolve_scenario("faults");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, builtin("faults"));
  auto missing = resolve_scenario("peak_hour");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.status().message().find("peak-hour, whole-day, surge, faults"), std::string::npos);
}

TEST(ScenarioFormularyTest, WithoutAFileTheShippedFormularyIsRead) {
  auto f = load_scenario_formulary(builtin("peak-hour"), kShippedData);
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  EXPECT_EQ(f->size(), 86u);
  auto missing = load_scenario_formulary(builtin("peak-hour"), "/nonexistent");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "formulary");
  EXPECT_NE(missing.status().message().find("/nonexistent/formulary.csv"), std::string::npos);
}

TEST(ScenarioFormularyTest, AFormularyWithNoMachineStockableDrugIsRefused) {
  testing::TempDir dir;
  std::istringstream shipped(read_text(kShippedData / "formulary.csv"));
  std::string line, header, text;
  std::getline(shipped, header);
  auto columns = testing::split_csv_line(header);
  size_t machine_ok = std::find(columns.begin(), columns.end(), "machine_ok") - columns.begin();
  ASSERT_LT(machine_ok, columns.size());
  text = header + "\n";
  int kept = 0;
  while (std::getline(shipped, line)) {
    if (testing::split_csv_line(line).at(machine_ok) == "false") {
      text += line + "\n";
      ++kept;
    }
  }
  ASSERT_GT(kept, 0);
  write_file(dir.path() / "manual.csv", text);
  Scenario s = builtin("peak-hour");
  s.formulary_file = dir.path() / "manual.csv";
  auto f = load_scenario_formulary(s, kShippedData);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().field(), "formulary");
  EXPECT_NE(f.status().message().find("no machine-stockable drug"), std::string::npos) << f.status().message();
}

TEST(ScenarioFormularyTest, AFormularyThatDoesNotParseIsRefused) {
  testing::TempDir dir;
  write_file(dir.path() / "bad.csv", "code,name\nD1,x\n");
  Scenario s = builtin("peak-hour");
  s.formulary_file = dir.path() / "bad.csv";
  auto f = load_scenario_formulary(s, kShippedData);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().field(), "formulary");
  EXPECT_NE(f.status().message().find("bad.csv"), std::string::npos) << f.status().message();
}

}  // namespace
}  // namespace rx::simulation
