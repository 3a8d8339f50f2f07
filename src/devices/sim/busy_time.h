// BusyTime: how long a device had at least one job in process.
#pragma once

#include <chrono>

#include "core/time.h"

namespace rx {

class BusyTime {
 public:
  // A job enters process at `now`.
  void job_started(Instant now) {
    if (active_++ == 0) since_ = now;
  }
  // A job in process ended (completed or aborted) at `now`.
  void job_ended(Instant now) {
    if (--active_ == 0) total_ += now - since_;
  }
  int active_jobs() const { return active_; }
  // Busy time up to `now`, counting an interval still open.
  double seconds(Instant now) const {
    Duration t = total_;
    if (active_ > 0) t += now - since_;
    return std::chrono::duration<double>(t).count();
  }

 private:
  int active_ = 0;
  Instant since_{};
  Duration total_{0};
};

}  // namespace rx
