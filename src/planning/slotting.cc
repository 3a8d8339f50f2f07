#include "planning/slotting.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <random>

#include <fmt/format.h>

#include "planning/channel_fit.h"

namespace rx {
namespace {

double demand_of(const SlottingInput& in, const DrugCode& drug) {
  auto it = in.demand.find(drug);
  return it == in.demand.end() ? 0.0 : std::max(0.0, it->second);
}

struct ChannelDrug {
  const Drug* drug;
  double demand;
  int capacity;   // boxes per channel
  int channels;   // how many it gets
};

// Every channel drug gets one channel; the rest go one by one to the drug
// whose channels would otherwise run empty soonest (demand per box of
// capacity), so stock on the machine follows demand and refills spread out.
void count_channels(std::vector<ChannelDrug>& drugs, int total) {
  using Entry = std::pair<double, size_t>;  // pressure, index
  auto pressure = [&](size_t i) {
    const ChannelDrug& d = drugs[i];
    return d.demand / (static_cast<double>(d.capacity) * d.channels);
  };
  std::priority_queue<Entry> heap;
  for (size_t i = 0; i < drugs.size(); ++i) {
    drugs[i].channels = 1;
    if (drugs[i].demand > 0) heap.push({pressure(i), i});
  }
  int spare = total - static_cast<int>(drugs.size());
  // A drug with no demand keeps its one channel; ties go to the lower index,
  // which is the more popular drug.
  while (spare > 0 && !heap.empty()) {
    size_t i = heap.top().second;
    heap.pop();
    ++drugs[i].channels;
    --spare;
    heap.push({pressure(i), i});
  }
}

// The k-th channel (1-based) of a drug matters as much as the packs that
// would need it: a drug's first channel serves every pack, its second only
// the packs ejected in parallel or after the first runs empty.
struct ChannelClaim {
  double importance;
  size_t drug;
  int k;
};

std::string channel_location(int shelf, int channel) { return fmt::format("C-{:02d}-{:02d}", shelf, channel); }

void place_by_demand(const std::vector<ChannelDrug>& drugs, const ChannelMachineParams& p, std::vector<Slot>& out) {
  std::vector<ChannelClaim> claims;
  for (size_t i = 0; i < drugs.size(); ++i) {
    for (int k = 1; k <= drugs[i].channels; ++k) claims.push_back({drugs[i].demand / k, i, k});
  }
  std::stable_sort(claims.begin(), claims.end(),
                   [](const ChannelClaim& a, const ChannelClaim& b) { return a.importance > b.importance; });
  // taken[shelf][channel]; per shelf, how many channels each drug has there.
  std::vector<std::vector<bool>> taken(p.shelves, std::vector<bool>(p.channels_per_shelf, false));
  std::vector<std::vector<int>> on_shelf(drugs.size(), std::vector<int>(p.shelves, 0));
  std::vector<int> next_free_channel(p.shelves, 0);
  for (const ChannelClaim& c : claims) {
    // The nearest column with a free channel, then the shelf there that holds
    // the fewest of this drug, so that its boxes eject in parallel.
    int best_shelf = -1;
    int best_channel = p.channels_per_shelf;
    for (int s = 0; s < p.shelves; ++s) {
      int ch = next_free_channel[s];
      if (ch >= p.channels_per_shelf) continue;
      bool better = ch < best_channel ||
                    (ch == best_channel && on_shelf[c.drug][s] < on_shelf[c.drug][best_shelf]);
      if (better) {
        best_shelf = s;
        best_channel = ch;
      }
    }
    taken[best_shelf][best_channel] = true;
    ++on_shelf[c.drug][best_shelf];
    while (next_free_channel[best_shelf] < p.channels_per_shelf && taken[best_shelf][next_free_channel[best_shelf]]) {
      ++next_free_channel[best_shelf];
    }
    const ChannelDrug& d = drugs[c.drug];
    out.push_back(Slot{LocationCode(channel_location(best_shelf + 1, best_channel + 1)), d.drug->code, d.capacity});
  }
}

void place_at_random(const std::vector<ChannelDrug>& drugs, const ChannelMachineParams& p, std::mt19937_64& rng,
                     std::vector<Slot>& out) {
  std::vector<int> positions(p.shelves * p.channels_per_shelf);
  std::iota(positions.begin(), positions.end(), 0);
  std::shuffle(positions.begin(), positions.end(), rng);
  size_t next = 0;
  for (const ChannelDrug& d : drugs) {
    for (int k = 0; k < d.channels; ++k) {
      int pos = positions[next++];
      out.push_back(Slot{LocationCode(channel_location(pos / p.channels_per_shelf + 1, pos % p.channels_per_shelf + 1)),
                         d.drug->code, d.capacity});
    }
  }
}

// Robot places on a grid of 20 cm along the aisle, nearest (in gripper time
// from the output point) first.
std::vector<std::string> robot_places(const PickRobotParams& p) {
  struct Place {
    double seconds;
    int level;
    int x_cm;
  };
  std::vector<Place> places;
  for (int level = 1; level <= p.levels; ++level) {
    for (int x = 20; x <= p.aisle_cm; x += 20) {
      double t = std::max(x / 100.0 / p.horizontal_m_per_s, (level - 1) * p.level_pitch_m / p.vertical_m_per_s);
      places.push_back({t, level, x});
    }
  }
  std::stable_sort(places.begin(), places.end(), [](const Place& a, const Place& b) { return a.seconds < b.seconds; });
  std::vector<std::string> out;
  out.reserve(places.size());
  for (const auto& pl : places) out.push_back(fmt::format("R-{}-{:04d}", pl.level, pl.x_cm));
  return out;
}

}  // namespace

Result<std::vector<Slot>> plan_slots(const SlottingInput& in) {
  if (in.formulary == nullptr) return Status::invalid("no formulary", "formulary");
  if (in.shelf_bin_packs < 1) return Status::invalid("a shelf bin must hold at least one pack", "shelf_bin_packs");
  if (in.robot_place_packs < 1) {
    return Status::invalid("a robot place must hold at least one pack", "robot_place_packs");
  }
  // The formulary's drugs, most demanded first (code order among equals).
  std::vector<const Drug*> drugs;
  for (const Drug& d : in.formulary->drugs()) drugs.push_back(&d);
  std::stable_sort(drugs.begin(), drugs.end(),
                   [&](const Drug* a, const Drug* b) { return demand_of(in, a->code) > demand_of(in, b->code); });

  std::vector<ChannelDrug> channel_drugs;
  std::vector<const Drug*> robot_drugs, shelf_drugs, fridge_drugs;
  for (const Drug* d : drugs) {
    if (d->storage == Storage::kCold) {
      fridge_drugs.push_back(d);
    } else if (!d->machine_ok || (!fits_channel(*d, in.channel) && !fits_robot(*d, in.robot))) {
      shelf_drugs.push_back(d);
    } else {
      // A box the robot cannot hold but a channel can lives in the channel machine alone.
      if (fits_robot(*d, in.robot)) robot_drugs.push_back(d);
      if (fits_channel(*d, in.channel)) {
        channel_drugs.push_back({d, demand_of(in, d->code), channel_capacity(d->pack_d_mm, in.channel), 0});
      }
    }
  }
  int total_channels = in.channel.shelves * in.channel.channels_per_shelf;
  if (static_cast<int>(channel_drugs.size()) > total_channels) {
    return Status::invalid(fmt::format("{} drugs need a channel but the machine has {} channels; first left out: {}",
                                       channel_drugs.size(), total_channels,
                                       channel_drugs[total_channels].drug->code.value()),
                           "channel");
  }
  std::vector<std::string> places = robot_places(in.robot);
  if (robot_drugs.size() > places.size()) {
    return Status::invalid(fmt::format("{} drugs need a robot place but the robot has {}; first left out: {}",
                                       robot_drugs.size(), places.size(), robot_drugs[places.size()]->code.value()),
                           "robot");
  }

  if (shelf_drugs.size() > 99 * 40 || fridge_drugs.size() > 99 * 40) {
    return Status::invalid("more drugs than smart-shelf bins", "shelf");
  }

  std::vector<Slot> out;
  std::mt19937_64 rng(in.seed);
  count_channels(channel_drugs, total_channels);
  if (in.kind == SlottingKind::kByDemand) {
    place_by_demand(channel_drugs, in.channel, out);
  } else {
    place_at_random(channel_drugs, in.channel, rng, out);
    std::shuffle(places.begin(), places.end(), rng);
  }
  for (size_t i = 0; i < robot_drugs.size(); ++i) {
    out.push_back(Slot{LocationCode(places[i]), robot_drugs[i]->code, in.robot_place_packs});
  }
  // Racks of 40 bins; a bin's place on the shelf does not change the picking time.
  auto bins = [&](const std::vector<const Drug*>& list, char prefix) {
    for (size_t i = 0; i < list.size(); ++i) {
      out.push_back(Slot{LocationCode(fmt::format("{}-{:02d}-{:02d}", prefix, i / 40 + 1, i % 40 + 1)),
                         list[i]->code, in.shelf_bin_packs});
    }
  };
  bins(shelf_drugs, 'S');
  bins(fridge_drugs, 'F');
  return out;
}

}  // namespace rx
