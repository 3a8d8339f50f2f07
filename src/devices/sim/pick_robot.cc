#include "devices/sim/pick_robot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>

#include "core/machine/sim_duration.h"

namespace rx {
namespace {

struct Spot {
  int level = 0;  // 1-based, as in the location
  int x_cm = 0;
};

struct Point {
  double x_m = 0;
  double height_m = 0;
};

// The gripper is the robot's one slot: it serves one job at a time.
constexpr int kGrippers = 1;

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// "R-L-xxxx" within the robot's levels and aisle.
std::optional<Spot> parse_spot(const LocationCode& location, const PickRobotParams& p) {
  const std::string& s = location.value();
  if (s.size() != 8 || s[0] != 'R' || s[1] != '-' || s[3] != '-') return std::nullopt;
  if (!is_digit(s[2]) || !std::all_of(s.begin() + 4, s.end(), is_digit)) return std::nullopt;
  Spot spot{s[2] - '0', 0};
  for (size_t i = 4; i < s.size(); ++i) spot.x_cm = spot.x_cm * 10 + (s[i] - '0');
  if (spot.level < 1 || spot.level > p.levels || spot.x_cm > p.aisle_cm) return std::nullopt;
  return spot;
}

Point point_of(const Spot& spot, const PickRobotParams& p) {
  return Point{spot.x_cm / 100.0, (spot.level - 1) * p.level_pitch_m};
}

// Both axes move at once, so the slower one sets the time.
Duration move_time(const Point& from, const Point& to, const PickRobotParams& p) {
  double along_s = std::abs(to.x_m - from.x_m) / p.horizontal_m_per_s;
  double up_down_s = std::abs(to.height_m - from.height_m) / p.vertical_m_per_s;
  return sim_duration(std::max(along_s, up_down_s), p.speed);
}

}  // namespace

Result<std::unique_ptr<PickRobot>> PickRobot::create(Scheduler& scheduler, PickRobotParams params) {
  TRY(check_pick_robot_params(params));
  return std::unique_ptr<PickRobot>(new PickRobot(scheduler, std::move(params)));
}

PickRobot::PickRobot(Scheduler& scheduler, PickRobotParams params)
    : SimDevice(scheduler, DeviceKind::kRobot, params.name, kGrippers, params.faults),
      params_(std::move(params)),
      grip_(sim_duration(params_.grip_s, params_.speed)),
      release_(sim_duration(params_.release_s, params_.speed)),
      chute_(sim_duration(params_.chute_s, params_.speed)) {}

bool PickRobot::has_location(const LocationCode& location) const { return parse_spot(location, params_).has_value(); }

std::string PickRobot::expected_location() const {
  return fmt::format("R-L-xxxx with level 1-{} and position 0000-{:04d}", params_.levels, params_.aisle_cm);
}

std::vector<PickRobot::Trip> PickRobot::plan_trips(const PickJob& job) const {
  struct Pack {
    Spot spot;
    size_t line = 0;
  };
  std::vector<Pack> packs;
  for (size_t i = 0; i < job.lines.size(); ++i) {
    Spot spot = *parse_spot(job.lines[i].location, params_);
    for (int k = 0; k < job.lines[i].packs; ++k) packs.push_back(Pack{spot, i});
  }
  std::stable_sort(packs.begin(), packs.end(), [](const Pack& a, const Pack& b) {
    if (a.spot.level != b.spot.level) return a.spot.level < b.spot.level;
    return a.spot.x_cm < b.spot.x_cm;
  });

  const auto cap = static_cast<size_t>(params_.packs_per_trip);
  std::vector<Trip> trips;
  for (size_t first = 0; first < packs.size();) {
    const Spot& lead = packs[first].spot;
    size_t end = first + 1;
    while (end < packs.size() && end - first < cap && packs[end].spot.level == lead.level &&
           (packs[end].spot.x_cm - lead.x_cm) / 100.0 <= params_.trip_span_m) {
      ++end;
    }
    Trip trip;
    for (size_t k = first; k < end; ++k) trip.lines.push_back(packs[k].line);
    trips.push_back(std::move(trip));
    first = end;
  }
  return trips;
}

bool PickRobot::in_process(uint64_t job_id) const {
  return std::any_of(runs_.begin(), runs_.end(),
                     [&](const auto& entry) { return !entry.second.aborted && entry.second.job.job_id == job_id; });
}

void PickRobot::cancel_in_process(uint64_t job_id) {
  auto it = std::find_if(runs_.begin(), runs_.end(),
                         [&](const auto& entry) { return !entry.second.aborted && entry.second.job.job_id == job_id; });
  if (it == runs_.end()) return;
  // The run stays until its trip or its chute ends, which then only tidies up.
  Run& run = it->second;
  run.aborted = true;
  job_cancelled(job_id, run.reported, run.planned);
}

void PickRobot::start(PickJob job) {
  uint64_t id = next_run_++;
  Run run;
  run.trips = plan_trips(job);
  for (const PickLine& line : job.lines) {
    run.planned += line.packs;
    run.left.push_back(line.packs);
  }
  job_started(job.job_id);
  run.job = std::move(job);
  runs_.emplace(id, std::move(run));
  if (!start_trip(id)) finish(id);
}

bool PickRobot::start_trip(uint64_t run_id) {
  Run& run = runs_.at(run_id);
  auto has_work = [&run](const Trip& trip) {
    return std::any_of(trip.lines.begin(), trip.lines.end(), [&run](size_t line) { return run.left[line] > 0; });
  };
  while (run.next_trip < run.trips.size() && !has_work(run.trips[run.next_trip])) ++run.next_trip;
  if (run.next_trip == run.trips.size()) return false;

  run.carrying.clear();
  run.failures.clear();
  const Point output{};
  Point at = output;
  Duration duration{0};
  for (size_t line : run.trips[run.next_trip].lines) {
    if (run.left[line] == 0) continue;  // failed earlier in this trip
    const PickLine& pick = run.job.lines[line];
    Point next = point_of(*parse_spot(pick.location, params_), params_);
    duration += move_time(at, next, params_) + grip_;
    at = next;
    std::string failure;
    if (random().chance(faults().grip_fail)) {
      ++fault_counts().grip_fails;
      duration += grip_;  // the one retry
      if (random().chance(faults().grip_fail)) {
        ++fault_counts().grip_fails;
        failure = "gripper failed twice: pick by hand";
      }
    }
    std::optional<StockedPack> pack;
    if (failure.empty()) {
      pack = take_pack(pick, true);
      if (!pack) failure = fmt::format("location {} empty", pick.location.value());
    }
    if (!failure.empty()) {
      run.failures.push_back(Failure{line, run.left[line], std::move(failure)});
      run.left[line] = 0;
      continue;
    }
    --run.left[line];
    run.carrying.push_back(Gripped{line, *pack});
  }
  duration += move_time(at, output, params_);
  if (!run.carrying.empty()) duration += release_;
  scheduler().schedule_after(duration, [this, run_id] { on_trip_done(run_id); });
  return true;
}

void PickRobot::on_trip_done(uint64_t run_id) {
  // Listener calls never erase a run (cancel only marks it), so `run` stays valid across them.
  Run& run = runs_.at(run_id);
  ++run.next_trip;
  run.released += static_cast<int>(run.carrying.size());
  if (!run.aborted) {
    for (const Failure& f : run.failures) line_failed(run.job.job_id, f.line, run.job.lines[f.line], f.packs, f.reason);
  }
  std::vector<Gripped> carried = std::move(run.carrying);
  run.carrying.clear();
  for (size_t k = 0; k < carried.size() && !run.aborted; ++k) {
    PackOut pack = pack_out(run.job.job_id, run.job.lines[carried[k].line], carried[k].pack);
    ++run.reported;
    // The listener may cancel the job from inside the call, which the loop condition sees.
    report_pack(pack);
  }
  if (run.aborted) {
    runs_.erase(run_id);
    free_slot();
    return;
  }
  if (start_trip(run_id)) return;
  finish(run_id);
}

void PickRobot::finish(uint64_t run_id) {
  free_slot();
  if (runs_.at(run_id).released == 0) {
    on_delivered(run_id);
    return;
  }
  scheduler().schedule_after(chute_, [this, run_id] { on_delivered(run_id); });
}

void PickRobot::on_delivered(uint64_t run_id) {
  auto it = runs_.find(run_id);  // in the chute, so still there
  if (!it->second.aborted) job_completed(it->second.job.job_id);
  runs_.erase(it);
}

}  // namespace rx
