// Events per second of the simulator core: the VirtualScheduler alone, and
// the scheduler driving the three simulated devices through a peak-hour-like
// stream of jobs (900 prescriptions an hour; machine-model.md's mix of items
// and packs; 60% of jobs on the channel machine, 20% each on the robot and
// the shelf), with the default fault rates. An event is one scheduled task run.
//
// A plain timed loop: each case runs `rounds` times and the best round is
// reported, by wall time and by this process's CPU time (the machine is
// shared, so CPU time is the steadier figure).
//
//   sim_events_bench [rounds=5] [jobs=20000]
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "core/virtual_scheduler.h"
#include "devices/sim/channel_machine.h"
#include "devices/sim/pick_robot.h"
#include "devices/sim/sim_random.h"
#include "devices/sim/smart_shelf.h"

namespace rx {
namespace {

const Instant kStart = std::chrono::sys_days{std::chrono::year{2026} / 3 / 29} + std::chrono::hours(1);

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Round {
  size_t events = 0;
  double wall_s = 0;
  double cpu_s = 0;
};

// Times `run`, which returns the number of events it ran; `setup` is not timed.
template <typename Setup>
Round timed(Setup&& setup) {
  auto run = setup();
  auto wall0 = std::chrono::steady_clock::now();
  double cpu0 = cpu_seconds();
  size_t events = run();
  double cpu = cpu_seconds() - cpu0;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return Round{events, wall, cpu};
}

// 64 tasks in flight, each scheduling the next one a random few seconds ahead.
Round scheduler_alone(size_t events) {
  struct State {
    VirtualScheduler sched{kStart};
    SimRandom random{1};
    int64_t left = 0;  // ticks still to schedule; the 64 in flight then run out
    std::function<void()> tick;
  };
  auto s = std::make_shared<State>();
  return timed([&] {
    s->left = static_cast<int64_t>(events);
    s->tick = [st = s.get()] {
      if (--st->left > 0) st->sched.schedule_after(Duration(1 + static_cast<int64_t>(st->random.below(5000))), st->tick);
    };
    for (int i = 0; i < 64; ++i) s->sched.schedule_after(Duration(static_cast<int64_t>(s->random.below(5000))), s->tick);
    return [s] { return s->sched.run(); };
  });
}

class Count : public DeviceListener {
 public:
  void on_pack_out(const PackOut&) override { ++packs; }
  void on_job_state(uint64_t, JobState, const std::string&) override {}
  int64_t packs = 0;
};

// 1 with probability percent[0]%, 2 with percent[1]%, …, and the next number with the rest.
int draw(SimRandom& r, std::initializer_list<int> percent) {
  int u = static_cast<int>(r.below(100)), n = 1;
  for (int p : percent) {
    if (u < p) return n;
    u -= p;
    ++n;
  }
  return n;
}

struct Devices {
  VirtualScheduler sched{kStart};
  Count count;
  std::unique_ptr<ChannelMachine> channel;
  std::unique_ptr<PickRobot> robot;
  std::unique_ptr<SmartShelf> shelf;
};

// `stocked`: every location used is loaded first, so packs come from tracked stock.
Round devices_run(int jobs, bool stocked, int64_t* packs) {
  auto d = std::make_shared<Devices>();
  return timed([&] {
    d->channel = std::move(ChannelMachine::create(d->sched, {}).value());
    d->robot = std::move(PickRobot::create(d->sched, {}).value());
    d->shelf = std::move(SmartShelf::create(d->sched, {}).value());
    SimDevice* devices[] = {d->channel.get(), d->robot.get(), d->shelf.get()};
    for (SimDevice* device : devices) device->set_listener(&d->count);
    SimRandom random(42);
    auto location = [&](int device) {
      if (device == 0) return fmt::format("C-{:02d}-{:02d}", 1 + random.below(10), 1 + random.below(60));
      if (device == 1) return fmt::format("R-{}-{:04d}", 1 + random.below(8), random.below(1001));
      return fmt::format("S-{:02d}-{:02d}", 1 + random.below(20), 1 + random.below(40));
    };
    Instant at = kStart;
    for (int id = 1; id <= jobs; ++id) {
      at += Duration(static_cast<int64_t>(random.exponential(4000.0)));  // 900 an hour
      int device = draw(random, {60, 20}) - 1;
      PickJob job;
      job.job_id = static_cast<uint64_t>(id);
      int items = draw(random, {45, 28, 15, 8});
      for (int i = 0; i < items; ++i) {
        PickLine line;
        line.item = i;
        line.drug = DrugCode(fmt::format("D{:04d}", random.below(300)));
        line.gtin = "06901234567892";
        line.lot = LotNo("L1");
        line.expiry = std::chrono::year{2028} / 1 / 31;
        line.location = LocationCode(location(device));
        int packs_drawn = draw(random, {60, 25, 10});
        line.packs = packs_drawn == 4 ? 4 + static_cast<int>(random.below(3)) : packs_drawn;
        if (stocked) {
          // Refused when a channel holds another drug or is full: its packs are then taken on trust.
          (void)devices[device]->load(
              StockLoad{line.location, Lot{line.drug, line.lot, line.expiry}, line.gtin, line.packs, 50});
        }
        job.lines.push_back(std::move(line));
      }
      SimDevice* target = devices[device];
      d->sched.schedule_at(at, [target, job = std::move(job)]() mutable { target->submit(std::move(job)); });
    }
    return [d, packs] {
      size_t ran = d->sched.run();
      *packs = d->count.packs;
      return ran;
    };
  });
}

void report(const std::string& name, const std::vector<Round>& rounds, const std::string& extra) {
  Round best_wall = rounds[0], best_cpu = rounds[0];
  for (const Round& r : rounds) {
    if (r.wall_s < best_wall.wall_s) best_wall = r;
    if (r.cpu_s < best_cpu.cpu_s) best_cpu = r;
  }
  fmt::print("{:<22} {:>10} events  best wall {:>7.1f} ms = {:>5.2f} M/s   best cpu {:>7.1f} ms = {:>5.2f} M/s{}\n", name,
             best_wall.events, best_wall.wall_s * 1e3, static_cast<double>(best_wall.events) / best_wall.wall_s / 1e6,
             best_cpu.cpu_s * 1e3, static_cast<double>(best_cpu.events) / best_cpu.cpu_s / 1e6, extra);
}

}  // namespace
}  // namespace rx

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  int jobs = argc > 2 ? std::atoi(argv[2]) : 20000;
  if (rounds < 1 || jobs < 1) {
    fmt::print(stderr, "usage: sim_events_bench [rounds >= 1] [jobs >= 1]\n");
    return 2;
  }
  std::vector<rx::Round> alone, untracked, stocked;
  int64_t packs_untracked = 0, packs_stocked = 0;
  for (int r = 0; r < rounds; ++r) {
    alone.push_back(rx::scheduler_alone(2'000'000));
    untracked.push_back(rx::devices_run(jobs, false, &packs_untracked));
    stocked.push_back(rx::devices_run(jobs, true, &packs_stocked));
  }
  rx::report("scheduler alone", alone, "");
  rx::report("devices, untracked", untracked, fmt::format("   {} packs", packs_untracked));
  rx::report("devices, stocked", stocked, fmt::format("   {} packs", packs_stocked));
  return 0;
}
