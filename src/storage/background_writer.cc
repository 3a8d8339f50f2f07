#include "storage/background_writer.h"

#include <utility>

namespace rx {

BackgroundWriter::~BackgroundWriter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_.notify_one();
  if (thread_.joinable()) thread_.join();
}

Status BackgroundWriter::hand_over(Write write) {
  std::vector<Write> spent;
  {
    std::lock_guard lock(mutex_);
    spent.swap(spent_);
    if (!failure_.ok()) return failure_;
    queue_.push_back(std::move(write));
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  work_.notify_one();
  return Status();
}

Status BackgroundWriter::wait() {
  std::vector<Write> spent;
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
  spent.swap(spent_);
  Status failure = failure_;
  lock.unlock();
  return failure;
}

void BackgroundWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    // The queue is emptied before stopping: the destructor applies what is pending.
    if (queue_.empty()) return;
    Write write = std::move(queue_.front());
    queue_.pop_front();
    if (failure_.ok()) {
      busy_ = true;
      lock.unlock();
      Status s = write(store_);
      lock.lock();
      spent_.push_back(std::move(write));
      busy_ = false;
      if (!s.ok()) failure_ = std::move(s);
    }
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace rx
