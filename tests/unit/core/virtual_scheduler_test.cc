#include "core/virtual_scheduler.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rx {
namespace {

const Instant kT0 = Instant{} + Duration(1'000'000);

TEST(VirtualSchedulerOrder, SameInstantRunsInSchedulingOrderEvenWhenScheduledFromATask) {
  VirtualScheduler s(kT0);
  std::string order;
  s.schedule_at(kT0 + Duration(10), [&] {
    order += "a";
    // Scheduled for the same instant from inside a task: after what is already due then.
    s.schedule_at(kT0 + Duration(10), [&] { order += "d"; });
    s.post([&] { order += "e"; });
  });
  s.schedule_at(kT0 + Duration(10), [&] { order += "b"; });
  s.schedule_at(kT0 + Duration(10), [&] { order += "c"; });
  EXPECT_EQ(s.run(), 5u);
  EXPECT_EQ(order, "abcde");
  EXPECT_EQ(s.now(), kT0 + Duration(10));
}

TEST(VirtualSchedulerOrder, AnInstantInThePastRunsNowAfterWhatIsDueNow) {
  VirtualScheduler s(kT0);
  std::string order;
  s.post([&] { order += "a"; });
  s.schedule_at(kT0 - Duration(500), [&] { order += "b"; });
  s.run();
  EXPECT_EQ(order, "ab");
  EXPECT_EQ(s.now(), kT0);
}

TEST(VirtualSchedulerOrder, StepRunsOneTaskAndRunStopsAtItsLimit) {
  VirtualScheduler s(kT0);
  int ran = 0;
  for (int i = 3; i >= 1; --i) s.schedule_after(Duration(i * 100), [&] { ++ran; });
  EXPECT_EQ(s.pending(), 3u);
  EXPECT_TRUE(s.step());
  EXPECT_EQ(s.now(), kT0 + Duration(100));
  EXPECT_EQ(s.run(1), 1u);
  EXPECT_EQ(s.now(), kT0 + Duration(200));
  EXPECT_EQ(s.run(), 1u);
  EXPECT_FALSE(s.step());
  EXPECT_EQ(ran, 3);
  EXPECT_EQ(s.pending(), 0u);
}

TEST(VirtualSchedulerOrder, RunUntilLeavesLaterTasksAndAdvancesTheClock) {
  VirtualScheduler s(kT0);
  std::vector<long long> at;
  for (long long ms : {50, 100, 101, 400}) {
    s.schedule_at(kT0 + Duration(ms), [&, ms] { at.push_back((s.now() - kT0).count()); });
  }
  s.run_until(kT0 + Duration(100));
  EXPECT_EQ(at, (std::vector<long long>{50, 100}));
  EXPECT_EQ(s.now(), kT0 + Duration(100));
  EXPECT_EQ(s.pending(), 2u);
  s.run_until(kT0 + Duration(1000));
  EXPECT_EQ(at, (std::vector<long long>{50, 100, 101, 400}));
  EXPECT_EQ(s.now(), kT0 + Duration(1000));
}

// Many interleaved tasks against a plain model of the order: by time, then by scheduling.
TEST(VirtualSchedulerOrder, ManyTasksRunByTimeThenSchedulingOrder) {
  VirtualScheduler s(kT0);
  struct Ran {
    long long at;
    uint64_t seq;
  };
  std::vector<Ran> ran;
  uint64_t next_seq = 0;
  uint64_t x = 12345;
  auto rnd = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  std::function<void(int)> spawn = [&](int depth) {
    uint64_t seq = next_seq++;
    long long delay = static_cast<long long>(rnd() % 50);
    s.schedule_after(Duration(delay), [&, seq, depth] {
      ran.push_back(Ran{(s.now() - kT0).count(), seq});
      if (depth < 3) {
        for (int k = 0; k < 2; ++k) spawn(depth + 1);
      }
    });
  };
  for (int i = 0; i < 200; ++i) spawn(0);
  s.run();
  ASSERT_EQ(ran.size(), 200u * 15u);
  for (size_t i = 1; i < ran.size(); ++i) {
    ASSERT_LE(ran[i - 1].at, ran[i].at) << i;
    if (ran[i - 1].at == ran[i].at) {
      ASSERT_LT(ran[i - 1].seq, ran[i].seq) << i;
    }
  }
}

}  // namespace
}  // namespace rx
