#include "devices/sim/job_queue.h"

#include <algorithm>

namespace rx {

void JobQueue::push(PickJob job) { jobs_.push_back(Entry{std::move(job), next_order_++}); }

std::optional<PickJob> JobQueue::pop() {
  if (jobs_.empty()) return std::nullopt;
  auto next = std::min_element(jobs_.begin(), jobs_.end(), [](const Entry& a, const Entry& b) {
    if (a.job.priority != b.job.priority) return a.job.priority > b.job.priority;
    return a.order < b.order;
  });
  PickJob job = std::move(next->job);
  jobs_.erase(next);
  return job;
}

bool JobQueue::reprioritise(uint64_t job_id, int priority) {
  auto it = find(job_id);
  if (it == jobs_.end()) return false;
  it->job.priority = priority;
  return true;
}

bool JobQueue::remove(uint64_t job_id) {
  auto it = find(job_id);
  if (it == jobs_.end()) return false;
  jobs_.erase(it);
  return true;
}

bool JobQueue::contains(uint64_t job_id) const {
  return std::any_of(jobs_.begin(), jobs_.end(), [&](const Entry& e) { return e.job.job_id == job_id; });
}

std::vector<JobQueue::Entry>::iterator JobQueue::find(uint64_t job_id) {
  return std::find_if(jobs_.begin(), jobs_.end(), [&](const Entry& e) { return e.job.job_id == job_id; });
}

}  // namespace rx
