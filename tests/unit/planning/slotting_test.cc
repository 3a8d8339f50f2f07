#include "planning/slotting.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

namespace rx {
namespace {

Drug drug(int n, bool machine_ok, Storage storage = Storage::kRoom, int depth_mm = 50) {
  Drug d;
  d.code = DrugCode(fmt::format("D{:04d}", n));
  d.name_zh = d.code.value();
  d.gtin = fmt::format("0200000000{:04d}", n);
  d.pack_d_mm = depth_mm;
  d.machine_ok = machine_ok;
  d.storage = storage;
  return d;
}

// D0001..D0010 machine-stockable (demand 1/n, Zipf), D0011 shelf, D0012 fridge.
Formulary small_formulary() {
  std::vector<Drug> drugs;
  for (int i = 1; i <= 10; ++i) drugs.push_back(drug(i, true));
  drugs.push_back(drug(11, false));
  drugs.push_back(drug(12, false, Storage::kCold));
  return Formulary(std::move(drugs));
}

SlottingInput input_for(const Formulary& f, SlottingKind kind) {
  SlottingInput in;
  in.formulary = &f;
  for (int i = 1; i <= 12; ++i) in.demand[DrugCode(fmt::format("D{:04d}", i))] = 1.0 / i;
  in.kind = kind;
  return in;
}

double channel_x(const Slot& s, const ChannelMachineParams& p) {
  return std::stoi(s.location.value().substr(5, 2)) * p.channel_pitch_m;
}
int channel_shelf(const Slot& s) { return std::stoi(s.location.value().substr(2, 2)); }

TEST(Slotting, EveryDrugHasAPlaceOnTheRightDevice) {
  Formulary f = small_formulary();
  auto slots = plan_slots(input_for(f, SlottingKind::kByDemand));
  ASSERT_TRUE(slots.ok()) << slots.status().to_string();
  std::map<std::string, std::set<char>> devices;
  for (const Slot& s : *slots) devices[s.drug.value()].insert(location_device(s.location));
  EXPECT_EQ(devices["D0001"], (std::set<char>{'C', 'R'}));
  EXPECT_EQ(devices["D0010"], (std::set<char>{'C', 'R'}));
  EXPECT_EQ(devices["D0011"], (std::set<char>{'S'}));
  EXPECT_EQ(devices["D0012"], (std::set<char>{'F'}));
}

TEST(Slotting, FillsEveryChannelOnceAndFollowsDemand) {
  Formulary f = small_formulary();
  SlottingInput in = input_for(f, SlottingKind::kByDemand);
  auto slots = plan_slots(in);
  ASSERT_TRUE(slots.ok());
  std::set<std::string> locations;
  std::map<std::string, int> channels;
  for (const Slot& s : *slots) {
    EXPECT_TRUE(locations.insert(s.location.value()).second) << "two drugs at " << s.location.value();
    if (location_device(s.location) == 'C') {
      ++channels[s.drug.value()];
      // 1000 mm / 50 mm boxes = 20 per channel.
      EXPECT_EQ(s.capacity, 20);
    }
  }
  int total = 0;
  for (const auto& [d, n] : channels) total += n;
  EXPECT_EQ(total, 600);
  // Demand 1 against 1/10: the most popular drug gets about ten times the channels.
  EXPECT_GT(channels["D0001"], 8 * channels["D0010"]);
  EXPECT_GE(channels["D0010"], 1);
}

TEST(Slotting, PopularDrugsSitNearTheCollectorAcrossShelves) {
  Formulary f = small_formulary();
  SlottingInput in = input_for(f, SlottingKind::kByDemand);
  auto slots = plan_slots(in);
  ASSERT_TRUE(slots.ok());
  // A drug's k-th channel counts demand / k, so the first column (x = 0.05 m,
  // one channel on each of the ten shelves) holds the ten largest of those:
  // D0001's first five channels (1, 1/2, 1/3, 1/4, 1/5), D0002's first two
  // (1/2, 1/4), and the first of D0003 (1/3), D0004 (1/4) and D0005 (1/5);
  // no two of one drug on the same shelf.
  std::map<std::string, std::multiset<int>> first_column;
  double nearest_of_last = 1e9;
  for (const Slot& s : *slots) {
    if (location_device(s.location) != 'C') continue;
    if (channel_x(s, in.channel) <= 0.05 + 1e-9) first_column[s.drug.value()].insert(channel_shelf(s));
    if (s.drug.value() == "D0010") nearest_of_last = std::min(nearest_of_last, channel_x(s, in.channel));
  }
  EXPECT_EQ(first_column["D0001"].size(), 5u);
  EXPECT_EQ(first_column["D0002"].size(), 2u);
  EXPECT_EQ(first_column["D0003"].size(), 1u);
  EXPECT_EQ(first_column["D0004"].size(), 1u);
  EXPECT_EQ(first_column["D0005"].size(), 1u);
  for (const auto& [drug, shelves] : first_column) {
    EXPECT_EQ(std::set<int>(shelves.begin(), shelves.end()).size(), shelves.size()) << drug;
  }
  // The least popular machine drug (1/10) starts farther out.
  EXPECT_GT(nearest_of_last, 0.05 + 1e-9);
}

TEST(Slotting, RandomLayoutKeepsTheCountsButNotThePositions) {
  Formulary f = small_formulary();
  auto by_demand = plan_slots(input_for(f, SlottingKind::kByDemand));
  auto random_a = plan_slots(input_for(f, SlottingKind::kRandom));
  SlottingInput other_seed = input_for(f, SlottingKind::kRandom);
  other_seed.seed = 2;
  auto random_b = plan_slots(other_seed);
  ASSERT_TRUE(by_demand.ok() && random_a.ok() && random_b.ok());
  auto count = [](const std::vector<Slot>& slots) {
    std::map<std::string, int> n;
    for (const Slot& s : slots) ++n[s.drug.value() + std::string(1, location_device(s.location))];
    return n;
  };
  EXPECT_EQ(count(*by_demand), count(*random_a));
  auto positions = [](const std::vector<Slot>& slots) {
    std::map<std::string, std::string> at;
    for (const Slot& s : slots) at[s.location.value()] = s.drug.value();
    return at;
  };
  EXPECT_NE(positions(*by_demand), positions(*random_a));
  EXPECT_NE(positions(*random_a), positions(*random_b));
  // The same seed, the same layout.
  EXPECT_EQ(positions(*random_a), positions(*plan_slots(input_for(f, SlottingKind::kRandom))));
}

TEST(Slotting, RobotPlacesNearestOutputGoToTheMostPopular) {
  Formulary f = small_formulary();
  auto slots = plan_slots(input_for(f, SlottingKind::kByDemand));
  ASSERT_TRUE(slots.ok());
  std::map<std::string, std::string> robot;
  for (const Slot& s : *slots) {
    if (location_device(s.location) == 'R') robot[s.drug.value()] = s.location.value();
  }
  // Level 1 at 20 cm is 0.133 s from the output point: the nearest place.
  EXPECT_EQ(robot["D0001"], "R-1-0020");
}

TEST(Slotting, RefusesMoreChannelDrugsThanChannels) {
  Formulary f = small_formulary();
  SlottingInput in = input_for(f, SlottingKind::kByDemand);
  in.channel.shelves = 1;
  in.channel.channels_per_shelf = 5;
  auto slots = plan_slots(in);
  ASSERT_FALSE(slots.ok());
  EXPECT_EQ(slots.status().field(), "channel");
  EXPECT_NE(slots.status().message().find("10 drugs need a channel but the machine has 5"), std::string::npos)
      << slots.status().message();
}

TEST(Slotting, RefusesEmptyBins) {
  Formulary f = small_formulary();
  SlottingInput in = input_for(f, SlottingKind::kByDemand);
  in.shelf_bin_packs = 0;
  EXPECT_EQ(plan_slots(in).status().field(), "shelf_bin_packs");
}

}  // namespace
}  // namespace rx
