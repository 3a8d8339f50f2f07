// The jobs the service has given the devices and not yet heard the end of,
// and what they still have to do (DeviceLoad), kept up to date job by job.
//
// A job's share of the load is its lines less the packs already out for them.
// Whoever adds, takes or puts out packs for a job goes through this class, so
// the load can never miss a change: a job inserted, taken or marked as having
// put out a pack is worked out again, alone, the next time the load is read.
// The load's times are whole milliseconds, so the kept load is exactly the sum
// over the open jobs, whatever the order of the changes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "core/machine/device_kind.h"
#include "core/strong_id.h"
#include "devices/device.h"
#include "planning/idle_time.h"
#include "planning/location_choice.h"

namespace rx {

struct OpenJob {
  PrescriptionId rx;
  DeviceKind kind = DeviceKind::kChannel;
  std::vector<PickLine> lines;
};

class OpenJobs {
 public:
  using Map = std::map<uint64_t, OpenJob>;

  explicit OpenJobs(const IdleMachines& machines) : machines_(machines) {}

  Map::const_iterator begin() const { return jobs_.begin(); }
  Map::const_iterator end() const { return jobs_.end(); }
  size_t size() const { return jobs_.size(); }
  const OpenJob* find(uint64_t job_id) const;

  void insert(uint64_t job_id, OpenJob job);
  // Removes the job and gives it back; nullopt if it is not open.
  std::optional<OpenJob> take(uint64_t job_id);
  void clear();
  // A pack came out for the prescription of this job: its share is worked out
  // again when the load is next read.
  void packs_out_changed(uint64_t job_id);

  // What the open jobs still have to do. `left(job)` gives the job's lines
  // less the packs already out for them (lines with none left out).
  template <class LeftLines>
  const DeviceLoad& load(LeftLines&& left);
  // A line of a plan being made counts in the load until it is taken away.
  void add_plan_line(const IdleLine& line) { load_.add_plan_line(line, machines_); }
  void remove_plan_line(const IdleLine& line) { load_.remove_plan_line(line, machines_); }

 private:
  IdleMachines machines_;
  Map jobs_;
  DeviceLoad load_;
  std::map<uint64_t, std::vector<IdleLine>> counted_;  // each job's share, as added to load_
  std::set<uint64_t> stale_;                           // jobs whose share is to be worked out again
};

// The lines of a plan being made, counted in the open jobs' load for as long
// as this lives.
class PlanInLoad {
 public:
  explicit PlanInLoad(OpenJobs& jobs) : jobs_(jobs) {}
  PlanInLoad(const PlanInLoad&) = delete;
  PlanInLoad& operator=(const PlanInLoad&) = delete;
  ~PlanInLoad() {
    for (const IdleLine& line : lines_) jobs_.remove_plan_line(line);
  }
  void add(const IdleLine& line) {
    jobs_.add_plan_line(line);
    lines_.push_back(line);
  }

 private:
  OpenJobs& jobs_;
  std::vector<IdleLine> lines_;
};

template <class LeftLines>
const DeviceLoad& OpenJobs::load(LeftLines&& left) {
  for (uint64_t job_id : stale_) {
    auto counted = counted_.find(job_id);
    if (counted != counted_.end()) {
      load_.remove_job(counted->second, machines_);
      counted_.erase(counted);
    }
    auto open = jobs_.find(job_id);
    if (open == jobs_.end()) continue;
    std::vector<IdleLine> lines = left(open->second);
    if (lines.empty()) continue;
    load_.add_job(lines, machines_);
    counted_.emplace(job_id, std::move(lines));
  }
  stale_.clear();
  return load_;
}

}  // namespace rx
