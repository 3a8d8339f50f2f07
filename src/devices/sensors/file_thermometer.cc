#include "devices/sensors/file_thermometer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <system_error>

namespace rx {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::vector<ThermometerReading>> parse_thermometer_file(std::string_view text, Instant at) {
  if (text.size() > kMaxThermometerBytes) {
    return Status::invalid(fmt::format("expected at most {} bytes, found {}", kMaxThermometerBytes, text.size()));
  }
  std::vector<ThermometerReading> out;
  size_t line_no = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    size_t comma = line.find(',');
    std::string_view sensor = trim(line.substr(0, comma));
    std::string_view value = comma == std::string_view::npos ? std::string_view{} : trim(line.substr(comma + 1));
    double celsius = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), celsius);
    if (sensor.empty() || value.empty() || ec != std::errc() || ptr != value.data() + value.size()) {
      return Status::invalid(fmt::format("line {}: expected \"sensor,celsius\", found \"{}\"", line_no, line),
                             fmt::format("line {}", line_no));
    }
    if (out.size() == kMaxThermometerLines) {
      return Status::invalid(fmt::format("expected at most {} readings", kMaxThermometerLines),
                             fmt::format("line {}", line_no));
    }
    out.push_back(ThermometerReading{std::string(sensor), celsius, at});
  }
  return out;
}

FileThermometer::FileThermometer(Scheduler& scheduler, std::filesystem::path path, Duration interval,
                                 ReadingFn on_reading)
    : scheduler_(scheduler),
      path_(std::move(path)),
      interval_(std::max(interval, Duration{1000})),
      on_reading_(std::move(on_reading)) {}

FileThermometer::~FileThermometer() { *alive_ = false; }

void FileThermometer::start() {
  std::weak_ptr<bool> alive = alive_;
  scheduler_.post([this, alive] {
    auto a = alive.lock();
    if (!a || !*a) return;
    (void)poll();
    schedule_next();
  });
}

void FileThermometer::schedule_next() {
  std::weak_ptr<bool> alive = alive_;
  scheduler_.schedule_after(interval_, [this, alive] {
    auto a = alive.lock();
    if (!a || !*a) return;
    (void)poll();
    schedule_next();
  });
}

Status FileThermometer::poll() {
  auto problem = [this](Status s) {
    if (s.message() != last_problem_) spdlog::warn("thermometer file {}: {}", path_.string(), s.message());
    last_problem_ = s.message();
    return s;
  };
  std::error_code ec;
  auto written = std::filesystem::last_write_time(path_, ec);
  if (ec) return problem(Status::unavailable(fmt::format("cannot read it: {}", ec.message())));
  if (last_written_ && *last_written_ == written) return Status();
  std::ifstream in(path_, std::ios::binary);
  if (!in) return problem(Status::unavailable("cannot open it"));
  std::string text(kMaxThermometerBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  auto readings = parse_thermometer_file(text, scheduler_.now());
  if (!readings.ok()) return problem(readings.status());
  last_written_ = written;
  last_problem_.clear();
  for (const auto& r : *readings) on_reading_(r);
  return Status();
}

}  // namespace rx
