#include "devices/device.h"

namespace rx {

const char* job_state_name(JobState s) {
  switch (s) {
    case JobState::kQueued: return "queued";
    case JobState::kInProcess: return "in_process";
    case JobState::kCompleted: return "completed";
    case JobState::kIncomplete: return "incomplete";
    case JobState::kRejected: return "rejected";
    case JobState::kAborted: return "aborted";
  }
  return "queued";
}

}  // namespace rx
