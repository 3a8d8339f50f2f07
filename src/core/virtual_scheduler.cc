#include "core/virtual_scheduler.h"

#include <algorithm>

namespace rx {

void VirtualScheduler::schedule_at(Instant at, Task task) {
  if (at < now_) at = now_;
  uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.push_back(std::move(task));
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
    slots_[slot] = std::move(task);
  }
  heap_.push_back(Key{at, next_seq_++, slot});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
}

bool VirtualScheduler::step() {
  if (heap_.empty()) return false;
  std::pop_heap(heap_.begin(), heap_.end(), Later{});
  Key next = heap_.back();
  heap_.pop_back();
  // Moved out before it runs: the task may schedule others, which may reuse its slot.
  Task task = std::move(slots_[next.slot]);
  free_slots_.push_back(next.slot);
  now_ = next.at;
  task();
  return true;
}

void VirtualScheduler::run_until(Instant until) {
  while (!heap_.empty() && heap_.front().at <= until) step();
  if (now_ < until) now_ = until;
}

size_t VirtualScheduler::run(size_t max_tasks) {
  size_t n = 0;
  while (n < max_tasks && step()) ++n;
  return n;
}

}  // namespace rx
