// FileThermometer: the simplest temperature sensor driver. A logger (or the
// sensor's own software) writes the current temperatures into a text file,
// one line per sensor:
//
//   # comments and blank lines are ignored
//   F1,4.8
//   COOL-1,18.2
//
// The driver reads the file every `interval` on the Scheduler and hands each
// line to a callback as a reading at the poll's time, but only when the file
// was written since the last poll: a logger that stopped writing then looks
// like a silent sensor, not a steady one.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/scheduler.h"
#include "core/time.h"

namespace rx {

struct ThermometerReading {
  std::string sensor;
  double celsius = 0;
  Instant at{};

  bool operator==(const ThermometerReading&) const = default;
};

// The readings of a thermometer file, stamped `at`. Refused with the line
// number for a line that is not "sensor,celsius", for more than
// kMaxThermometerLines readings, or for a file over kMaxThermometerBytes.
inline constexpr size_t kMaxThermometerLines = 256;
inline constexpr size_t kMaxThermometerBytes = 64 * 1024;
Result<std::vector<ThermometerReading>> parse_thermometer_file(std::string_view text, Instant at);

class FileThermometer {
 public:
  using ReadingFn = std::function<void(const ThermometerReading&)>;

  // Polls `path` every `interval` (at least a second) once started; stops when destroyed.
  FileThermometer(Scheduler& scheduler, std::filesystem::path path, Duration interval, ReadingFn on_reading);
  ~FileThermometer();
  FileThermometer(const FileThermometer&) = delete;
  FileThermometer& operator=(const FileThermometer&) = delete;

  // Polls now, then every interval.
  void start();
  // Reads the file once if it was written since the last read, and hands its
  // readings over. A missing or malformed file hands over nothing and says why.
  Status poll();

 private:
  void schedule_next();

  Scheduler& scheduler_;
  std::filesystem::path path_;
  Duration interval_;
  ReadingFn on_reading_;
  std::optional<std::filesystem::file_time_type> last_written_;
  std::string last_problem_;  // logged once, until it changes
  // Shared with the scheduled polls, so that one that runs after the driver is
  // gone does nothing.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace rx
