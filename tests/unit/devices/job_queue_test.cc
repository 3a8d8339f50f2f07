#include "devices/sim/job_queue.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace rx
