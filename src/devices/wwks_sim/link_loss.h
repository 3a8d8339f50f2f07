// LinkLoss: the "device link lost" fault of machine-model.md (1 per 4 h) for
// the simulated WWKS robot. It cuts the robot's connections at random moments:
// a Poisson process of `per_hour` losses per hour of the robot's own time,
// which runs `speed` times faster than real time, drawn from a stream seeded
// by `seed`. Where a loss falls (mid-request, mid-task, between tasks) is left
// to chance, which is the point: the client must reconcile whatever it missed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "core/scheduler.h"
#include "core/status.h"

namespace rx {

struct LinkLossParams {
  double per_hour = 0.25;  // losses per hour of robot time; 0 turns the fault off
  double speed = 1.0;      // the robot's time runs this many times faster than the scheduler's
  uint64_t seed = 1;
};

// Ok, or invalid naming "<prefix>.<field>" with what was expected and found.
Status check_link_loss(const LinkLossParams& params, std::string_view prefix);

class LinkLoss {
 public:
  // `cut` drops every connection; it runs on the scheduler's loop.
  LinkLoss(Scheduler& scheduler, LinkLossParams params, std::function<void()> cut);
  // Stops; a loss already scheduled does nothing.
  ~LinkLoss();
  LinkLoss(const LinkLoss&) = delete;
  LinkLoss& operator=(const LinkLoss&) = delete;

  // Schedules the first loss; nothing when per_hour is 0.
  void start();
  void stop();
  // Losses injected so far.
  uint64_t injected() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace rx
