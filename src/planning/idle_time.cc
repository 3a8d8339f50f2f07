#include "planning/idle_time.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "core/machine/sim_duration.h"
#include "core/stock.h"

namespace rx {
namespace {

// A location parsed once, with what its device's timing needs of it.
struct Spot {
  DeviceKind kind = DeviceKind::kChannel;
  int channel = 0;   // C: (shelf - 1) * channels_per_shelf + channel - 1
  int shelf = 0;     // C: 0-based
  Duration belt{0};  // C: from the channel to the collector
  int level = 0;     // R: 1-based
  int x_cm = 0;      // R
  Duration reach{0};  // R: the gripper's move between the output point and it, either way
  bool fridge = false;  // S: an F- location
};

// Packs of one line from one spot.
struct Work {
  const Spot* spot = nullptr;
  int packs = 0;
  bool cold = false;
};

// A device's figures with the steps that last the same in every job rounded
// once, by the simulators' rule: the bound times many small jobs on the same
// machines. The figures must outlive it.
struct ChannelTiming {
  explicit ChannelTiming(const ChannelMachineParams& params)
      : p(params),
        eject(sim_duration(p.eject_s, p.speed)),
        drop(sim_duration(p.drop_s, p.speed)),
        conveyor(sim_duration(p.conveyor_s, p.speed)) {}
  const ChannelMachineParams& p;
  Duration eject;
  Duration drop;
  Duration conveyor;
};

struct RobotTiming {
  explicit RobotTiming(const PickRobotParams& params)
      : p(params),
        grip(sim_duration(p.grip_s, p.speed)),
        release(sim_duration(p.release_s, p.speed)),
        chute(sim_duration(p.chute_s, p.speed)) {}
  const PickRobotParams& p;
  Duration grip;
  Duration release;
  Duration chute;
};

struct ShelfTiming {
  explicit ShelfTiming(const SmartShelfParams& params) : p(params), carry(sim_duration(p.carry_s, p.speed)) {}
  const SmartShelfParams& p;
  Duration carry;
};

struct IdleTiming {
  explicit IdleTiming(const IdleMachines& m) : channel(m.channel), robot(m.robot), shelf(m.shelf) {}
  ChannelTiming channel;
  RobotTiming robot;
  ShelfTiming shelf;
};

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

int two_digits(const std::string& s, size_t at) {
  if (!digit(s[at]) || !digit(s[at + 1])) return -1;
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

// The parsers accept exactly what the simulators accept.
std::optional<Spot> parse_channel(const LocationCode& location, const ChannelMachineParams& p) {
  const std::string& s = location.value();
  if (s.size() != 7 || s[0] != 'C' || s[1] != '-' || s[4] != '-') return std::nullopt;
  int shelf = two_digits(s, 2);
  int channel = two_digits(s, 5);
  if (shelf < 1 || shelf > p.shelves || channel < 1 || channel > p.channels_per_shelf) return std::nullopt;
  Spot spot;
  spot.kind = DeviceKind::kChannel;
  spot.channel = (shelf - 1) * p.channels_per_shelf + channel - 1;
  spot.shelf = shelf - 1;
  // The same expression as the simulator, so that the rounding agrees.
  double x_m = static_cast<double>(channel) * p.channel_pitch_m;
  spot.belt = sim_duration(x_m / p.belt_m_per_s, p.speed);
  return spot;
}

// Where a robot spot lies, in m: along the aisle from the output point, and above level 1.
double robot_x(const Spot& spot) { return spot.x_cm / 100.0; }
double robot_h(const Spot& spot, const PickRobotParams& p) { return (spot.level - 1) * p.level_pitch_m; }

// Both axes move at once, so the slower one sets the time (as the robot does).
Duration robot_move(double from_x, double from_h, double to_x, double to_h, const PickRobotParams& p) {
  double along_s = std::abs(to_x - from_x) / p.horizontal_m_per_s;
  double up_down_s = std::abs(to_h - from_h) / p.vertical_m_per_s;
  return sim_duration(std::max(along_s, up_down_s), p.speed);
}

std::optional<Spot> parse_robot(const LocationCode& location, const PickRobotParams& p) {
  const std::string& s = location.value();
  if (s.size() != 8 || s[0] != 'R' || s[1] != '-' || s[3] != '-') return std::nullopt;
  if (!digit(s[2]) || !std::all_of(s.begin() + 4, s.end(), digit)) return std::nullopt;
  Spot spot;
  spot.kind = DeviceKind::kRobot;
  spot.level = s[2] - '0';
  for (size_t i = 4; i < s.size(); ++i) spot.x_cm = spot.x_cm * 10 + (s[i] - '0');
  if (spot.level < 1 || spot.level > p.levels || spot.x_cm > p.aisle_cm) return std::nullopt;
  spot.reach = robot_move(0, 0, robot_x(spot), robot_h(spot, p), p);
  return spot;
}

std::optional<Spot> parse_shelf(const LocationCode& location) {
  const std::string& s = location.value();
  if (s.size() != 7 || (s[0] != 'S' && s[0] != 'F') || s[1] != '-' || s[4] != '-') return std::nullopt;
  for (size_t i : {2, 3, 5, 6}) {
    if (!digit(s[i])) return std::nullopt;
  }
  if (s.substr(2, 2) == "00" || s.substr(5, 2) == "00") return std::nullopt;
  Spot spot;
  spot.kind = DeviceKind::kShelf;
  spot.fridge = s[0] == 'F';
  return spot;
}

std::optional<Spot> parse_any(const LocationCode& location, const IdleMachines& m) {
  if (location.value().empty()) return std::nullopt;
  switch (location.value()[0]) {
    case 'C': return parse_channel(location, m.channel);
    case 'R': return parse_robot(location, m.robot);
    case 'S':
    case 'F': return parse_shelf(location);
    default: return std::nullopt;
  }
}

std::string expected_channel(const ChannelMachineParams& p) {
  return fmt::format("C-SS-CC with shelf 01-{:02d} and channel 01-{:02d}", p.shelves, p.channels_per_shelf);
}

std::string expected_robot(const PickRobotParams& p) {
  return fmt::format("R-L-xxxx with level 1-{} and position 0000-{:04d}", p.levels, p.aisle_cm);
}

// Replays the channel machine's ejection loop for one job on an idle machine:
// boxes in line order, each started as soon as its channel is idle and its
// shelf below the limit, ejection ends handled in the scheduler's order (time,
// then the order they were scheduled). Then the collector: a basket drops when
// its last box is in and the previous drop has ended, and the conveyor follows.
Duration channel_time(const std::vector<Work>& work, const ChannelTiming& t) {
  const ChannelMachineParams& p = t.p;
  struct Box {
    int channel = 0;  // compact index among the job's channels
    int shelf = 0;    // compact index among the job's shelves
    Duration belt{0};
  };
  struct Ejection {
    Duration ends{0};
    uint64_t seq = 0;
    int box = 0;
  };
  // Reused between calls: the bound evaluates many small jobs.
  struct Scratch {
    std::vector<Box> boxes;
    std::vector<int> channel_ids;
    std::vector<int> shelf_ids;
    std::vector<int> channel_boxes;
    std::vector<int> shelf_ejecting;
    std::vector<int> pending;
    std::vector<Ejection> ejecting;
    std::vector<Duration> arrivals;
  };
  thread_local Scratch s;
  s.boxes.clear();
  s.channel_ids.clear();
  s.shelf_ids.clear();
  s.channel_boxes.clear();
  s.shelf_ejecting.clear();
  auto compact = [](std::vector<int>& ids, std::vector<int>& counts, int id) {
    for (size_t k = 0; k < ids.size(); ++k) {
      if (ids[k] == id) return static_cast<int>(k);
    }
    ids.push_back(id);
    counts.push_back(0);
    return static_cast<int>(ids.size()) - 1;
  };
  for (const Work& w : work) {
    Box box{compact(s.channel_ids, s.channel_boxes, w.spot->channel),
            compact(s.shelf_ids, s.shelf_ejecting, w.spot->shelf), w.spot->belt};
    s.channel_boxes[static_cast<size_t>(box.channel)] += w.packs;
    s.shelf_ejecting[static_cast<size_t>(box.shelf)] += w.packs;
    for (int k = 0; k < w.packs; ++k) s.boxes.push_back(box);
  }
  if (s.boxes.empty()) return Duration(0);

  const Duration eject = t.eject;
  s.arrivals.clear();
  bool all_at_once = std::all_of(s.channel_boxes.begin(), s.channel_boxes.end(), [](int n) { return n == 1; }) &&
                     std::all_of(s.shelf_ejecting.begin(), s.shelf_ejecting.end(),
                                 [&](int n) { return n <= p.max_ejecting_per_shelf; });
  if (all_at_once) {
    // Every box has its own channel and an ejector on its shelf: all eject at once.
    for (const Box& box : s.boxes) s.arrivals.push_back(eject + box.belt);
  } else {
    std::fill(s.channel_boxes.begin(), s.channel_boxes.end(), 0);  // now: ejecting or not
    std::fill(s.shelf_ejecting.begin(), s.shelf_ejecting.end(), 0);
    s.pending.resize(s.boxes.size());
    for (size_t i = 0; i < s.boxes.size(); ++i) s.pending[i] = static_cast<int>(i);
    s.ejecting.clear();
    uint64_t seq = 0;
    auto start_ejections = [&](Duration now) {
      size_t kept = 0;
      for (int b : s.pending) {
        const Box& box = s.boxes[static_cast<size_t>(b)];
        if (s.channel_boxes[static_cast<size_t>(box.channel)] ||
            s.shelf_ejecting[static_cast<size_t>(box.shelf)] >= p.max_ejecting_per_shelf) {
          s.pending[kept++] = b;
          continue;
        }
        s.channel_boxes[static_cast<size_t>(box.channel)] = 1;
        ++s.shelf_ejecting[static_cast<size_t>(box.shelf)];
        s.ejecting.push_back(Ejection{now + eject, seq++, b});
      }
      s.pending.resize(kept);
    };
    start_ejections(Duration(0));
    while (!s.ejecting.empty()) {
      auto next = std::min_element(s.ejecting.begin(), s.ejecting.end(), [](const Ejection& a, const Ejection& b) {
        return a.ends != b.ends ? a.ends < b.ends : a.seq < b.seq;
      });
      Ejection done = *next;
      *next = s.ejecting.back();
      s.ejecting.pop_back();
      const Box& box = s.boxes[static_cast<size_t>(done.box)];
      s.channel_boxes[static_cast<size_t>(box.channel)] = 0;
      --s.shelf_ejecting[static_cast<size_t>(box.shelf)];
      s.arrivals.push_back(done.ends + box.belt);
      start_ejections(done.ends);
    }
  }

  std::vector<Duration>& arrivals = s.arrivals;
  std::sort(arrivals.begin(), arrivals.end());
  const auto cap = static_cast<size_t>(p.bucket_capacity);
  Duration drop_end{0};
  for (size_t basket_end = std::min(cap, arrivals.size());; basket_end = std::min(basket_end + cap, arrivals.size())) {
    drop_end = std::max(arrivals[basket_end - 1], drop_end) + t.drop;
    if (basket_end == arrivals.size()) break;
  }
  return drop_end + t.conveyor;
}

// The robot's trips: packs by level, then x (stable), each trip taking up to
// packs_per_trip packs on the first one's level within trip_span_m of it.
Duration robot_time(const std::vector<Work>& work, const RobotTiming& t) {
  const PickRobotParams& p = t.p;
  thread_local std::vector<const Spot*> packs;
  packs.clear();
  for (const Work& w : work) {
    for (int k = 0; k < w.packs; ++k) packs.push_back(w.spot);
  }
  if (packs.empty()) return Duration(0);
  // A job has a handful of packs: an insertion sort keeps equal ones in order,
  // as a stable sort does, without allocating a buffer.
  auto before = [](const Spot* a, const Spot* b) {
    if (a->level != b->level) return a->level < b->level;
    return a->x_cm < b->x_cm;
  };
  for (size_t i = 1; i < packs.size(); ++i) {
    const Spot* pack = packs[i];
    size_t at = i;
    for (; at > 0 && before(pack, packs[at - 1]); --at) packs[at] = packs[at - 1];
    packs[at] = pack;
  }
  const auto cap = static_cast<size_t>(p.packs_per_trip);
  Duration total{0};
  for (size_t first = 0; first < packs.size();) {
    const Spot& lead = *packs[first];
    size_t end = first + 1;
    while (end < packs.size() && end - first < cap && packs[end]->level == lead.level &&
           (packs[end]->x_cm - lead.x_cm) / 100.0 <= p.trip_span_m) {
      ++end;
    }
    total += lead.reach + t.grip;
    for (size_t k = first + 1; k < end; ++k) {
      const Spot& from = *packs[k - 1];
      const Spot& to = *packs[k];
      total += robot_move(robot_x(from), robot_h(from, p), robot_x(to), robot_h(to, p), p) + t.grip;
    }
    total += packs[end - 1]->reach + t.release;
    first = end;
  }
  return total + t.chute;
}

// One technician picks the lines one after another and carries the basket.
Duration shelf_time(const std::vector<Work>& work, const ShelfTiming& t) {
  const SmartShelfParams& p = t.p;
  if (work.empty()) return Duration(0);
  Duration total{0};
  for (const Work& w : work) {
    double seconds = p.pick_line_s + p.extra_pack_s * (w.packs - 1);
    if (w.cold || w.spot->fridge) seconds += p.cold_line_s;
    total += sim_duration(seconds, p.speed);
  }
  return total + t.carry;
}

Duration device_time(DeviceKind kind, const std::vector<Work>& work, const IdleTiming& m) {
  switch (kind) {
    case DeviceKind::kChannel: return channel_time(work, m.channel);
    case DeviceKind::kRobot: return robot_time(work, m.robot);
    case DeviceKind::kShelf: return shelf_time(work, m.shelf);
  }
  return Duration(0);
}

// Floors: no more than the device's time for `work`, and never lower for a
// job with more boxes, which the times themselves are not (a 13th box that
// arrives early fills the first basket sooner; an extra box changes the order
// in which the channels get their shelf's ejectors). The search prunes on
// floors and compares exact times only of whole assignments.
Duration channel_floor(const std::vector<Work>& work, const ChannelTiming& t) {
  const ChannelMachineParams& p = t.p;
  const Duration eject = t.eject;
  Duration::rep boxes = 0;
  for (const Work& w : work) boxes += w.packs;
  if (boxes == 0) return Duration(0);
  // Of the m boxes of a shelf whose belt is at least b's, one ejects in round
  // ceil(m / max_ejecting_per_shelf) or later; of a channel's n boxes, the
  // last ends its ejection at n ejections at the earliest. The boxes of a
  // line share its spot, so they are counted a line at a time.
  Duration last{0};
  for (const Work& b : work) {
    Duration::rep at_least_as_far = 0;
    Duration::rep same_channel = 0;
    for (const Work& o : work) {
      if (o.spot->shelf == b.spot->shelf && o.spot->belt >= b.spot->belt) at_least_as_far += o.packs;
      if (o.spot->channel == b.spot->channel) same_channel += o.packs;
    }
    Duration::rep rounds = std::max(same_channel, (at_least_as_far + p.max_ejecting_per_shelf - 1) / p.max_ejecting_per_shelf);
    last = std::max(last, rounds * eject + b.spot->belt);
  }
  // Baskets drop one after another, the first after one ejection at least.
  const Duration::rep baskets = (boxes + p.bucket_capacity - 1) / p.bucket_capacity;
  return std::max(last + t.drop, eject + baskets * t.drop) + t.conveyor;
}

Duration robot_floor(const std::vector<Work>& work, const RobotTiming& t) {
  const PickRobotParams& p = t.p;
  Duration::rep packs = 0;
  Duration farthest{0};
  for (const Work& w : work) {
    packs += w.packs;
    farthest = std::max(farthest, w.spot->reach * 2);
  }
  if (packs == 0) return Duration(0);
  // The trip to the farthest pack goes there and back, each leg rounded on
  // its own: up to half a millisecond per leg may be lost against the direct way.
  Duration legs_slack(p.packs_per_trip + 1);
  Duration one_trip = std::max(Duration(0), farthest - legs_slack) + t.grip + t.release;
  Duration::rep trips = (packs + p.packs_per_trip - 1) / p.packs_per_trip;
  Duration all_grips = packs * t.grip + trips * t.release;
  return std::max(one_trip, all_grips) + t.chute;
}

Duration device_floor(DeviceKind kind, const std::vector<Work>& work, const IdleTiming& m) {
  switch (kind) {
    case DeviceKind::kChannel: return channel_floor(work, m.channel);
    case DeviceKind::kRobot: return robot_floor(work, m.robot);
    case DeviceKind::kShelf: return shelf_time(work, m.shelf);  // lines only add up
  }
  return Duration(0);
}

// Parses every line with `parse`; `spots` must outlive the returned work.
// `expected` says what a location should look like, for the error only.
template <class Parse, class Expected>
Result<std::vector<Work>> parse_lines(const std::vector<IdleLine>& lines, std::vector<Spot>& spots, Parse parse,
                                      Expected expected) {
  spots.clear();
  spots.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    std::optional<Spot> spot = parse(lines[i].location);
    if (!spot) {
      return Status::invalid(fmt::format("expected {}, found \"{}\"", expected(), lines[i].location.value()),
                             fmt::format("lines[{}].location", i));
    }
    if (lines[i].packs < 1) {
      return Status::invalid(fmt::format("expected at least 1, found {}", lines[i].packs),
                             fmt::format("lines[{}].packs", i));
    }
    spots.push_back(*spot);
  }
  std::vector<Work> work;
  for (size_t i = 0; i < lines.size(); ++i) work.push_back(Work{&spots[i], lines[i].packs, lines[i].cold});
  return work;
}

double seconds_of(Duration d) { return std::chrono::duration<double>(d).count(); }

constexpr size_t kDevices = 3;

size_t device_index(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::kChannel: return 0;
    case DeviceKind::kRobot: return 1;
    case DeviceKind::kShelf: return 2;
  }
  return 0;
}

constexpr std::array<DeviceKind, kDevices> kKinds{DeviceKind::kChannel, DeviceKind::kRobot, DeviceKind::kShelf};

// One way to supply an item: packs per candidate spot (zero counts left out).
using Part = std::pair<int, int>;  // (candidate index, packs)
struct Split {
  size_t first = 0;  // its parts in the item's part pool
  size_t count = 0;
  Duration alone{0};  // the item's time with this split and nothing else
  Duration floor{0};  // the item's floor with this split: what any assignment using it takes at least
};

struct BoundItemState {
  int packs = 0;
  bool cold = false;
  std::vector<Spot> spots;
  std::vector<LocationCode> locations;  // beside spots
  std::vector<Split> splits;            // fastest alone first
  std::vector<Part> pool;               // the splits' parts, kept flat to spare allocations
  std::span<const Part> parts(const Split& split) const { return {pool.data() + split.first, split.count}; }
  Duration best_alone{0};
  Duration least_floor{0};  // no assignment of the whole prescription is faster
  bool enumerated = true;   // splits lists every split; else only least_floor counts
};

// An item of the prescription at hand: its prepared state, which many
// prescriptions share, and its place among the caller's items.
struct PlacedItem {
  const BoundItemState* state = nullptr;
  size_t index = 0;
};

// Every split of `packs` over `n` candidates, in lexicographic order of counts.
void enumerate_splits(int packs, size_t n, std::vector<int>& counts, size_t at, BoundItemState& item) {
  if (at + 1 == n) {
    counts[at] = packs;
    Split split{item.pool.size(), 0, Duration(0), Duration(0)};
    for (size_t i = 0; i < n; ++i) {
      if (counts[i] > 0) item.pool.emplace_back(static_cast<int>(i), counts[i]);
    }
    split.count = item.pool.size() - split.first;
    item.splits.push_back(split);
    return;
  }
  for (int k = packs; k >= 0; --k) {
    counts[at] = k;
    enumerate_splits(packs - k, n, counts, at + 1, item);
  }
}

size_t split_count(int packs, size_t n, size_t limit) {
  // C(packs + n - 1, n - 1), stopping once past `limit`.
  double c = 1;
  for (size_t i = 1; i < n; ++i) {
    c = c * static_cast<double>(static_cast<size_t>(packs) + i) / static_cast<double>(i);
    if (c > static_cast<double>(limit)) return limit + 1;
  }
  return static_cast<size_t>(std::llround(c));
}

// Branch and bound over the items' splits: a partial assignment whose floor
// is already no better than the best whole one is dropped; whole assignments
// are timed exactly.
class BoundSearch {
 public:
  BoundSearch(const std::vector<PlacedItem>& items, const IdleTiming& m) : items_(items), m_(m) {
    choice_.assign(items_.size(), -1);
    // The slowest items first, so that pruning bites early; the device jobs
    // are built in the caller's item order all the same.
    for (size_t i = 0; i < items_.size(); ++i) order_.push_back(i);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](size_t a, size_t b) { return items_[a].state->best_alone > items_[b].state->best_alone; });
    for (const PlacedItem& item : items_) relaxation_ = std::max(relaxation_, item.state->least_floor);
    // An item with one place puts all its packs there, so the floor of those
    // lines on each device bounds every assignment too (floors never fall as
    // lines are added). On the smart shelf, where an item keeps one bin, this
    // adds up the shelf-only items, which a technician picks one after another.
    std::array<std::vector<Work>, kDevices> forced;
    for (const PlacedItem& item : items_) {
      const BoundItemState& state = *item.state;
      if (state.spots.size() != 1) continue;
      forced[device_index(state.spots[0].kind)].push_back(Work{&state.spots[0], state.packs, state.cold});
    }
    for (size_t d = 0; d < kDevices; ++d) {
      if (!forced[d].empty()) relaxation_ = std::max(relaxation_, device_floor(kKinds[d], forced[d], m_));
    }
  }

  void run() {
    std::array<Duration, kDevices> floors{};
    dfs(0, floors);
  }
  bool exact() const { return !out_of_budget_; }
  Duration relaxation() const { return relaxation_; }
  Duration best() const { return best_; }
  const std::vector<int>& best_choice() const { return best_choice_; }

 private:
  // The assigned items' lines on `kind`, in the caller's item order, which
  // the exact times depend on.
  const std::vector<Work>& work_on(DeviceKind kind) {
    work_.clear();
    for (size_t i = 0; i < items_.size(); ++i) {
      if (choice_[i] < 0) continue;
      const BoundItemState& item = *items_[i].state;
      for (const auto& [cand, packs] : item.parts(item.splits[static_cast<size_t>(choice_[i])])) {
        const Spot& spot = item.spots[static_cast<size_t>(cand)];
        if (spot.kind == kind) work_.push_back(Work{&spot, packs, item.cold});
      }
    }
    return work_;
  }

  // Returns true when the search is over (optimum proven or budget spent).
  bool dfs(size_t depth, const std::array<Duration, kDevices>& floors) {
    if (depth == order_.size()) {
      Duration total{0};
      for (size_t d = 0; d < kDevices && total < best_; ++d) {
        if (floors[d] > Duration(0)) total = std::max(total, exact_on(d));
      }
      if (total < best_) {
        best_ = total;
        best_choice_ = choice_;
      }
      return best_ <= relaxation_;
    }
    size_t i = order_[depth];
    const BoundItemState& item = *items_[i].state;
    for (size_t s = 0; s < item.splits.size(); ++s) {
      const Split& split = item.splits[s];
      if (split.floor >= best_) continue;
      if (evaluations_ > kIdleBoundBudget) {
        out_of_budget_ = true;
        return true;
      }
      choice_[i] = static_cast<int>(s);
      std::array<size_t, kDevices> kept{};
      for (size_t d = 0; d < kDevices; ++d) kept[d] = assigned_[d].size();
      for (const auto& [cand, packs] : item.parts(split)) {
        const Spot& spot = item.spots[static_cast<size_t>(cand)];
        assigned_[device_index(spot.kind)].push_back(Work{&spot, packs, item.cold});
      }
      std::array<bool, kDevices> touched{};
      for (size_t d = 0; d < kDevices; ++d) touched[d] = assigned_[d].size() > kept[d];
      std::array<Duration, kDevices> next = floors;
      Duration partial{0};
      for (size_t d = 0; d < kDevices; ++d) {
        if (touched[d]) {
          exact_[d].reset();
          next[d] = floor_on(d);
        }
        partial = std::max(partial, next[d]);
      }
      const bool over = partial < best_ && dfs(depth + 1, next);
      choice_[i] = -1;
      for (size_t d = 0; d < kDevices; ++d) {
        if (!touched[d]) continue;
        assigned_[d].resize(kept[d]);
        exact_[d].reset();
      }
      if (over) return true;
    }
    return false;
  }

  // The floor of the lines assigned to device d so far.
  Duration floor_on(size_t d) {
    ++evaluations_;
    return device_floor(kKinds[d], assigned_[d], m_);
  }

  // The exact time of device d's lines in a whole assignment. Leaves that
  // differ only in the last items' splits share the other devices' jobs, so
  // a time is kept until the device's lines change. A kept time still counts
  // as an evaluation: the budget must run out where timing every job would.
  Duration exact_on(size_t d) {
    ++evaluations_;
    if (!exact_[d]) exact_[d] = device_time(kKinds[d], work_on(kKinds[d]), m_);
    return *exact_[d];
  }

  const std::vector<PlacedItem>& items_;
  const IdleTiming& m_;
  std::vector<size_t> order_;
  std::vector<int> choice_;
  std::vector<int> best_choice_;
  std::vector<Work> work_;
  // The assigned items' lines on each device in the order of the search: the
  // floors do not depend on the order of the lines.
  std::array<std::vector<Work>, kDevices> assigned_;
  std::array<std::optional<Duration>, kDevices> exact_;  // of assigned_, while it stands
  Duration best_ = Duration::max();
  Duration relaxation_{0};
  int evaluations_ = 0;
  bool out_of_budget_ = false;
};

}  // namespace

Result<Duration> channel_idle_time(const std::vector<IdleLine>& lines, const ChannelMachineParams& params) {
  std::vector<Spot> spots;
  auto work = TRY(parse_lines(lines, spots, [&](const LocationCode& l) { return parse_channel(l, params); },
                               [&] { return expected_channel(params); }));
  return channel_time(work, ChannelTiming(params));
}

Result<Duration> robot_idle_time(const std::vector<IdleLine>& lines, const PickRobotParams& params) {
  std::vector<Spot> spots;
  auto work = TRY(parse_lines(lines, spots, [&](const LocationCode& l) { return parse_robot(l, params); },
                               [&] { return expected_robot(params); }));
  return robot_time(work, RobotTiming(params));
}

Result<Duration> shelf_idle_time(const std::vector<IdleLine>& lines, const SmartShelfParams& params) {
  std::vector<Spot> spots;
  auto work = TRY(parse_lines(lines, spots, [](const LocationCode& l) { return parse_shelf(l); },
                               [] { return std::string("S-RR-BB or F-RR-BB"); }));
  return shelf_time(work, ShelfTiming(params));
}

Result<Duration> idle_job_time(const std::vector<IdleLine>& lines, const IdleMachines& machines) {
  if (lines.empty()) return Duration(0);
  switch (location_device(lines[0].location)) {
    case 'C': return channel_idle_time(lines, machines.channel);
    case 'R': return robot_idle_time(lines, machines.robot);
    case 'S':
    case 'F': return shelf_idle_time(lines, machines.shelf);
    default:
      return Status::invalid(
          fmt::format("expected a location of a device (C-, R-, S- or F-), found \"{}\"", lines[0].location.value()),
          "lines[0].location");
  }
}

Result<Duration> line_idle_time(const IdleLine& line, const IdleMachines& machines) {
  std::optional<Spot> spot = parse_any(line.location, machines);
  if (!spot) {
    return Status::invalid(fmt::format("expected a location of the channel machine ({}), the robot ({}) or the "
                                       "smart shelf (S-RR-BB or F-RR-BB), found \"{}\"",
                                       expected_channel(machines.channel), expected_robot(machines.robot),
                                       line.location.value()),
                           "line.location");
  }
  if (line.packs < 1) {
    return Status::invalid(fmt::format("expected at least 1, found {}", line.packs), "line.packs");
  }
  thread_local std::vector<Work> work(1);  // reused: no job is built
  work[0] = Work{&*spot, line.packs, line.cold};
  switch (spot->kind) {
    case DeviceKind::kChannel: return channel_time(work, ChannelTiming(machines.channel));
    case DeviceKind::kRobot: return robot_time(work, RobotTiming(machines.robot));
    case DeviceKind::kShelf: return shelf_time(work, ShelfTiming(machines.shelf));
  }
  return Duration(0);
}

namespace {

// An item's candidates and splits, each timed alone, as the search takes them;
// the error names items[i]. An item with no packs is none.
Result<std::optional<BoundItemState>> prepare_item(const BoundItem& in, size_t i, const IdleMachines& machines,
                                                   const IdleTiming& timing) {
  if (in.packs <= 0) return std::optional<BoundItemState>();
  if (in.locations.empty()) {
    return Status::invalid("expected at least one location that stocks the item's drug, found none",
                           fmt::format("items[{}].locations", i));
  }
  BoundItemState item;
  item.packs = in.packs;
  item.cold = in.cold;
  std::optional<size_t> shelf_at;
  for (size_t j = 0; j < in.locations.size(); ++j) {
    std::optional<Spot> spot = parse_any(in.locations[j], machines);
    if (!spot) {
      return Status::invalid(fmt::format("expected a location of the channel machine ({}), the robot ({}) or "
                                         "the smart shelf (S-RR-BB or F-RR-BB), found \"{}\"",
                                         expected_channel(machines.channel), expected_robot(machines.robot),
                                         in.locations[j].value()),
                             fmt::format("items[{}].locations[{}]", i, j));
    }
    if (std::find(item.locations.begin(), item.locations.end(), in.locations[j]) != item.locations.end()) continue;
    // Shelf lines add up and cost the same in any bin: one bin per item,
    // a shelf bin before a fridge bin.
    if (spot->kind == DeviceKind::kShelf) {
      if (shelf_at) {
        if (item.spots[*shelf_at].fridge && !spot->fridge) {
          item.spots[*shelf_at] = *spot;
          item.locations[*shelf_at] = in.locations[j];
        }
        continue;
      }
      shelf_at = item.spots.size();
    }
    item.spots.push_back(*spot);
    item.locations.push_back(in.locations[j]);
  }

  const size_t limit = kIdleBoundBudget;
  std::vector<Work> work;
  // The split's time alone, and its floor.
  auto time_alone = [&](Split& split) {
    std::array<bool, kDevices> used{};
    for (const auto& part : item.parts(split)) used[device_index(item.spots[static_cast<size_t>(part.first)].kind)] = true;
    split.alone = split.floor = Duration(0);
    for (DeviceKind kind : kKinds) {
      if (!used[device_index(kind)]) continue;
      work.clear();
      for (const auto& [cand, packs] : item.parts(split)) {
        if (item.spots[static_cast<size_t>(cand)].kind == kind) {
          work.push_back(Work{&item.spots[static_cast<size_t>(cand)], packs, item.cold});
        }
      }
      split.alone = std::max(split.alone, device_time(kind, work, timing));
      split.floor = std::max(split.floor, device_floor(kind, work, timing));
    }
  };
  if (split_count(item.packs, item.spots.size(), limit) <= limit) {
    std::vector<int> counts(item.spots.size(), 0);
    enumerate_splits(item.packs, item.spots.size(), counts, 0, item);
    item.least_floor = Duration::max();
    for (Split& split : item.splits) {
      time_alone(split);
      item.least_floor = std::min(item.least_floor, split.floor);
    }
    std::stable_sort(item.splits.begin(), item.splits.end(),
                     [](const Split& a, const Split& b) { return a.alone < b.alone; });
    item.best_alone = item.splits.front().alone;
  } else {
    // Too many splits to list: any split puts at least one pack somewhere,
    // and floors only grow with packs, so one pack's least floor bounds the item.
    item.enumerated = false;
    item.least_floor = Duration::max();
    for (size_t c = 0; c < item.spots.size(); ++c) {
      item.pool.assign(1, Part{static_cast<int>(c), 1});
      Split one{0, 1, Duration(0), Duration(0)};
      time_alone(one);
      item.least_floor = std::min(item.least_floor, one.floor);
    }
    item.best_alone = item.least_floor;
  }
  return std::optional<BoundItemState>(std::move(item));
}

// The bound over prepared items (those with packs, in the caller's order).
IdleBound search_bound(const std::vector<PlacedItem>& items, const IdleTiming& timing) {
  IdleBound bound;
  if (items.empty()) return bound;
  const bool all_enumerated =
      std::all_of(items.begin(), items.end(), [](const PlacedItem& item) { return item.state->enumerated; });
  auto add_lines = [&](const PlacedItem& placed, const Split& split) {
    const BoundItemState& item = *placed.state;
    for (const auto& [cand, packs] : item.parts(split)) {
      bound.lines.push_back(
          IdleLine{static_cast<int>(placed.index), item.locations[static_cast<size_t>(cand)], packs, item.cold});
    }
  };
  if (items.size() == 1 && all_enumerated) {
    // One item: its fastest split alone is the answer, no search needed.
    const Split& fastest = items[0].state->splits.front();
    bound.seconds = seconds_of(fastest.alone);
    add_lines(items[0], fastest);
    return bound;
  }
  BoundSearch search(items, timing);
  if (all_enumerated) search.run();
  if (!all_enumerated || !search.exact()) {
    bound.seconds = seconds_of(search.relaxation());
    bound.exact = false;
    return bound;
  }
  bound.seconds = seconds_of(search.best());
  for (size_t s = 0; s < items.size(); ++s) {
    add_lines(items[s], items[s].state->splits[static_cast<size_t>(search.best_choice()[s])]);
  }
  return bound;
}

}  // namespace

Result<IdleBound> idle_bound(const std::vector<BoundItem>& items, const IdleMachines& machines) {
  const IdleTiming timing(machines);
  std::vector<BoundItemState> states;
  std::vector<size_t> indexes;
  for (size_t i = 0; i < items.size(); ++i) {
    std::optional<BoundItemState> item = TRY(prepare_item(items[i], i, machines, timing));
    if (!item) continue;
    states.push_back(std::move(*item));
    indexes.push_back(i);
  }
  std::vector<PlacedItem> placed;
  for (size_t k = 0; k < states.size(); ++k) placed.push_back(PlacedItem{&states[k], indexes[k]});
  return search_bound(placed, timing);
}

struct IdleBoundCache::Items {
  explicit Items(const IdleMachines& machines) : timing(machines) {}
  IdleTiming timing;  // of the cache's own machines
  std::map<std::string, BoundItemState> by_key;
  // Whole prescriptions already bounded, by their items' keys and places:
  // the same items give the same search.
  std::map<std::string, IdleBound> bounds;
};

IdleBoundCache::IdleBoundCache(IdleMachines machines)
    : machines_(std::move(machines)), items_(std::make_unique<Items>(machines_)) {}

IdleBoundCache::~IdleBoundCache() = default;

Result<IdleBound> IdleBoundCache::bound(const std::vector<BoundItem>& items) {
  std::vector<PlacedItem> placed;
  std::string key;
  std::string prescription_key;
  for (size_t i = 0; i < items.size(); ++i) {
    const BoundItem& in = items[i];
    if (in.packs <= 0) continue;
    key = std::to_string(in.packs);
    key += in.cold ? "c" : "w";
    for (const LocationCode& location : in.locations) {
      key += '|';
      key += location.value();
    }
    auto known = items_->by_key.find(key);
    if (known == items_->by_key.end()) {
      // Failures are not kept: their message names the item's place in this call.
      std::optional<BoundItemState> item = TRY(prepare_item(in, i, machines_, items_->timing));
      known = items_->by_key.emplace(key, std::move(*item)).first;
    }
    placed.push_back(PlacedItem{&known->second, i});
    prescription_key += std::to_string(i);
    prescription_key += ':';
    prescription_key += key;
    prescription_key += '\n';
  }
  auto done = items_->bounds.find(prescription_key);
  if (done == items_->bounds.end()) {
    done = items_->bounds.emplace(std::move(prescription_key), search_bound(placed, items_->timing)).first;
  }
  return done->second;
}

Result<double> lower_bound_s(const std::vector<BoundItem>& items, const IdleMachines& machines) {
  auto bound = TRY(idle_bound(items, machines));
  return bound.seconds;
}

}  // namespace rx
