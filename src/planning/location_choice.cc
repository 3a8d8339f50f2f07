#include "planning/location_choice.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>

#include "core/machine/sim_duration.h"
#include "core/stock.h"

namespace rx {
namespace {

double seconds_of(Duration d) { return std::chrono::duration<double>(d).count(); }

// "C-SS" of a channel location.
std::string shelf_of(const std::string& channel) { return channel.substr(0, 4); }

// shelf_of as one number: two locations have the same shelf exactly when
// their numbers are equal (the length and the bytes of shelf_of).
uint64_t shelf_number(const std::string& channel) {
  const size_t n = std::min<size_t>(channel.size(), 4);
  uint64_t number = n;
  for (size_t k = 0; k < n; ++k) {
    number |= static_cast<uint64_t>(static_cast<unsigned char>(channel[k])) << (8 * (k + 1));
  }
  return number;
}

}  // namespace

void DeviceLoad::add_job(const std::vector<IdleLine>& lines, const IdleMachines& machines) {
  change_job(lines, machines, 1);
}

void DeviceLoad::remove_job(const std::vector<IdleLine>& lines, const IdleMachines& machines) {
  change_job(lines, machines, -1);
}

void DeviceLoad::change_job(const std::vector<IdleLine>& lines, const IdleMachines& machines, int sign) {
  if (lines.empty()) return;
  auto idle = idle_job_time(lines, machines);
  if (!idle.ok()) return;
  switch (location_device(lines[0].location)) {
    case 'C':
      for (const IdleLine& line : lines) change_boxes(line.location.value(), sign * line.packs);
      channel_jobs += sign;
      bucket += sign * (*idle - sim_duration(machines.channel.conveyor_s, machines.channel.speed));
      break;
    case 'R': robot += sign * (*idle - sim_duration(machines.robot.chute_s, machines.robot.speed)); break;
    default: shelf += sign * *idle; break;
  }
}

void DeviceLoad::change_boxes(const std::string& location, int boxes) {
  auto [it, added] = channel_boxes.try_emplace(location, 0);
  it->second += boxes;
  if (it->second == 0) channel_boxes.erase(it);
}

void DeviceLoad::add_plan_line(const IdleLine& line, const IdleMachines& machines) {
  if (location_device(line.location) == 'C') {
    change_boxes(line.location.value(), line.packs);
    return;
  }
  add_job({line}, machines);
}

void DeviceLoad::remove_plan_line(const IdleLine& line, const IdleMachines& machines) {
  if (location_device(line.location) == 'C') {
    change_boxes(line.location.value(), -line.packs);
    return;
  }
  remove_job({line}, machines);
}

double DeviceLoad::bucket_wait_s(const IdleMachines& machines) const {
  int buckets = std::max(machines.channel.buckets, 1);
  // A free bucket takes the job at once; otherwise the jobs holding or
  // awaiting one go first, sharing the buckets.
  return channel_jobs < buckets ? 0.0 : seconds_of(bucket) / buckets;
}

double DeviceLoad::robot_s() const { return seconds_of(robot); }

double DeviceLoad::shelf_s() const { return seconds_of(shelf); }

namespace {

// choose_locations, with `one_box_s(location)` the idle time of one box from a
// channel location, in seconds (nullopt where there is none).
template <class OneBoxSeconds>
std::vector<int> choose(const std::vector<LotPlace>& places, int packs, const DeviceLoad& load,
                        const IdleMachines& machines, OneBoxSeconds&& one_box_s) {
  const ChannelMachineParams& c = machines.channel;
  const double eject_s = seconds_of(sim_duration(c.eject_s, c.speed));
  const double bucket_wait_s = kBucketWaitWeight * load.bucket_wait_s(machines);

  // What stays fixed while the packs are shared out, worked out once per place.
  struct Place {
    char device = 0;
    std::optional<double> one_box_s;  // C: one box's idle time
    int queued = 0;                   // C: boxes waiting at the channel
    size_t shelf = 0;                 // C: into shelf_boxes
    int cached_n = 0;                 // R, S, F: the pack count cached_s is for
    std::optional<double> cached_s;
  };
  std::vector<Place> info(places.size());
  std::vector<uint64_t> shelves;  // shelf_number of the channel places
  std::vector<int> shelf_boxes;   // waiting per shelf, the load's and the plan's
  for (size_t i = 0; i < places.size(); ++i) {
    Place& p = info[i];
    p.device = location_device(places[i].location);
    if (p.device != 'C') continue;
    const std::string& location = places[i].location.value();
    p.one_box_s = one_box_s(places[i].location);
    auto queued = load.channel_boxes.find(location);
    p.queued = queued == load.channel_boxes.end() ? 0 : queued->second;
    const uint64_t number = shelf_number(location);
    auto known = std::find(shelves.begin(), shelves.end(), number);
    p.shelf = static_cast<size_t>(known - shelves.begin());
    if (known != shelves.end()) continue;
    const std::string shelf = shelf_of(location);
    // The load's channels of that shelf lie together in its ordered map.
    int boxes = 0;
    for (auto it = load.channel_boxes.lower_bound(shelf);
         it != load.channel_boxes.end() && it->first.compare(0, shelf.size(), shelf) == 0; ++it) {
      if (shelf_of(it->first) == shelf) boxes += it->second;
    }
    shelves.push_back(number);
    shelf_boxes.push_back(boxes);
  }

  std::vector<int> chosen(places.size(), 0);
  // When a pack taken from place `i` next would be in the ready buffer, from now.
  auto ready_s = [&](size_t i) -> std::optional<double> {
    Place& p = info[i];
    const int n = chosen[i] + 1;
    switch (p.device) {
      case 'C': {
        if (!p.one_box_s) return std::nullopt;
        int at_channel = p.queued + n;
        int at_shelf = shelf_boxes[p.shelf] + 1;
        int rounds = std::max(at_channel, (at_shelf + c.max_ejecting_per_shelf - 1) / c.max_ejecting_per_shelf);
        // The one-box idle time is eject + belt + drop + conveyor; each round
        // of ejections before this box's adds one eject.
        return bucket_wait_s + *p.one_box_s + (rounds - 1) * eject_s;
      }
      case 'R':
      case 'S':
      case 'F': {
        if (p.cached_n == n) return p.cached_s;
        p.cached_n = n;
        p.cached_s.reset();
        auto t = line_idle_time(IdleLine{0, places[i].location, n, false}, machines);
        if (t.ok()) {
          p.cached_s = p.device == 'R' ? load.robot_s() + seconds_of(*t)
                                       : load.shelf_s() / std::max(machines.shelf.technicians, 1) + seconds_of(*t);
        }
        return p.cached_s;
      }
      default: return std::nullopt;
    }
  };

  for (int pack = 0; pack < packs; ++pack) {
    std::optional<size_t> best;
    double best_s = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < places.size(); ++i) {
      if (chosen[i] >= places[i].available) continue;
      std::optional<double> t = ready_s(i);
      double s = t ? *t : std::numeric_limits<double>::max();
      if (!best || s < best_s) {
        best = i;
        best_s = s;
      }
    }
    if (!best) break;  // the lot has no pack left
    ++chosen[*best];
    if (info[*best].device == 'C') ++shelf_boxes[info[*best].shelf];
  }
  return chosen;
}

}  // namespace

std::vector<int> choose_locations(const std::vector<LotPlace>& places, int packs, const DeviceLoad& load,
                                  const IdleMachines& machines) {
  return choose(places, packs, load, machines, [&](const LocationCode& location) -> std::optional<double> {
    auto one_box = line_idle_time(IdleLine{0, location, 1, false}, machines);
    if (!one_box.ok()) return std::nullopt;
    return seconds_of(*one_box);
  });
}

std::vector<int> choose_locations(const std::vector<LotPlace>& places, int packs, const DeviceLoad& load,
                                  OneBoxTimes& one_box_times) {
  return choose(places, packs, load, one_box_times.machines(),
                [&](const LocationCode& location) { return one_box_times.seconds(location); });
}

}  // namespace rx
