// JobQueue: the jobs waiting for a device, served by priority (higher first),
// then by due time (earlier first), then in the order they were pushed. Every operation is O(log n), so a
// long queue in a surge costs little.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

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
  bool contains(uint64_t job_id) const { return keys_.contains(job_id); }
  int size() const { return static_cast<int>(jobs_.size()); }

 private:
  // Serving order: higher priority first, then earlier due, then earlier push.
  struct Key {
    int priority = 0;
    Instant due{};
    uint64_t order = 0;
    bool operator<(const Key& o) const {
      if (priority != o.priority) return priority > o.priority;
      if (due != o.due) return due < o.due;
      return order < o.order;
    }
  };

  std::map<Key, PickJob> jobs_;
  std::unordered_map<uint64_t, Key> keys_;  // by job id
  uint64_t next_order_ = 0;
};

}  // namespace rx
