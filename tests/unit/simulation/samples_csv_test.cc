#include "simulation/samples_csv.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace rx::simulation {
namespace {

constexpr const char* kHeader =
    "policy,prescription,paid_at,paid_s,ready_s,arrived_s,handed_over_s,order_to_ready_s,lower_bound_s,wait_s,"
    "packs,channel_only,ready_on_arrival\n";

PrescriptionSample sample(long long id, double paid, double ready, double arrived, double handed_over) {
  PrescriptionSample s;
  s.id = id;
  s.paid_s = paid;
  s.ready_s = ready;
  s.arrived_s = arrived;
  s.handed_over_s = handed_over;
  s.lower_bound_s = 22;
  s.packs = 3;
  return s;
}

RunResult run(std::string policy, std::vector<PrescriptionSample> samples) {
  RunResult r;
  r.policy = std::move(policy);
  r.samples = std::move(samples);
  return r;
}

std::vector<std::string> lines_of(const std::string& csv) {
  std::vector<std::string> out;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(SamplesCsv, OneRowPerPrescriptionWithTheClockOfPaymentAndTheDerivedTimes) {
  PrescriptionSample ready_first = sample(17, 61.25, 73.5, 301, 330.125);
  ready_first.channel_only = true;
  const RunResult smart = run("smart", {ready_first, sample(18, 3599.9996, 3700, 3650, 3720)});
  const auto lines = lines_of(samples_csv({&smart}, 9 * 3600));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0] + "\n", kHeader);
  EXPECT_EQ(lines[1], "smart,17,09:01:01,61.250,73.500,301.000,330.125,12.250,22.000,29.125,3,1,1");
  // Ready after the patient arrived; paid a fraction of a millisecond before 10:00 (the clock
  // rounds down, as a wall clock does, while the seconds keep three decimals).
  EXPECT_EQ(lines[2], "smart,18,09:59:59,3600.000,3700.000,3650.000,3720.000,100.000,22.000,70.000,3,0,0");
}

TEST(SamplesCsv, TimesThatNeverCameAreEmptyCellsAndSoIsWhatFollowsFromThem) {
  const RunResult fifo = run("fifo", {sample(5, 10, -1, 200, -1), sample(6, 20, 40, -1, -1)});
  const auto lines = lines_of(samples_csv({&fifo}, 0));
  ASSERT_EQ(lines.size(), 3u);
  // Never ready nor handed over: no order-to-ready, no wait, and not ready on arrival.
  EXPECT_EQ(lines[1], "fifo,5,00:00:10,10.000,,200.000,,,22.000,,3,0,0");
  // Never checked in: no arrival, no wait, and ready on arrival does not apply.
  EXPECT_EQ(lines[2], "fifo,6,00:00:20,20.000,40.000,,,20.000,22.000,,3,0,");
}

TEST(SamplesCsv, ValuesThatAreNotNumbersAreNeverPrinted) {
  PrescriptionSample odd = sample(9, 10, NAN, 20, INFINITY);
  odd.lower_bound_s = NAN;
  const RunResult smart = run("smart", {odd});
  const std::string csv = samples_csv({&smart}, 0);
  EXPECT_EQ(csv.find("nan"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("inf"), std::string::npos) << csv;
  EXPECT_EQ(lines_of(csv)[1], "smart,9,00:00:10,10.000,,20.000,,,,,3,0,0");
}

TEST(SamplesCsv, RunsFollowEachOtherAndEveryRowHasEveryColumn) {
  const RunResult smart = run("smart", {sample(1, 0, 5, 240, 270), sample(2, 60, 66, 300, 335)});
  const RunResult fifo = run("fifo", {sample(1, 0, 260, 240, 290)});
  const auto lines = lines_of(samples_csv({&smart, &fifo}, 9 * 3600));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[1].substr(0, 8), "smart,1,");
  EXPECT_EQ(lines[2].substr(0, 8), "smart,2,");
  EXPECT_EQ(lines[3].substr(0, 7), "fifo,1,");
  for (const std::string& line : lines) EXPECT_EQ(std::count(line.begin(), line.end(), ','), 12) << line;
}

TEST(SamplesCsv, NoRunsGiveTheHeaderAlone) { EXPECT_EQ(samples_csv({}, 0), kHeader); }

}  // namespace
}  // namespace rx::simulation
