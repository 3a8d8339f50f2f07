#include "devices/sim/job_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace rx {
namespace {

PickJob job(uint64_t id, int priority) {
  PickJob j;
  j.job_id = id;
  j.priority = priority;
  return j;
}

std::vector<uint64_t> drain(JobQueue& q) {
  std::vector<uint64_t> out;
  while (auto j = q.pop()) out.push_back(j->job_id);
  return out;
}

TEST(JobQueue, HigherPriorityFirstThenSubmissionOrder) {
  JobQueue q;
  q.push(job(1, 0));
  q.push(job(2, 2));
  q.push(job(3, 0));
  q.push(job(4, 2));
  q.push(job(5, -1));
  EXPECT_EQ(q.size(), 5);
  EXPECT_EQ(drain(q), (std::vector<uint64_t>{2, 4, 1, 3, 5}));
  EXPECT_EQ(q.size(), 0);
  EXPECT_FALSE(q.pop());
}

TEST(JobQueue, WithinAPriorityTheEarliestDueFirstThenSubmissionOrder) {
  JobQueue q;
  auto due = [](uint64_t id, int priority, int due_s) {
    PickJob j = job(id, priority);
    j.due = Instant{} + std::chrono::seconds(due_s);
    return j;
  };
  q.push(due(1, 0, 50));
  q.push(due(2, 0, 20));
  q.push(due(3, 1, 90));  // a higher priority goes first whatever its due
  q.push(due(4, 0, 20));
  q.push(due(5, 0, 35));
  EXPECT_TRUE(q.reprioritise(5, 1));  // and keeps its due among its new peers
  EXPECT_EQ(drain(q), (std::vector<uint64_t>{5, 3, 2, 4, 1}));
}

TEST(JobQueue, ReprioritiseMovesAWaitingJob) {
  JobQueue q;
  q.push(job(1, 0));
  q.push(job(2, 0));
  q.push(job(3, 0));
  EXPECT_TRUE(q.reprioritise(3, 1));
  EXPECT_FALSE(q.reprioritise(9, 1));
  // Lowering a priority keeps the submission order among equals.
  EXPECT_TRUE(q.reprioritise(1, -1));
  EXPECT_EQ(drain(q), (std::vector<uint64_t>{3, 2, 1}));
}

TEST(JobQueue, RemoveAndContains) {
  JobQueue q;
  q.push(job(1, 0));
  q.push(job(2, 0));
  EXPECT_TRUE(q.contains(2));
  EXPECT_TRUE(q.remove(2));
  EXPECT_FALSE(q.contains(2));
  EXPECT_FALSE(q.remove(2));
  EXPECT_EQ(drain(q), (std::vector<uint64_t>{1}));
}

// A long queue with priorities changed and jobs removed drains as a plain
// sort by (priority descending, push order) says.
TEST(JobQueue, ALongQueueDrainsInServingOrder) {
  JobQueue q;
  struct Model {
    uint64_t id;
    int priority;
    int order;
  };
  std::vector<Model> model;
  for (int i = 0; i < 3000; ++i) {
    auto id = static_cast<uint64_t>(i + 1);
    int priority = (i * 7) % 5;
    q.push(job(id, priority));
    model.push_back(Model{id, priority, i});
  }
  for (int i = 0; i < 3000; i += 11) {
    ASSERT_TRUE(q.reprioritise(model[static_cast<size_t>(i)].id, 9 - i % 3));
    model[static_cast<size_t>(i)].priority = 9 - i % 3;
  }
  for (int i = 5; i < 3000; i += 13) ASSERT_TRUE(q.remove(model[static_cast<size_t>(i)].id));
  std::erase_if(model, [](const Model& m) { return m.id % 13 == 6 && m.id >= 6; });
  std::stable_sort(model.begin(), model.end(), [](const Model& a, const Model& b) {
    return a.priority != b.priority ? a.priority > b.priority : a.order < b.order;
  });
  std::vector<uint64_t> expected;
  for (const Model& m : model) expected.push_back(m.id);
  EXPECT_EQ(q.size(), static_cast<int>(expected.size()));
  EXPECT_EQ(drain(q), expected);
}

}  // namespace
}  // namespace rx
