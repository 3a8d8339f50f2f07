// Stock conservation under faults, as a property: for many seeds, random jobs,
// refills and cancellations run on all three simulators with every fault at a
// high rate, and after every event each lot's packs in equal its packs out
// plus its packs on hand. Independently of the devices' own accounts, the
// packs the listener saw must match the packs that left the locations.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/virtual_scheduler.h"
#include "devices/sim/channel_machine.h"
#include "devices/sim/pick_robot.h"
#include "devices/sim/sim_random.h"
#include "devices/sim/smart_shelf.h"
#include "interop/gs1/pack_code.h"
#include "unit/devices/gtins.h"
#include "unit/devices/pick_jobs.h"
#include "unit/devices/sim_fixture.h"

namespace rx {
namespace {

using test::kStart;

constexpr int kDrugs = 8;

// What the listener saw, per device name.
class Tally : public DeviceListener {
 public:
  void on_pack_out(const PackOut& pack) override {
    std::string device = pack.location.value().substr(0, 1) == "F" ? "S" : pack.location.value().substr(0, 1);
    ++packs[device];
    if (pack.code.empty()) {
      ++unreadable[device];
      return;
    }
    auto code = parse_pack_code(pack.code);
    ASSERT_TRUE(code.ok()) << pack.code;
    ++readable[device][code->lot];
    serials.insert(code->serial);
    ++codes;
  }
  void on_job_state(uint64_t job_id, JobState state, const std::string&) override {
    if (state == JobState::kQueued || state == JobState::kInProcess) return;
    ++ended[job_id];
  }
  void on_line_failed(const LineFailure& failure) override { failed_packs += failure.packs; }

  std::map<std::string, int64_t> packs, unreadable;
  std::map<std::string, std::map<std::string, int64_t>> readable;  // by device, by lot
  std::set<std::string> serials;
  int64_t codes = 0;
  std::map<uint64_t, int> ended;
  int64_t failed_packs = 0;
};

FaultRates high_faults(uint64_t seed) {
  FaultRates f;
  f.seed = seed;
  f.jam = 0.05;
  f.jam_clear_mean_s = 20;
  f.double_drop = 0.05;
  f.wrong_load = 0.1;
  f.unreadable = 0.05;
  f.grip_fail = 0.15;
  return f;
}

StockLoad load_of(const std::string& location, int drug, int lot, int packs) {
  return StockLoad{LocationCode(location),
                   Lot{DrugCode(fmt::format("D{}", drug)), LotNo(fmt::format("D{}-L{}", drug, lot)),
                       std::chrono::year{2028} / 1 / 31},
                   test::gtin_for(drug), packs, 80};
}

template <typename Machine, typename Params>
std::unique_ptr<Machine> made(Scheduler& sched, Params params) {
  auto created = Machine::create(sched, std::move(params));
  EXPECT_TRUE(created.ok()) << created.status().to_string();
  return std::move(*created);
}

struct Location {
  std::string code;
  int drug = 0;
};

// Checks the property for one seed; `cancels` adds random cancellations.
void check_seed(uint64_t seed, bool cancels) {
  SCOPED_TRACE(fmt::format("seed {}", seed));
  VirtualScheduler sched(kStart);
  Tally tally;
  ChannelMachineParams cp;
  cp.faults = high_faults(seed);
  PickRobotParams rp;
  rp.faults = high_faults(seed + 1000);
  SmartShelfParams sp;
  sp.faults = high_faults(seed + 2000);
  auto channel = made<ChannelMachine>(sched, cp);
  auto robot = made<PickRobot>(sched, rp);
  auto shelf = made<SmartShelf>(sched, sp);
  std::map<std::string, SimDevice*> devices{{"C", channel.get()}, {"R", robot.get()}, {"S", shelf.get()}};
  for (auto& [name, device] : devices) device->set_listener(&tally);

  SimRandom random(seed);
  std::map<std::string, int64_t> loaded;  // packs put in, per device
  std::vector<Location> channels, spots, bins;
  for (int d = 1; d <= kDrugs; ++d) {
    Location c{fmt::format("C-{:02d}-{:02d}", d % 3 + 1, d * 7), d};
    int n = 1 + static_cast<int>(random.below(12));
    ASSERT_TRUE(channel->load(load_of(c.code, d, 1, n)).ok());
    loaded["C"] += n;
    channels.push_back(c);
    Location r{fmt::format("R-{}-{:04d}", d % 8 + 1, 100 * d), d};
    for (int lot = 1; lot <= 2; ++lot) {
      int k = 1 + static_cast<int>(random.below(4));
      ASSERT_TRUE(robot->load(load_of(r.code, d, lot, k)).ok());
      loaded["R"] += k;
    }
    spots.push_back(r);
    Location s{fmt::format("{}-01-{:02d}", d % 4 == 0 ? 'F' : 'S', d), d};
    int m = 1 + static_cast<int>(random.below(6));
    ASSERT_TRUE(shelf->load(load_of(s.code, d, 1, m)).ok());
    loaded["S"] += m;
    bins.push_back(s);
  }

  // Jobs, refills and cancels at random times over ten minutes.
  const int jobs = 40;
  for (uint64_t id = 1; id <= jobs; ++id) {
    Instant at = kStart + Duration(static_cast<int64_t>(random.below(600000)));
    uint64_t pick = random.below(3);
    const std::vector<Location>& where = pick == 0 ? channels : pick == 1 ? spots : bins;
    SimDevice* device = devices.at(pick == 0 ? "C" : pick == 1 ? "R" : "S");
    std::vector<PickLine> lines;
    int n_lines = 1 + static_cast<int>(random.below(3));
    for (int l = 0; l < n_lines; ++l) {
      const Location& loc = where[random.below(where.size())];
      PickLine line = test::pick_line(loc.code, 1 + static_cast<int>(random.below(4)), l);
      line.drug = DrugCode(fmt::format("D{}", loc.drug));
      line.lot = LotNo(fmt::format("D{}-L{}", loc.drug, 1 + random.below(2)));
      lines.push_back(line);
    }
    sched.schedule_at(at, [device, job = test::pick_job(id, lines)] { device->submit(job); });
    if (cancels && random.chance(0.3)) {
      Instant cancel_at = at + Duration(static_cast<int64_t>(random.below(20000)));
      sched.schedule_at(cancel_at, [device, id] { device->cancel(id); });
    }
  }
  for (int r = 0; r < 15; ++r) {
    Instant at = kStart + Duration(static_cast<int64_t>(random.below(600000)));
    const Location& c = channels[random.below(channels.size())];
    int n = 1 + static_cast<int>(random.below(5));
    sched.schedule_at(at, [&, c, n] {
      // A refill that does not fit is refused and puts nothing in.
      if (channel->refill(load_of(c.code, c.drug, 2, n)).ok()) loaded["C"] += n;
    });
  }

  auto conserved = [&](const char* when) {
    for (auto& [name, device] : devices) {
      int64_t in = 0;
      for (const LotAccount& a : device->stock_accounts()) {
        ASSERT_EQ(a.in, a.out + a.on_hand) << name << " lot " << a.lot.lot.value() << " " << when;
        ASSERT_GE(a.on_hand, 0);
        in += a.in;
      }
      // Refill boxes go in one by one: what is ordered and not yet loaded is not in.
      if (name == "C") {
        int64_t on_order = loaded["C"] - in;
        ASSERT_GE(on_order, 0) << when;
        ASSERT_EQ(on_order > 0, channel->refills_open() > 0) << when;
      } else {
        ASSERT_EQ(in, loaded[name]) << name << " " << when;
      }
    }
  };

  size_t events = 0;
  while (sched.step()) {
    ++events;
    conserved("after an event");
    if (::testing::Test::HasFatalFailure()) return;
  }
  conserved("at the end");
  EXPECT_GT(events, 200u);
  EXPECT_EQ(channel->refills_open(), 0);

  for (auto& [name, device] : devices) {
    int64_t in = 0, out = 0;
    std::map<std::string, int64_t> out_by_lot;
    for (const LotAccount& a : device->stock_accounts()) {
      in += a.in;
      out += a.out;
      out_by_lot[a.lot.lot.value()] += a.out;
    }
    EXPECT_EQ(in, loaded[name]) << name;
    EXPECT_EQ(static_cast<uint64_t>(tally.packs[name]), device->status().packs_out) << name;
    if (cancels) {
      // Packs of a cancelled job that were on their way out are not reported.
      EXPECT_LE(tally.packs[name], out) << name;
      continue;
    }
    EXPECT_EQ(tally.packs[name], out) << name;
    // Every readable code names a lot that left; the unreadable ones make up the rest.
    int64_t unread = 0;
    for (const auto& [lot, n] : out_by_lot) {
      int64_t read = tally.readable[name][lot];
      EXPECT_LE(read, n) << name << " " << lot;
      unread += n - read;
    }
    EXPECT_EQ(unread, tally.unreadable[name]) << name;
  }
  // Every job ended once, and no serial was printed twice.
  EXPECT_EQ(tally.ended.size(), static_cast<size_t>(jobs));
  for (const auto& [id, n] : tally.ended) EXPECT_EQ(n, 1) << "job " << id;
  EXPECT_EQ(static_cast<int64_t>(tally.serials.size()), tally.codes);
}

TEST(StockConservation, HoldsPerLotAfterEveryEventUnderFaults) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    check_seed(seed, false);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(StockConservation, HoldsWithCancellationsToo) {
  for (uint64_t seed = 101; seed <= 130; ++seed) {
    check_seed(seed, true);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

TEST(StockConservation, TheFaultsDidHappen) {
  // The property is only worth as much as the faults the runs contain.
  VirtualScheduler sched(kStart);
  Tally tally;
  ChannelMachineParams cp;
  cp.faults = high_faults(5);
  auto channel = made<ChannelMachine>(sched, cp);
  channel->set_listener(&tally);
  ASSERT_TRUE(channel->load(load_of("C-01-10", 1, 1, 12)).ok());
  ASSERT_TRUE(channel->load(load_of("C-01-20", 2, 1, 12)).ok());
  for (int r = 0; r < 3; ++r) ASSERT_TRUE(channel->refill(load_of("C-01-30", 3, 1, 4)).ok());
  for (uint64_t id = 1; id <= 30; ++id) {
    channel->submit(test::pick_job(id, {test::pick_line(id % 2 ? "C-01-10" : "C-01-20", 1)}));
  }
  sched.run();
  EXPECT_GT(tally.failed_packs, 0);
  EXPECT_GT(tally.unreadable["C"], 0);
  EXPECT_GT(tally.packs["C"], 0);
}

}  // namespace
}  // namespace rx
