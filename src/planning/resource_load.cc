#include "planning/resource_load.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "core/machine/sim_duration.h"
#include "core/stock.h"

namespace rx {
namespace {

double seconds_of(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

Status RunLoad::add_job(const std::vector<IdleLine>& lines) {
  if (lines.empty()) return Status::ok_status();
  Duration idle = TRY(idle_job_time(lines, machines_));
  switch (location_device(lines[0].location)) {
    case 'C': {
      double eject = seconds_of(sim_duration(machines_.channel.eject_s, machines_.channel.speed));
      for (const IdleLine& line : lines) {
        channel_s_[line.location.value()] += eject * line.packs;
        shelf_s_[line.location.value().substr(0, 4)] += eject * line.packs;
      }
      buckets_s_ += seconds_of(idle - sim_duration(machines_.channel.conveyor_s, machines_.channel.speed));
      break;
    }
    case 'R': gripper_s_ += seconds_of(idle - sim_duration(machines_.robot.chute_s, machines_.robot.speed)); break;
    default: technicians_s_ += seconds_of(idle); break;
  }
  return Status::ok_status();
}

std::vector<ResourceLoad> RunLoad::loads(double span_s) const {
  std::vector<ResourceLoad> out;
  if (span_s <= 0) return out;
  auto add = [&](std::string name, double work, int capacity) {
    if (work <= 0 || capacity <= 0) return;
    out.push_back(ResourceLoad{std::move(name), work, capacity, work / capacity / span_s * 100.0});
  };
  for (const auto& [channel, work] : channel_s_) add(channel, work, 1);
  for (const auto& [shelf, work] : shelf_s_) add(shelf, work, machines_.channel.max_ejecting_per_shelf);
  add("C buckets", buckets_s_, machines_.channel.buckets);
  add("R gripper", gripper_s_, 1);
  add("S technicians", technicians_s_, machines_.shelf.technicians);
  add("windows", window_s_, windows_);
  std::sort(out.begin(), out.end(), [](const ResourceLoad& a, const ResourceLoad& b) {
    return std::tie(b.load_pct, a.resource) < std::tie(a.load_pct, b.resource);
  });
  return out;
}

}  // namespace rx
