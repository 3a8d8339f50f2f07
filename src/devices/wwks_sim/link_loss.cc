#include "devices/wwks_sim/link_loss.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "devices/sim/sim_random.h"

namespace rx {

struct LinkLoss::State : std::enable_shared_from_this<LinkLoss::State> {
  State(Scheduler& s, LinkLossParams p, std::function<void()> c)
      : scheduler(s), params(p), cut(std::move(c)), random(p.seed) {}

  void arm() {
    if (!running || params.per_hour <= 0) return;
    // Hours of robot time until the next loss, turned into scheduler time.
    double seconds = random.exponential(3600.0 / params.per_hour) / params.speed;
    auto delay = Duration{static_cast<long long>(std::llround(seconds * 1000.0))};
    scheduler.schedule_after(delay, [weak = weak_from_this(), generation = generation] {
      auto self = weak.lock();
      if (!self || !self->running || self->generation != generation) return;
      ++self->injected;
      spdlog::info("robot-sim: link loss {} injected: every connection is cut", self->injected);
      self->cut();
      self->arm();
    });
  }

  Scheduler& scheduler;
  LinkLossParams params;
  std::function<void()> cut;
  SimRandom random;
  bool running = false;
  uint64_t generation = 0;  // a loss scheduled before a stop does nothing after a restart
  uint64_t injected = 0;
};

Status check_link_loss(const LinkLossParams& params, std::string_view prefix) {
  if (!(params.per_hour >= 0) || !std::isfinite(params.per_hour)) {
    return Status::invalid(fmt::format("expected a number of losses per hour >= 0, found {}", params.per_hour),
                           fmt::format("{}.link_loss_per_hour", prefix));
  }
  if (!(params.speed > 0) || !std::isfinite(params.speed)) {
    return Status::invalid(fmt::format("expected a speed > 0, found {}", params.speed),
                           fmt::format("{}.speed", prefix));
  }
  return Status::ok_status();
}

LinkLoss::LinkLoss(Scheduler& scheduler, LinkLossParams params, std::function<void()> cut)
    : state_(std::make_shared<State>(scheduler, params, std::move(cut))) {}

LinkLoss::~LinkLoss() { stop(); }

void LinkLoss::start() {
  if (state_->running) return;
  state_->running = true;
  state_->arm();
}

void LinkLoss::stop() {
  state_->running = false;
  ++state_->generation;
}

uint64_t LinkLoss::injected() const { return state_->injected; }

}  // namespace rx
