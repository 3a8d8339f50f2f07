#include "devices/sim/smart_shelf.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "core/machine/sim_duration.h"

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
    : SimDevice(scheduler, DeviceKind::kShelf, params.name, params.technicians, params.faults),
      params_(std::move(params)) {}

bool SmartShelf::has_location(const LocationCode& location) const { return valid_location(location); }

std::string SmartShelf::expected_location() const { return "S-RR-BB or F-RR-BB"; }

bool SmartShelf::in_process(uint64_t job_id) const {
  return std::any_of(runs_.begin(), runs_.end(), [&](const auto& entry) { return entry.second.job.job_id == job_id; });
}

void SmartShelf::cancel_in_process(uint64_t job_id) {
  auto it =
      std::find_if(runs_.begin(), runs_.end(), [&](const auto& entry) { return entry.second.job.job_id == job_id; });
  if (it == runs_.end()) return;
  job_cancelled(job_id, it->second.reported, it->second.planned);
  runs_.erase(it);
  free_slot();
}

void SmartShelf::start(PickJob job) {
  uint64_t id = next_run_++;
  Run run;
  for (const PickLine& line : job.lines) run.planned += line.packs;
  job_started(job.job_id);
  run.job = std::move(job);
  runs_.emplace(id, std::move(run));
  pick_next_line(id);
}

void SmartShelf::pick_next_line(uint64_t run_id) {
  const Run& run = runs_.at(run_id);
  const PickLine& line = run.job.lines[run.next_line];
  double seconds = params_.pick_line_s + params_.extra_pack_s * (line.packs - 1);
  if (is_cold(line)) seconds += params_.cold_line_s;
  scheduler().schedule_after(sim_duration(seconds, params_.speed), [this, run_id] { on_line_picked(run_id); });
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
    std::optional<StockedPack> stocked = take_pack(line, true);
    if (!stocked) {
      line_failed(run.job.job_id, line_index, line, packs - p, fmt::format("bin {} empty", line.location.value()));
      break;
    }
    PackOut pack = pack_out(run.job.job_id, line, *stocked);
    ++run.reported;
    report_pack(pack);
  }
  it = runs_.find(run_id);
  if (it == runs_.end()) return;
  if (++it->second.next_line < it->second.job.lines.size()) {
    pick_next_line(run_id);
    return;
  }
  scheduler().schedule_after(sim_duration(params_.carry_s, params_.speed), [this, run_id] { on_delivered(run_id); });
}

void SmartShelf::on_delivered(uint64_t run_id) {
  auto it = runs_.find(run_id);
  if (it == runs_.end()) return;  // cancelled while carrying
  job_completed(it->second.job.job_id);
  runs_.erase(it);
  free_slot();
}

}  // namespace rx
