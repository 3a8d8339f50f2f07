#include "service/open_jobs.h"

namespace rx {

const OpenJob* OpenJobs::find(uint64_t job_id) const {
  auto it = jobs_.find(job_id);
  return it == jobs_.end() ? nullptr : &it->second;
}

void OpenJobs::insert(uint64_t job_id, OpenJob job) {
  jobs_.insert_or_assign(job_id, std::move(job));
  stale_.insert(job_id);
}

std::optional<OpenJob> OpenJobs::take(uint64_t job_id) {
  auto it = jobs_.find(job_id);
  if (it == jobs_.end()) return std::nullopt;
  OpenJob job = std::move(it->second);
  jobs_.erase(it);
  // A share never added has nothing to take away.
  if (counted_.count(job_id)) {
    stale_.insert(job_id);
  } else {
    stale_.erase(job_id);
  }
  return job;
}

void OpenJobs::clear() {
  jobs_.clear();
  load_ = DeviceLoad();
  counted_.clear();
  stale_.clear();
}

void OpenJobs::packs_out_changed(uint64_t job_id) {
  if (jobs_.count(job_id)) stale_.insert(job_id);
}

}  // namespace rx
