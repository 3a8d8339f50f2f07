// BackgroundWriter: writes run on another thread, in the order handed over;
// wait() sees them all applied; the first failure stops every later write.
#include "storage/background_writer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "storage/sqlite/sqlite_store.h"

namespace rx {
namespace {

// One event with the given seq: the store refuses any other order.
Batch event_batch(long long seq) {
  Batch b;
  Event e;
  e.seq = EventSeq(seq);
  e.at = Instant{Duration{seq}};
  e.type = "test.event";
  e.actor = "test";
  e.payload = "{}";
  b.events.push_back(std::move(e));
  return b;
}

std::unique_ptr<SqliteStore> memory_store() {
  auto store = SqliteStore::open(":memory:");
  EXPECT_TRUE(store.ok()) << store.status().to_string();
  return store.ok() ? std::move(store).value() : nullptr;
}

TEST(BackgroundWriter, AppliesWritesInTheOrderHandedOver) {
  auto store = memory_store();
  ASSERT_NE(store, nullptr);
  BackgroundWriter writer(*store);
  std::vector<long long> order;  // written by the writer thread, read after wait()
  for (long long seq = 1; seq <= 200; ++seq) {
    ASSERT_TRUE(writer
                    .hand_over([seq, &order](Store& s) {
                      order.push_back(seq);
                      return s.commit(event_batch(seq));
                    })
                    .ok());
  }
  ASSERT_TRUE(writer.wait().ok());
  ASSERT_EQ(order.size(), 200u);
  for (size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], static_cast<long long>(i) + 1);
  auto state = store->load();
  ASSERT_TRUE(state.ok()) << state.status().to_string();
  EXPECT_EQ(state->last_seq.value(), 200) << "every seq was accepted, so each came after the one before";
}

TEST(BackgroundWriter, HandingOverDoesNotWaitForTheWrite) {
  auto store = memory_store();
  ASSERT_NE(store, nullptr);
  BackgroundWriter writer(*store);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::thread::id ran_on;
  bool waited_too_long = false;
  ASSERT_TRUE(writer
                  .hand_over([&, released](Store&) {
                    ran_on = std::this_thread::get_id();
                    // Were hand_over synchronous, the test could only release it after this.
                    waited_too_long = released.wait_for(std::chrono::seconds(20)) != std::future_status::ready;
                    return Status();
                  })
                  .ok());
  release.set_value();
  ASSERT_TRUE(writer.wait().ok());
  EXPECT_FALSE(waited_too_long) << "hand_over returned only after its write had run";
  EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(BackgroundWriter, AFailureIsReturnedByWaitAndByEveryLaterHandOver) {
  auto store = memory_store();
  ASSERT_NE(store, nullptr);
  BackgroundWriter writer(*store);
  int ran = 0;
  auto commit_seq = [&ran](long long seq) {
    return [&ran, seq](Store& s) {
      ++ran;
      return s.commit(event_batch(seq));
    };
  };
  ASSERT_TRUE(writer.hand_over(commit_seq(1)).ok());
  ASSERT_TRUE(writer.hand_over(commit_seq(3)).ok());  // a gap in the log: the store refuses it
  // Handed over before or after the failure is known: either way it must not run.
  Status third = writer.hand_over(commit_seq(2));
  EXPECT_TRUE(third.ok() || third.message().find("gap") != std::string::npos) << third.to_string();
  Status failed = writer.wait();
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("gap"), std::string::npos) << failed.message();
  EXPECT_EQ(ran, 2) << "nothing after the failed write is applied";

  Status later = writer.hand_over(commit_seq(2));
  EXPECT_EQ(later.message(), failed.message());
  EXPECT_EQ(writer.wait().message(), failed.message());
  EXPECT_EQ(ran, 2);
  auto state = store->load();
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->last_seq.value(), 1);
}

TEST(BackgroundWriter, WaitWithNothingHandedOverReturnsAtOnce) {
  auto store = memory_store();
  ASSERT_NE(store, nullptr);
  BackgroundWriter writer(*store);
  EXPECT_TRUE(writer.wait().ok());
}

TEST(BackgroundWriter, TheDestructorAppliesWhatIsPending) {
  auto store = memory_store();
  ASSERT_NE(store, nullptr);
  {
    BackgroundWriter writer(*store);
    for (long long seq = 1; seq <= 50; ++seq) {
      ASSERT_TRUE(writer.hand_over([seq](Store& s) { return s.commit(event_batch(seq)); }).ok());
    }
  }
  auto state = store->load();
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->last_seq.value(), 50);
}


// What a write holds was made on the caller's thread, so it is freed there too:
// at the caller's next wait() (or hand_over()), not on the writer's thread.
TEST(BackgroundWriter, AnAppliedWriteIsFreedOnTheCallersThread) {
  auto store = memory_store();
  ASSERT_NE(store, nullptr);
  struct Snapshot {
    explicit Snapshot(std::thread::id* freed_on) : freed_on(freed_on) {}
    ~Snapshot() { *freed_on = std::this_thread::get_id(); }
    std::thread::id* freed_on;
  };
  std::thread::id freed_on;
  std::thread::id applied_on;
  BackgroundWriter writer(*store);
  {
    auto snapshot = std::make_shared<Snapshot>(&freed_on);
    ASSERT_TRUE(writer
                    .hand_over([snapshot, &applied_on](Store& s) {
                      applied_on = std::this_thread::get_id();
                      return s.commit(event_batch(1));
                    })
                    .ok());
  }
  EXPECT_EQ(freed_on, std::thread::id()) << "freed before the caller's next wait";
  ASSERT_TRUE(writer.wait().ok());
  EXPECT_NE(applied_on, std::this_thread::get_id());
  EXPECT_EQ(freed_on, std::this_thread::get_id());
}
}  // namespace
}  // namespace rx
