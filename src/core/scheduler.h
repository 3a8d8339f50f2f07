// Scheduler: the injected clock. Everything that waits asks the scheduler, so
// the same code runs in real time (service/asio_scheduler.h) and in virtual
// time (core/virtual_scheduler.h).
#pragma once

#include <functional>

#include "core/time.h"

namespace rx {

class Scheduler {
 public:
  using Task = std::function<void()>;
  virtual ~Scheduler() = default;
  virtual Instant now() const = 0;
  // Runs `task` on the owning loop at (or soon after) `at`.
  virtual void schedule_at(Instant at, Task task) = 0;
  // Runs `task` on the owning loop as soon as possible, after what is queued.
  virtual void post(Task task) = 0;
  void schedule_after(Duration d, Task task) { schedule_at(now() + d, std::move(task)); }
};

}  // namespace rx
