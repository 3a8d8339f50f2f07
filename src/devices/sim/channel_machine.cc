#include "devices/sim/channel_machine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "core/machine/sim_duration.h"

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

size_t index_of(const Place& place, const ChannelMachineParams& p) {
  return static_cast<size_t>((place.shelf - 1) * p.channels_per_shelf + place.channel - 1);
}

}  // namespace

Result<std::unique_ptr<ChannelMachine>> ChannelMachine::create(Scheduler& scheduler, ChannelMachineParams params) {
  TRY(check_channel_machine_params(params));
  return std::unique_ptr<ChannelMachine>(new ChannelMachine(scheduler, std::move(params)));
}

ChannelMachine::ChannelMachine(Scheduler& scheduler, ChannelMachineParams params)
    : SimDevice(scheduler, DeviceKind::kChannel, params.name, params.buckets, params.faults),
      params_(std::move(params)),
      eject_(sim_duration(params_.eject_s, params_.speed)),
      drop_(sim_duration(params_.drop_s, params_.speed)),
      conveyor_(sim_duration(params_.conveyor_s, params_.speed)),
      refill_box_(sim_duration(params_.refill_box_s, params_.speed)),
      channels_(static_cast<size_t>(params_.shelves * params_.channels_per_shelf)),
      shelf_ejecting_(static_cast<size_t>(params_.shelves), 0),
      free_refillers_(params_.refill_technicians) {}

bool ChannelMachine::has_location(const LocationCode& location) const {
  return parse_place(location, params_).has_value();
}

std::string ChannelMachine::expected_location() const {
  return fmt::format("C-SS-CC with shelf 01-{:02d} and channel 01-{:02d}", params_.shelves, params_.channels_per_shelf);
}

LocationCode ChannelMachine::location_of(size_t channel) const {
  auto per_shelf = static_cast<size_t>(params_.channels_per_shelf);
  return LocationCode(fmt::format("C-{:02d}-{:02d}", channel / per_shelf + 1, channel % per_shelf + 1));
}

std::vector<LocationCode> ChannelMachine::jammed_channels() const {
  std::vector<LocationCode> out;
  for (size_t i = 0; i < channels_.size(); ++i) {
    if (channels_[i].jammed) out.push_back(location_of(i));
  }
  return out;
}

bool ChannelMachine::location_blocked(const LocationCode& location) const {
  auto place = parse_place(location, params_);
  if (!place) return false;
  const Channel& channel = channels_[index_of(*place, params_)];
  // A channel with a refill ordered stops ejecting once a technician starts
  // loading it, for 2.5 s a box: a box planned there would wait that long.
  return channel.jammed || channel.loading || channel.ordered > 0;
}

std::string ChannelMachine::fault_state() const {
  std::vector<LocationCode> jammed = jammed_channels();
  if (jammed.empty()) return {};
  std::string out = "channel";
  if (jammed.size() > 1) out += "s";
  for (size_t i = 0; i < jammed.size(); ++i) out += (i == 0 ? " " : ", ") + jammed[i].value();
  return out + " jammed";
}

Status ChannelMachine::check_fill(const StockLoad& load, const Channel& channel) const {
  if (load.pack_depth_mm < 1) {
    return Status::invalid(
        fmt::format("expected the box depth in mm (the formulary's pack_d_mm), found {}", load.pack_depth_mm),
        "pack_depth_mm");
  }
  int held = locations().count(load.location) + channel.ordered;
  if (held > 0 && channel.drug && *channel.drug != load.lot.drug) {
    return Status::invalid(fmt::format("expected \"{}\", the drug channel {} holds, found \"{}\"",
                                       channel.drug->value(), load.location.value(), load.lot.drug.value()),
                           "lot.drug");
  }
  int capacity = channel_capacity(load.pack_depth_mm, params_);
  if (held + load.packs > capacity) {
    return Status::invalid(
        fmt::format("expected at most {} (channel {} holds {} boxes {} mm deep and has {} on hand or ordered), found {}",
                    capacity - held, load.location.value(), capacity, load.pack_depth_mm, held, load.packs),
        "packs");
  }
  return Status::ok_status();
}

Status ChannelMachine::load(const StockLoad& load) {
  auto place = parse_place(load.location, params_);
  if (place) TRY(check_fill(load, channels_[index_of(*place, params_)]));
  TRY(SimDevice::load(load));
  Channel& channel = channels_[index_of(*place, params_)];
  channel.drug = load.lot.drug;
  channel.capacity = channel_capacity(load.pack_depth_mm, params_);
  start_ejections();
  return Status::ok_status();
}

Status ChannelMachine::refill(const StockLoad& load) {
  auto place = parse_place(load.location, params_);
  if (!place) {
    return Status::invalid(fmt::format("expected {}, found \"{}\"", expected_location(), load.location.value()),
                           "location");
  }
  if (load.packs < 1) return Status::invalid(fmt::format("expected at least 1, found {}", load.packs), "packs");
  if (load.gtin.empty()) return Status::invalid("expected the GTIN-14 printed on the packs, found nothing", "gtin");
  size_t index = index_of(*place, params_);
  Channel& channel = channels_[index];
  TRY(check_fill(load, channel));
  channel.drug = load.lot.drug;
  channel.capacity = channel_capacity(load.pack_depth_mm, params_);
  channel.ordered += load.packs;
  ++refills_open_;
  refills_.push_back(Refill{load, index, load.packs});
  start_refills();
  return Status::ok_status();
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
    run.pending = 0;
    run.aborted = true;
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
    for (int p = 0; p < job.lines[i].packs; ++p) {
      pending_.push_back(Box{id, i, index_of(place, params_), place.shelf - 1});
    }
    run.planned += job.lines[i].packs;
  }
  run.pending = run.planned;
  job_started(job.job_id);
  run.job = std::move(job);
  runs_.emplace(id, std::move(run));
  start_ejections();
}

void ChannelMachine::start_ejections() {
  std::vector<Box> still_pending;
  for (const Box& box : pending_) {
    Channel& channel = channels_[box.channel];
    int& shelf_ejecting = shelf_ejecting_[static_cast<size_t>(box.shelf)];
    const PickLine& line = runs_.at(box.run).job.lines[box.line];
    bool awaits_refill = channel.ordered > 0 && locations().tracked(line.location) &&
                         locations().count(line.location) == 0;
    if (channel.ejecting || channel.loading || channel.jammed || awaits_refill ||
        shelf_ejecting >= params_.max_ejecting_per_shelf) {
      still_pending.push_back(box);
      continue;
    }
    channel.ejecting = true;
    ++shelf_ejecting;
    Run& run = runs_.at(box.run);
    --run.pending;
    ++run.ejecting;
    scheduler().schedule_after(eject_, [this, box] { on_ejected(box); });
  }
  pending_ = std::move(still_pending);
}

void ChannelMachine::start_refills() {
  for (auto it = refills_.begin(); it != refills_.end() && free_refillers_ > 0;) {
    Channel& channel = channels_[it->channel];
    if (channel.ejecting || channel.loading || channel.jammed) {
      ++it;
      continue;
    }
    channel.loading = true;
    --free_refillers_;
    Refill refill = std::move(*it);
    it = refills_.erase(it);
    scheduler().schedule_after(refill_box_, [this, refill = std::move(refill)] { on_refill_box(refill); });
  }
}

void ChannelMachine::on_refill_box(Refill refill) {
  Channel& channel = channels_[refill.channel];
  StockedPack pack{refill.load.lot, refill.load.gtin};
  if (random().chance(faults().wrong_load)) {
    std::vector<StockedPack> others = locations().known_lots();
    std::erase_if(others, [&](const StockedPack& p) { return p.lot.drug == refill.load.lot.drug; });
    // With no other drug known there is nothing else to load by mistake.
    if (!others.empty()) {
      pack = others[random().below(others.size())];
      ++fault_counts().wrong_loads;
    }
  }
  locations().put(refill.load.location, pack, 1);
  --channel.ordered;
  if (--refill.left > 0) {
    scheduler().schedule_after(refill_box_, [this, refill = std::move(refill)] { on_refill_box(refill); });
    return;
  }
  channel.loading = false;
  ++free_refillers_;
  --refills_open_;
  start_refills();
  start_ejections();
}

void ChannelMachine::on_ejected(const Box& box) {
  Channel& channel = channels_[box.channel];
  channel.ejecting = false;
  --shelf_ejecting_[static_cast<size_t>(box.shelf)];
  Run& run = runs_.at(box.run);
  --run.ejecting;
  const PickLine& line = run.job.lines[box.line];
  if (random().chance(faults().jam)) {
    // The box sticks in its channel and stays there.
    channel.jammed = true;
    ++fault_counts().jams;
    double clear_s = random().exponential(params_.faults.jam_clear_mean_s);
    size_t index = box.channel;
    scheduler().schedule_after(sim_duration(clear_s, params_.speed), [this, index] { on_jam_cleared(index); });
    fail_line(box, fmt::format("channel {} jammed", line.location.value()));
  } else if (std::optional<StockedPack> pack = take_pack(line, false); !pack) {
    fail_line(box, fmt::format("channel {} empty", line.location.value()));
  } else {
    std::vector<StockedPack> out{std::move(*pack)};
    if (random().chance(faults().double_drop)) {
      if (std::optional<StockedPack> second = take_pack(line, false)) {
        out.push_back(*second);
        ++fault_counts().double_drops;
      }
    }
    double x_m = static_cast<double>(box.channel % static_cast<size_t>(params_.channels_per_shelf) + 1) *
                 params_.channel_pitch_m;
    Duration belt = sim_duration(x_m / params_.belt_m_per_s, params_.speed);
    for (StockedPack& p : out) {
      ++run.on_belt;
      scheduler().schedule_after(belt, [this, box, p = std::move(p)] { on_collected(box, p); });
    }
  }
  start_refills();
  start_ejections();
  settle(box.run);
}

void ChannelMachine::fail_line(const Box& box, const std::string& reason) {
  Run& run = runs_.at(box.run);
  uint64_t id = box.run;
  size_t line = box.line;
  auto left = std::erase_if(pending_, [id, line](const Box& b) { return b.run == id && b.line == line; });
  run.pending -= static_cast<int>(left);
  if (!run.aborted) line_failed(run.job.job_id, line, run.job.lines[line], static_cast<int>(left) + 1, reason);
}

void ChannelMachine::on_jam_cleared(size_t channel) {
  channels_[channel].jammed = false;
  start_refills();
  start_ejections();
}

void ChannelMachine::on_collected(const Box& box, const StockedPack& stocked) {
  Run& run = runs_.at(box.run);
  --run.on_belt;
  std::optional<PackOut> pack;
  if (!run.aborted) {
    pack = pack_out(run.job.job_id, run.job.lines[box.line], stocked);
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
  ++run.baskets_on_conveyor;
  scheduler().schedule_after(conveyor_, [this, run_id] { on_basket_ready(run_id); });
  run.in_bucket = std::min(run.waiting, params_.bucket_capacity);
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
    int to_come = run.pending + run.ejecting + run.on_belt;
    int basket = std::min(params_.bucket_capacity, run.in_bucket + run.waiting + to_come);
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
