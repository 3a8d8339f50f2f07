// choose_locations keeps its channels' one-box times and numbers their
// shelves; this compares it with the choice as first written (each one-box
// time asked of line_idle_time, shelves compared as text) on many lots.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/machine/sim_duration.h"
#include "core/stock.h"
#include "planning/location_choice.h"

namespace rx {
namespace {

double seconds_of(Duration d) { return std::chrono::duration<double>(d).count(); }

std::string shelf_of(const std::string& channel) { return channel.substr(0, 4); }

std::vector<int> reference_choose(const std::vector<LotPlace>& places, int packs, const DeviceLoad& load,
                                  const IdleMachines& machines) {
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
  std::vector<std::string> shelves;  // "C-SS" of the channel places
  std::vector<int> shelf_boxes;      // waiting per shelf, the load's and the plan's
  for (size_t i = 0; i < places.size(); ++i) {
    Place& p = info[i];
    p.device = location_device(places[i].location);
    if (p.device != 'C') continue;
    const std::string& location = places[i].location.value();
    auto one_box = line_idle_time(IdleLine{0, places[i].location, 1, false}, machines);
    if (one_box.ok()) p.one_box_s = seconds_of(*one_box);
    auto queued = load.channel_boxes.find(location);
    p.queued = queued == load.channel_boxes.end() ? 0 : queued->second;
    std::string shelf = shelf_of(location);
    auto known = std::find(shelves.begin(), shelves.end(), shelf);
    p.shelf = static_cast<size_t>(known - shelves.begin());
    if (known != shelves.end()) continue;
    // The load's channels of that shelf lie together in its ordered map.
    int boxes = 0;
    for (auto it = load.channel_boxes.lower_bound(shelf);
         it != load.channel_boxes.end() && it->first.compare(0, shelf.size(), shelf) == 0; ++it) {
      if (shelf_of(it->first) == shelf) boxes += it->second;
    }
    shelves.push_back(std::move(shelf));
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

std::string channel(int shelf, int channel) {
  char text[16];
  std::snprintf(text, sizeof text, "C-%02d-%02d", shelf, channel);
  return text;
}

// A small generator whose draws are the same on every standard library.
struct Draw {
  std::mt19937 engine;
  int below(int n) { return static_cast<int>(engine() % static_cast<uint32_t>(n)); }
};

TEST(ChooseLocations, ChoosesAsFirstWrittenWithOrWithoutKeptOneBoxTimes) {
  Draw draw{std::mt19937(1130)};
  IdleMachines machines;
  machines.channel.max_ejecting_per_shelf = 2;  // shelves fill sooner, so their counts matter
  OneBoxTimes kept{machines};
  // Odd codes too: short ones share a shelf_of with nothing or with each other.
  static const char* const kOther[] = {"R-1-0150", "R-3-0420", "S-01-01", "F-02-03", "C-99-99",
                                       "C-1",      "C-",       "C",       "C-01",    "Q-1"};
  int spread = 0;
  for (int trial = 0; trial < 5000; ++trial) {
    std::vector<LotPlace> places;
    const int n = 1 + draw.below(12);
    for (int k = 0; k < n; ++k) {
      std::string location =
          draw.below(5) == 0 ? kOther[draw.below(10)] : channel(1 + draw.below(4), 1 + draw.below(60));
      places.push_back(LotPlace{LocationCode(std::move(location)), draw.below(6)});
    }
    DeviceLoad load;
    for (int k = draw.below(8); k > 0; --k) {
      std::string at = draw.below(6) == 0 ? kOther[draw.below(10)] : channel(1 + draw.below(4), 1 + draw.below(60));
      load.channel_boxes[at] += 1 + draw.below(3);
    }
    load.channel_jobs = draw.below(4);
    load.bucket = std::chrono::seconds(draw.below(40));
    load.robot = std::chrono::seconds(draw.below(30));
    load.shelf = std::chrono::seconds(draw.below(90));
    const int packs = draw.below(15);
    const std::vector<int> want = reference_choose(places, packs, load, machines);
    ASSERT_EQ(choose_locations(places, packs, load, machines), want) << "trial " << trial;
    ASSERT_EQ(choose_locations(places, packs, load, kept), want) << "trial " << trial;
    if (std::count_if(want.begin(), want.end(), [](int c) { return c > 0; }) > 1) ++spread;
  }
  EXPECT_GT(spread, 1000);  // the draws share packs over several places, not only one
}

}  // namespace
}  // namespace rx
