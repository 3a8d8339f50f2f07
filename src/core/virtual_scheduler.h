// VirtualScheduler: a discrete-event clock. Time jumps from one scheduled
// task to the next; tasks at the same instant run in the order they were
// scheduled, so runs are deterministic.
#pragma once

#include <cstdint>
#include <vector>

#include "core/scheduler.h"

namespace rx {

class VirtualScheduler : public Scheduler {
 public:
  explicit VirtualScheduler(Instant start) : now_(start) {}

  Instant now() const override { return now_; }
  void schedule_at(Instant at, Task task) override;
  void post(Task task) override { schedule_at(now_, std::move(task)); }

  // Runs the next task, advancing time to it. False if nothing is queued.
  bool step();
  // Runs every task due at or before `until`, then sets the clock to `until`.
  void run_until(Instant until);
  // Runs until the queue is empty or `max_tasks` have run; returns how many ran.
  size_t run(size_t max_tasks = SIZE_MAX);
  size_t pending() const { return heap_.size(); }

 private:
  // The heap orders small keys; the tasks stay put in their slots, so sifting
  // never moves a std::function.
  struct Key {
    Instant at;
    uint64_t seq;
    uint32_t slot;
  };
  // A type rather than a function, so that the heap algorithms inline it.
  struct Later {
    bool operator()(const Key& a, const Key& b) const { return a.at != b.at ? a.at > b.at : a.seq > b.seq; }
  };

  Instant now_;
  uint64_t next_seq_ = 0;
  std::vector<Key> heap_;           // a min-heap by (at, seq)
  std::vector<Task> slots_;         // tasks, by slot
  std::vector<uint32_t> free_slots_;
};

}  // namespace rx
