// JobQueue: the jobs waiting for a device, served by priority (higher first)
// and then in the order they were pushed.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "devices/device.h"

namespace rx {

class JobQueue {
 public:
  void push(PickJob job);
  // Removes and returns the job to serve next; nullopt if none waits.
  std::optional<PickJob> pop();
  // Sets a waiting job's priority; false if no such job waits.
  bool reprioritise(uint64_t job_id, int priority);
  // Takes a waiting job out; false if no such job waits.
  bool remove(uint64_t job_id);
  bool contains(uint64_t job_id) const;
  int size() const { return static_cast<int>(jobs_.size()); }

 private:
  struct Entry {
    PickJob job;
    uint64_t order = 0;
  };
  std::vector<Entry>::iterator find(uint64_t job_id);

  std::vector<Entry> jobs_;
  uint64_t next_order_ = 0;
};

}  // namespace rx
