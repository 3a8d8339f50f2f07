#include "core/virtual_scheduler.h"

namespace rx {

void VirtualScheduler::schedule_at(Instant at, Task task) {
  if (at < now_) at = now_;
  queue_.push(Entry{at, next_seq_++, std::move(task)});
}

bool VirtualScheduler::step() {
  if (queue_.empty()) return false;
  Entry e = std::move(const_cast<Entry&>(queue_.top()));
  queue_.pop();
  now_ = e.at;
  e.task();
  return true;
}

void VirtualScheduler::run_until(Instant until) {
  while (!queue_.empty() && queue_.top().at <= until) step();
  if (now_ < until) now_ = until;
}

size_t VirtualScheduler::run(size_t max_tasks) {
  size_t n = 0;
  while (n < max_tasks && step()) ++n;
  return n;
}

}  // namespace rx
