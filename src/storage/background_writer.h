// BackgroundWriter: runs writes to a Store on one thread of its own, strictly
// in the order they were handed over, while the caller goes on.
//
// The store is then used by two threads, never at once: by the writer while
// any write is pending, and by the caller only after wait() has returned,
// since the caller is the only one who hands writes over. A caller that
// reaches the store only through wait() (as the service's ReadAfterWrites
// does) therefore never touches it while a write is in flight.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.h"
#include "storage/store.h"

namespace rx {

class BackgroundWriter {
 public:
  // A write: everything it reads must be its own (moved or copied into it),
  // because it runs on the writer thread while the caller changes its state.
  using Write = std::function<Status(Store&)>;

  explicit BackgroundWriter(Store& store) : store_(store) {}
  // Applies every write handed over, then stops the thread.
  ~BackgroundWriter();
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;

  // Queues `write` after every earlier one and returns at once (the thread
  // starts on the first). Once a write has failed, returns that failure and
  // drops `write`: nothing after a failed write is applied.
  Status hand_over(Write write);
  // Waits until every write handed over has been applied or dropped; the
  // failure of the first write that failed, if any.
  Status wait();

 private:
  void run();

  Store& store_;
  std::mutex mutex_;
  std::condition_variable work_;  // a write was queued, or stop_ set
  std::condition_variable idle_;  // the queue emptied and no write is running
  std::deque<Write> queue_;
  // Writes applied, kept to be destroyed on the caller's thread at its next
  // hand_over() or wait(): what they hold was allocated there, and freeing it
  // here would contend with the caller for its allocator's lock.
  std::vector<Write> spent_;
  bool busy_ = false;  // the thread is running a write it took off the queue
  bool stop_ = false;
  Status failure_;
  std::thread thread_;  // last: started after, and joined before, the members above go
};

}  // namespace rx
