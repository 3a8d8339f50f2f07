// VirtualScheduler: a discrete-event clock. Time jumps from one scheduled
// task to the next; tasks at the same instant run in the order they were
// scheduled, so runs are deterministic.
#pragma once

#include <cstdint>
#include <queue>
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
  size_t pending() const { return queue_.size(); }

 private:
  struct Entry {
    Instant at;
    uint64_t seq;
    Task task;
    bool operator>(const Entry& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };
  Instant now_;
  uint64_t next_seq_ = 0;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
};

}  // namespace rx
