#include "planning/policy.h"

#include <gtest/gtest.h>

#include <vector>

namespace rx {
namespace {

const Zone kZone = Zone::shanghai();

Instant at(std::string_view text) { return *parse_instant(text, kZone); }

DispatchCandidate candidate(long long id, std::optional<std::string_view> paid, std::optional<std::string_view> in) {
  DispatchCandidate c;
  c.id = PrescriptionId(id);
  if (paid) c.paid_at = at(*paid);
  if (in) c.checked_in_at = at(*in);
  return c;
}

std::vector<long long> ids(const std::vector<PrescriptionId>& order) {
  std::vector<long long> out;
  for (const auto& id : order) out.push_back(id.value());
  return out;
}

TEST(ParsePolicy, ReadsBothNamesAndWritesThemBack) {
  for (PolicyKind p : {PolicyKind::kSmart, PolicyKind::kFifo}) {
    auto back = parse_policy(policy_name(p));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, p);
  }
  EXPECT_EQ(policy_name(PolicyKind::kSmart), "smart");
  EXPECT_EQ(policy_name(PolicyKind::kFifo), "fifo");
}

TEST(ParsePolicy, RefusesOtherNamesSayingWhatIsExpected) {
  for (std::string_view name : {"", "Smart", "FIFO", "lifo", "smart "}) {
    auto p = parse_policy(name);
    ASSERT_FALSE(p.ok()) << name;
    EXPECT_EQ(p.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(p.status().field(), "policy");
    EXPECT_NE(p.status().message().find("smart or fifo"), std::string::npos) << p.status().message();
    EXPECT_NE(p.status().message().find("'" + std::string(name) + "'"), std::string::npos) << p.status().message();
  }
}

TEST(DispatchTrigger, SmartWaitsForPaymentAndFifoForCheckIn) {
  auto paid = candidate(1, "2026-12-01T09:00:00+08:00", std::nullopt);
  auto arrived = candidate(2, std::nullopt, "2026-12-01T09:00:00+08:00");
  auto both = candidate(3, "2026-12-01T09:00:00+08:00", "2026-12-01T09:01:00+08:00");
  auto neither = candidate(4, std::nullopt, std::nullopt);
  EXPECT_TRUE(dispatch_trigger_met(PolicyKind::kSmart, paid));
  EXPECT_FALSE(dispatch_trigger_met(PolicyKind::kSmart, arrived));
  EXPECT_TRUE(dispatch_trigger_met(PolicyKind::kSmart, both));
  EXPECT_FALSE(dispatch_trigger_met(PolicyKind::kSmart, neither));
  EXPECT_FALSE(dispatch_trigger_met(PolicyKind::kFifo, paid));
  EXPECT_TRUE(dispatch_trigger_met(PolicyKind::kFifo, arrived));
  EXPECT_TRUE(dispatch_trigger_met(PolicyKind::kFifo, both));
  EXPECT_FALSE(dispatch_trigger_met(PolicyKind::kFifo, neither));
}

TEST(DispatchOrder, SmartPutsCheckedInPatientsFirstThenFollowsPayment) {
  std::vector<DispatchCandidate> c = {
      candidate(1, "2026-12-01T09:00:00+08:00", std::nullopt),
      candidate(2, "2026-12-01T09:05:00+08:00", "2026-12-01T09:10:00+08:00"),
      candidate(3, "2026-12-01T09:02:00+08:00", std::nullopt),
      candidate(4, std::nullopt, "2026-12-01T08:30:00+08:00"),  // not paid: not yet
      candidate(5, "2026-12-01T09:01:00+08:00", "2026-12-01T09:20:00+08:00"),
  };
  EXPECT_EQ(ids(dispatch_order(PolicyKind::kSmart, c)), (std::vector<long long>{5, 2, 1, 3}));
}

TEST(DispatchOrder, SmartBreaksTiesById) {
  std::vector<DispatchCandidate> c = {
      candidate(9, "2026-12-01T09:00:00+08:00", std::nullopt),
      candidate(3, "2026-12-01T09:00:00+08:00", std::nullopt),
      candidate(6, "2026-12-01T09:00:00+08:00", std::nullopt),
  };
  EXPECT_EQ(ids(dispatch_order(PolicyKind::kSmart, c)), (std::vector<long long>{3, 6, 9}));
}

TEST(DispatchOrder, SmartPutsACheckedInPatientBeforeAnOldUncollectedPayment) {
  // Paid two days ago (waiting for stock) and never collected, against a
  // patient paid today who is standing at the counter.
  std::vector<DispatchCandidate> c = {
      candidate(1, "2026-11-29T10:00:00+08:00", std::nullopt),
      candidate(2, "2026-12-01T09:00:00+08:00", "2026-12-01T09:05:00+08:00"),
  };
  auto order = ids(dispatch_order(PolicyKind::kSmart, c));
  EXPECT_EQ(order, (std::vector<long long>{2, 1}));
}

TEST(DispatchOrder, FifoFollowsCheckInOnly) {
  std::vector<DispatchCandidate> c = {
      candidate(1, "2026-12-01T08:00:00+08:00", std::nullopt),  // paid first, not here: not yet
      candidate(2, "2026-12-01T09:05:00+08:00", "2026-12-01T09:30:00+08:00"),
      candidate(3, std::nullopt, "2026-12-01T09:10:00+08:00"),
      candidate(4, "2026-12-01T08:10:00+08:00", "2026-12-01T09:20:00+08:00"),
      candidate(5, "2026-12-01T08:10:00+08:00", "2026-12-01T09:10:00+08:00"),
  };
  EXPECT_EQ(ids(dispatch_order(PolicyKind::kFifo, c)), (std::vector<long long>{3, 5, 4, 2}));
}

TEST(DispatchOrder, NothingInNothingOut) {
  EXPECT_TRUE(dispatch_order(PolicyKind::kSmart, {}).empty());
  EXPECT_TRUE(dispatch_order(PolicyKind::kFifo, {candidate(1, "2026-12-01T08:00:00+08:00", std::nullopt)}).empty());
}

TEST(JobPriority, OnlySmartRaisesCheckedInPatientsAndLowersLateJobs) {
  EXPECT_GT(job_priority(PolicyKind::kSmart, true), job_priority(PolicyKind::kSmart, false));
  EXPECT_EQ(job_priority(PolicyKind::kFifo, true), job_priority(PolicyKind::kFifo, false));
  // A late job goes after those on time; its patient's arrival lifts it above both.
  EXPECT_LT(job_priority(PolicyKind::kSmart, false, true), job_priority(PolicyKind::kSmart, false, false));
  EXPECT_EQ(job_priority(PolicyKind::kSmart, true, true), job_priority(PolicyKind::kSmart, true, false));
  EXPECT_EQ(job_priority(PolicyKind::kFifo, false, true), job_priority(PolicyKind::kFifo, false, false));
  EXPECT_EQ(max_jobs_per_device(PolicyKind::kFifo), 1);
  EXPECT_EQ(max_jobs_per_device(PolicyKind::kSmart), 0);
}

TEST(LateWindow, OpensWhenTheJobCouldNoLongerBeReadyInTimeAndClosesAfterHalfATargetMore) {
  Instant paid = at("2026-12-01T09:00:00+08:00");
  const Duration target = std::chrono::seconds(50);
  // A 30 s job paid at 09:00 is ready within 50 s only if it starts by 09:00:20.
  auto w = late_window(PolicyKind::kSmart, paid, target, std::chrono::seconds(30));
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->from, paid + std::chrono::seconds(20));
  EXPECT_EQ(w->until, paid + std::chrono::seconds(75));
  EXPECT_FALSE(w->contains(paid + std::chrono::milliseconds(19999)));
  EXPECT_TRUE(w->contains(paid + std::chrono::seconds(20)));
  EXPECT_TRUE(w->contains(paid + std::chrono::milliseconds(74999)));
  EXPECT_FALSE(w->contains(paid + std::chrono::seconds(75)));
  // A job longer than the target is late from its payment on.
  auto long_job = late_window(PolicyKind::kSmart, paid, target, std::chrono::seconds(56));
  ASSERT_TRUE(long_job.has_value());
  EXPECT_TRUE(long_job->contains(paid));
  // Nothing yields without a target, or under fifo.
  EXPECT_FALSE(late_window(PolicyKind::kSmart, paid, std::nullopt, std::chrono::seconds(30)).has_value());
  EXPECT_FALSE(late_window(PolicyKind::kFifo, paid, target, std::chrono::seconds(30)).has_value());
}

TEST(JobDue, SmartServesNearlyInPaymentOrderAndFifoKeepsArrivalOrder) {
  using std::chrono::seconds;
  Instant paid = Instant{} + std::chrono::hours(500000);
  // A job alone in its prescription: payment plus a quarter of its idle time.
  EXPECT_EQ(job_due(PolicyKind::kSmart, paid, seconds(24), seconds(24)), paid + seconds(6));
  // A 22 s job paid 2 s after a 40 s one (due at 2 + 5.5 s against 10 s) goes first ...
  Instant long_job = job_due(PolicyKind::kSmart, paid, seconds(40), seconds(40));
  EXPECT_LT(job_due(PolicyKind::kSmart, paid + seconds(2), seconds(22), seconds(22)), long_job);
  // ... but not one paid 8 s after it (8 + 5.5 s).
  EXPECT_GT(job_due(PolicyKind::kSmart, paid + seconds(8), seconds(22), seconds(22)), long_job);
  // A 4 s robot job beside a 30 s shelf job need not start before 26 s.
  EXPECT_EQ(job_due(PolicyKind::kSmart, paid, seconds(30), seconds(4)), paid + seconds(27));
  EXPECT_EQ(job_due(PolicyKind::kFifo, paid, seconds(24), seconds(24)), Instant{});
  EXPECT_EQ(job_due(PolicyKind::kFifo, paid + seconds(9), seconds(1), seconds(1)), Instant{});
}

TEST(AssignWindows, LowestQueueNumberToLowestFreeWindow) {
  std::vector<WaitingPatient> waiting = {
      {PrescriptionId(1), 12}, {PrescriptionId(2), 3}, {PrescriptionId(3), 8}, {PrescriptionId(4), 4}};
  auto calls = assign_windows({5, 2, 7}, waiting);
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].window, 2);
  EXPECT_EQ(calls[0].id, PrescriptionId(2));
  EXPECT_EQ(calls[1].window, 5);
  EXPECT_EQ(calls[1].id, PrescriptionId(4));
  EXPECT_EQ(calls[2].window, 7);
  EXPECT_EQ(calls[2].id, PrescriptionId(3));
}

TEST(AssignWindows, MoreWindowsThanPatientsAndNoWindowAtAll) {
  auto calls = assign_windows({3, 1, 2}, {{PrescriptionId(7), 5}});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].window, 1);
  EXPECT_EQ(calls[0].id, PrescriptionId(7));
  EXPECT_TRUE(assign_windows({}, {{PrescriptionId(7), 5}}).empty());
  EXPECT_TRUE(assign_windows({1, 2}, {}).empty());
}

TEST(Policy, OnlySmartCallsAWindowAboutToFree) {
  EXPECT_TRUE(calls_closing_windows(PolicyKind::kSmart));
  EXPECT_FALSE(calls_closing_windows(PolicyKind::kFifo)) << "the baseline calls only free windows";
}

TEST(DeviceForLocation, MapsEachPrefixToItsDevice) {
  EXPECT_EQ(device_for_location(LocationCode("C-01-01")), DeviceKind::kChannel);
  EXPECT_EQ(device_for_location(LocationCode("R-1-0050")), DeviceKind::kRobot);
  EXPECT_EQ(device_for_location(LocationCode("S-10-01")), DeviceKind::kShelf);
  EXPECT_EQ(device_for_location(LocationCode("F-09-01")), DeviceKind::kShelf) << "the fridge is picked by the shelf";
  EXPECT_EQ(device_for_location(LocationCode("X-01-01")), std::nullopt);
  EXPECT_EQ(device_for_location(LocationCode("C0101")), std::nullopt);
  EXPECT_EQ(device_for_location(LocationCode("")), std::nullopt);
}

}  // namespace
}  // namespace rx
