#include "devices/sensors/file_thermometer.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/virtual_scheduler.h"
#include "support/temp_dir.h"

namespace rx::testing {
namespace {

const Instant kStart = *parse_instant("2026-12-01T09:00:00+08:00", Zone::shanghai());

TEST(ParseThermometerFile, ReadsSensorLinesAndSkipsCommentsAndBlanks) {
  auto r = parse_thermometer_file("# fridge and cool cabinet\nF1,4.8\r\n\n  COOL-1 , 18.25 \n", kStart);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0], (ThermometerReading{"F1", 4.8, kStart}));
  EXPECT_EQ((*r)[1], (ThermometerReading{"COOL-1", 18.25, kStart}));
  EXPECT_TRUE(parse_thermometer_file("", kStart)->empty());
}

TEST(ParseThermometerFile, RefusesMalformedLinesWithTheLineNumber) {
  for (std::string_view bad : {"F1,4.8\nF2\n", "F1,4.8\nF2,warm\n", "F1,4.8\n,5\n", "F1,4.8\nF2,5.1x\n"}) {
    auto r = parse_thermometer_file(bad, kStart);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "line 2") << bad;
  }
  std::string many;
  for (size_t i = 0; i <= kMaxThermometerLines; ++i) many += "T" + std::to_string(i) + ",5\n";
  EXPECT_FALSE(parse_thermometer_file(many, kStart).ok());
  EXPECT_FALSE(parse_thermometer_file(std::string(kMaxThermometerBytes + 1, '#'), kStart).ok());
}

class FileThermometerTest : public ::testing::Test {
 protected:
  void write(const std::string& text, int stamp) {
    {
      std::ofstream out(path_, std::ios::binary | std::ios::trunc);
      out << text;
    }
    // A distinct write time for each write, whatever the file system's resolution.
    std::filesystem::last_write_time(path_,
                                     std::filesystem::file_time_type{} + std::chrono::seconds(1'000'000 + stamp));
  }

  TempDir dir_;
  std::filesystem::path path_ = dir_.path() / "temperatures.txt";
  VirtualScheduler sched_{kStart};
  std::vector<ThermometerReading> got_;
};

TEST_F(FileThermometerTest, PollsOnTheIntervalAndReportsOnlyNewWrites) {
  write("F1,4.8\nC1,18\n", 1);
  FileThermometer t(sched_, path_, Duration{30'000}, [this](const ThermometerReading& r) { got_.push_back(r); });
  t.start();
  sched_.run_until(kStart);
  ASSERT_EQ(got_.size(), 2u);
  EXPECT_EQ(got_[0].at, kStart);
  sched_.run_until(kStart + Duration{60'000});
  EXPECT_EQ(got_.size(), 2u);  // not written since: nothing new
  write("F1,9.5\n", 2);
  sched_.run_until(kStart + Duration{90'000});
  ASSERT_EQ(got_.size(), 3u);
  EXPECT_EQ(got_[2], (ThermometerReading{"F1", 9.5, kStart + Duration{90'000}}));
}

TEST_F(FileThermometerTest, AMissingOrMalformedFileHandsOverNothingUntilItIsFixed) {
  FileThermometer t(sched_, path_, Duration{10'000}, [this](const ThermometerReading& r) { got_.push_back(r); });
  EXPECT_EQ(t.poll().code(), ErrorCode::kUnavailable);
  write("F1,4.8\nF2,??\n", 1);
  EXPECT_EQ(t.poll().field(), "line 2");
  EXPECT_TRUE(got_.empty());
  write("F1,4.8\nF2,5\n", 2);
  EXPECT_TRUE(t.poll().ok());
  EXPECT_EQ(got_.size(), 2u);
}

TEST_F(FileThermometerTest, StopsPollingWhenDestroyed) {
  write("F1,4.8\n", 1);
  {
    FileThermometer t(sched_, path_, Duration{10'000}, [this](const ThermometerReading& r) { got_.push_back(r); });
    t.start();
    sched_.run_until(kStart);
  }
  write("F1,5.0\n", 2);
  sched_.run(1000);
  EXPECT_EQ(got_.size(), 1u);
  EXPECT_EQ(sched_.pending(), 0u);
}

}  // namespace
}  // namespace rx::testing
