#include "devices/sim/job_queue.h"

namespace rx {

void JobQueue::push(PickJob job) {
  Key key{job.priority, job.due, next_order_++};
  keys_[job.job_id] = key;
  jobs_.emplace(key, std::move(job));
}

std::optional<PickJob> JobQueue::pop() {
  if (jobs_.empty()) return std::nullopt;
  auto next = jobs_.begin();
  PickJob job = std::move(next->second);
  jobs_.erase(next);
  keys_.erase(job.job_id);
  return job;
}

bool JobQueue::reprioritise(uint64_t job_id, int priority) {
  auto key = keys_.find(job_id);
  if (key == keys_.end()) return false;
  auto node = jobs_.extract(key->second);
  // The job keeps its place among jobs of its new priority by its due time and push.
  node.key().priority = priority;
  node.mapped().priority = priority;
  key->second = node.key();
  jobs_.insert(std::move(node));
  return true;
}

bool JobQueue::remove(uint64_t job_id) {
  auto key = keys_.find(job_id);
  if (key == keys_.end()) return false;
  jobs_.erase(key->second);
  keys_.erase(key);
  return true;
}

}  // namespace rx
