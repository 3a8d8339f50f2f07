#include "devices/sim/smart_shelf.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "devices/sim/sim_duration.h"

namespace rx {
namespace {

// "S-RR-BB" (shelf) or "F-RR-BB" (fridge), rack and bin from 01.
bool valid_location(const LocationCode& location) {
  const std::string& s = location.value();
  if (s.size() != 7 || (s[0] != 'S' && s[0] != 'F') || s[1] != '-' || s[4] != '-') return false;
  for (size_t i : {2, 3, 5, 6}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return s.substr(2, 2) != "00" && s.substr(5, 2) != "00";
}

bool is_cold(const PickLine& line) { return line.cold || line.location.value().starts_with("F-"); }

}  // namespace

Result<std::unique_ptr<SmartShelf>> SmartShelf::create(Scheduler& scheduler, SmartShelfParams params) {
  TRY(check_smart_shelf_params(params));
  return std::unique_ptr<SmartShelf>(new SmartShelf(scheduler, std::move(params)));
}

SmartShelf::SmartShelf(Scheduler& scheduler, SmartShelfParams params)
    : scheduler_(scheduler), params_(std::move(params)), free_technicians_(params_.technicians), codes_(params_.name) {}

Status SmartShelf::check_job(const PickJob& job) const {
  if (job.lines.empty()) return Status::invalid("expected at least one line, found none", "lines");
  for (size_t i = 0; i < job.lines.size(); ++i) {
    const PickLine& line = job.lines[i];
    if (!valid_location(line.location)) {
      return Status::invalid(fmt::format("expected S-RR-BB or F-RR-BB, found \"{}\"", line.location.value()),
                             fmt::format("lines[{}].location", i));
    }
    if (line.packs < 1) {
      return Status::invalid(fmt::format("expected at least 1, found {}", line.packs),
                             fmt::format("lines[{}].packs", i));
    }
  }
  return Status::ok_status();
}

bool SmartShelf::in_process(uint64_t job_id) const {
  return std::any_of(runs_.begin(), runs_.end(), [&](const auto& entry) { return entry.second.job.job_id == job_id; });
}

void SmartShelf::submit(PickJob job) {
  if (queue_.contains(job.job_id) || in_process(job.job_id)) return;
  if (Status s = check_job(job); !s.ok()) {
    notify_state(job.job_id, JobState::kRejected, s.field() + ": " + s.message());
    return;
  }
  queue_.push(std::move(job));
  request_dispatch();
}

void SmartShelf::reprioritise(uint64_t job_id, int priority) { queue_.reprioritise(job_id, priority); }

void SmartShelf::cancel(uint64_t job_id) {
  if (queue_.remove(job_id)) {
    notify_state(job_id, JobState::kAborted, "cancelled while queued");
    return;
  }
  auto it =
      std::find_if(runs_.begin(), runs_.end(), [&](const auto& entry) { return entry.second.job.job_id == job_id; });
  if (it == runs_.end()) return;
  notify_state(job_id, JobState::kAborted,
               fmt::format("cancelled after {} of {} packs", it->second.reported, it->second.planned));
  runs_.erase(it);
  ++free_technicians_;
  busy_.job_ended(scheduler_.now());
  request_dispatch();
}

DeviceStatus SmartShelf::status() const {
  DeviceStatus s;
  s.name = params_.name;
  s.kind = DeviceKind::kShelf;
  s.queued_jobs = queue_.size();
  s.active_jobs = busy_.active_jobs();
  s.packs_out = packs_out_;
  s.busy_seconds = busy_.seconds(scheduler_.now());
  return s;
}

void SmartShelf::request_dispatch() {
  if (dispatch_posted_) return;
  dispatch_posted_ = true;
  scheduler_.post([this] {
    dispatch_posted_ = false;
    dispatch();
  });
}

void SmartShelf::dispatch() {
  while (free_technicians_ > 0) {
    std::optional<PickJob> job = queue_.pop();
    if (!job) return;
    --free_technicians_;
    start(std::move(*job));
  }
}

void SmartShelf::start(PickJob job) {
  uint64_t id = next_run_++;
  Run run;
  for (const PickLine& line : job.lines) run.planned += line.packs;
  notify_state(job.job_id, JobState::kInProcess, "");
  run.job = std::move(job);
  runs_.emplace(id, std::move(run));
  busy_.job_started(scheduler_.now());
  pick_next_line(id);
}

void SmartShelf::pick_next_line(uint64_t run_id) {
  const Run& run = runs_.at(run_id);
  const PickLine& line = run.job.lines[run.next_line];
  double seconds = params_.pick_line_s + params_.extra_pack_s * (line.packs - 1);
  if (is_cold(line)) seconds += params_.cold_line_s;
  scheduler_.schedule_after(sim_duration(seconds, params_.speed), [this, run_id] { on_line_picked(run_id); });
}

void SmartShelf::on_line_picked(uint64_t run_id) {
  auto it = runs_.find(run_id);
  if (it == runs_.end()) return;  // cancelled while picking
  size_t line_index = it->second.next_line;
  int packs = it->second.job.lines[line_index].packs;
  for (int p = 0; p < packs; ++p) {
    // Looked up again for each pack: the listener may cancel the job from inside the call.
    it = runs_.find(run_id);
    if (it == runs_.end()) return;
    Run& run = it->second;
    const PickLine& line = run.job.lines[line_index];
    PackOut pack{run.job.job_id, line.item, line.location, codes_.next(line)};
    ++run.reported;
    ++packs_out_;
    if (listener_) listener_->on_pack_out(pack);
  }
  it = runs_.find(run_id);
  if (it == runs_.end()) return;
  if (++it->second.next_line < it->second.job.lines.size()) {
    pick_next_line(run_id);
    return;
  }
  scheduler_.schedule_after(sim_duration(params_.carry_s, params_.speed), [this, run_id] { on_delivered(run_id); });
}

void SmartShelf::on_delivered(uint64_t run_id) {
  auto it = runs_.find(run_id);
  if (it == runs_.end()) return;  // cancelled while carrying
  notify_state(it->second.job.job_id, JobState::kCompleted, "");
  runs_.erase(it);
  ++free_technicians_;
  busy_.job_ended(scheduler_.now());
  request_dispatch();
}

void SmartShelf::notify_state(uint64_t job_id, JobState state, std::string detail) {
  scheduler_.post([this, job_id, state, detail = std::move(detail)] {
    if (listener_) listener_->on_job_state(job_id, state, detail);
  });
}

}  // namespace rx
