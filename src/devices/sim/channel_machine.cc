#include "devices/sim/channel_machine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "devices/sim/sim_duration.h"

namespace rx {
namespace {

struct Place {
  int shelf = 0;    // 1-based, as in the location
  int channel = 0;  // 1-based, as in the location
};

int two_digits(const std::string& s, size_t at) {
  if (!std::isdigit(static_cast<unsigned char>(s[at])) || !std::isdigit(static_cast<unsigned char>(s[at + 1]))) {
    return -1;
  }
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

// "C-SS-CC" within the machine's shelves and channels.
std::optional<Place> parse_place(const LocationCode& location, const ChannelMachineParams& p) {
  const std::string& s = location.value();
  if (s.size() != 7 || s[0] != 'C' || s[1] != '-' || s[4] != '-') return std::nullopt;
  Place place{two_digits(s, 2), two_digits(s, 5)};
  if (place.shelf < 1 || place.shelf > p.shelves || place.channel < 1 || place.channel > p.channels_per_shelf) {
    return std::nullopt;
  }
  return place;
}

}  // namespace

Result<std::unique_ptr<ChannelMachine>> ChannelMachine::create(Scheduler& scheduler, ChannelMachineParams params) {
  TRY(check_channel_machine_params(params));
  return std::unique_ptr<ChannelMachine>(new ChannelMachine(scheduler, std::move(params)));
}

ChannelMachine::ChannelMachine(Scheduler& scheduler, ChannelMachineParams params)
    : SimDevice(scheduler, DeviceKind::kChannel, params.name, params.buckets),
      params_(std::move(params)),
      eject_(sim_duration(params_.eject_s, params_.speed)),
      drop_(sim_duration(params_.drop_s, params_.speed)),
      conveyor_(sim_duration(params_.conveyor_s, params_.speed)),
      channel_busy_(static_cast<size_t>(params_.shelves * params_.channels_per_shelf), false),
      shelf_ejecting_(static_cast<size_t>(params_.shelves), 0) {}

bool ChannelMachine::has_location(const LocationCode& location) const {
  return parse_place(location, params_).has_value();
}

std::string ChannelMachine::expected_location() const {
  return fmt::format("C-SS-CC with shelf 01-{:02d} and channel 01-{:02d}", params_.shelves, params_.channels_per_shelf);
}

bool ChannelMachine::in_process(uint64_t job_id) const {
  return std::any_of(runs_.begin(), runs_.end(),
                     [&](const auto& entry) { return !entry.second.aborted && entry.second.job.job_id == job_id; });
}

void ChannelMachine::cancel_in_process(uint64_t job_id) {
  for (auto& [run_id, run] : runs_) {
    if (run.aborted || run.job.job_id != job_id) continue;
    uint64_t id = run_id;
    std::erase_if(pending_, [id](const Box& b) { return b.run == id; });
    run.aborted = true;
    run.total = run.started;
    job_cancelled(job_id, run.reported, run.planned);
    settle(id);
    return;
  }
}

void ChannelMachine::start(PickJob job) {
  uint64_t id = next_run_++;
  Run run;
  for (size_t i = 0; i < job.lines.size(); ++i) {
    Place place = *parse_place(job.lines[i].location, params_);
    for (int p = 0; p < job.lines[i].packs; ++p) pending_.push_back(Box{id, i, place.shelf - 1, place.channel - 1});
    run.planned += job.lines[i].packs;
  }
  run.total = run.planned;
  job_started(job.job_id);
  run.job = std::move(job);
  runs_.emplace(id, std::move(run));
  start_ejections();
}

void ChannelMachine::start_ejections() {
  std::vector<Box> still_pending;
  for (const Box& box : pending_) {
    size_t channel = static_cast<size_t>(box.shelf * params_.channels_per_shelf + box.channel);
    int& shelf_ejecting = shelf_ejecting_[static_cast<size_t>(box.shelf)];
    if (channel_busy_[channel] || shelf_ejecting >= params_.max_ejecting_per_shelf) {
      still_pending.push_back(box);
      continue;
    }
    channel_busy_[channel] = true;
    ++shelf_ejecting;
    ++runs_.at(box.run).started;
    scheduler().schedule_after(eject_, [this, box] { on_ejected(box); });
  }
  pending_ = std::move(still_pending);
}

void ChannelMachine::on_ejected(const Box& box) {
  channel_busy_[static_cast<size_t>(box.shelf * params_.channels_per_shelf + box.channel)] = false;
  --shelf_ejecting_[static_cast<size_t>(box.shelf)];
  double x_m = (box.channel + 1) * params_.channel_pitch_m;
  scheduler().schedule_after(sim_duration(x_m / params_.belt_m_per_s, params_.speed),
                             [this, box] { on_collected(box); });
  start_ejections();
}

void ChannelMachine::on_collected(const Box& box) {
  Run& run = runs_.at(box.run);
  std::optional<PackOut> pack;
  if (!run.aborted) {
    const PickLine& line = run.job.lines[box.line];
    pack = next_pack(run.job.job_id, line);
    ++run.reported;
  }
  if (run.dropping) {
    ++run.waiting;
  } else {
    ++run.in_bucket;
  }
  settle(box.run);
  // Last, because the listener may cancel the job from inside the call.
  if (pack) report_pack(*pack);
}

void ChannelMachine::on_dropped(uint64_t run_id) {
  Run& run = runs_.at(run_id);
  run.dropping = false;
  run.dropped += run.in_bucket;
  ++run.baskets_on_conveyor;
  scheduler().schedule_after(conveyor_, [this, run_id] { on_basket_ready(run_id); });
  run.in_bucket = std::min({run.waiting, params_.bucket_capacity, run.total - run.dropped});
  run.waiting -= run.in_bucket;
  settle(run_id);
}

void ChannelMachine::on_basket_ready(uint64_t run_id) {
  --runs_.at(run_id).baskets_on_conveyor;
  settle(run_id);
}

void ChannelMachine::settle(uint64_t run_id) {
  Run& run = runs_.at(run_id);
  if (!run.dropping && run.holds_bucket) {
    int basket = std::min(params_.bucket_capacity, run.total - run.dropped);
    if (basket == 0) {
      run.holds_bucket = false;
      free_slot();
    } else if (run.in_bucket == basket) {
      run.dropping = true;
      scheduler().schedule_after(drop_, [this, run_id] { on_dropped(run_id); });
    }
  }
  if (run.holds_bucket || run.baskets_on_conveyor > 0) return;
  if (!run.aborted) job_completed(run.job.job_id);
  runs_.erase(run_id);
}

}  // namespace rx
