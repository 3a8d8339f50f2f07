// ResourceLoad: the whole run's lower bound of machine-model.md, the busiest
// resource's work divided by its capacity. Pure: work comes in as data.
//
// Work counted per resource (seconds, at each device's speed):
// - a channel: eject_s per box (one box at a time);
// - a channel-machine shelf: eject_s per box, max_ejecting_per_shelf at once;
// - the collector's buckets: a job holds one from its start to its last drop,
//   at least its idle time less the conveyor; `buckets` at once;
// - the robot's gripper: a job's idle time less the chute; one at a time;
// - the smart shelf's technicians: a job's idle time; `technicians` at once;
// - the windows: each patient's service time; `windows` at once.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "planning/idle_time.h"

namespace rx {

struct ResourceLoad {
  std::string resource;  // "C-03" (a shelf), "C-03-24" (a channel), "C buckets", "R gripper", "S technicians", "windows"
  double work_s = 0;
  int capacity = 1;      // units of the resource working at once
  double load_pct = 0;   // work_s / capacity / span * 100
};

class RunLoad {
 public:
  RunLoad(IdleMachines machines, int windows) : machines_(std::move(machines)), windows_(windows) {}

  // Adds one device job (its lines on one device, as idle_job_time takes them);
  // the error idle_job_time gives otherwise.
  Status add_job(const std::vector<IdleLine>& lines);
  // Adds one patient's service at a window.
  void add_window_service(double seconds) { window_s_ += seconds; }
  // Every resource with work, busiest first (ties by name), over a run of
  // `span_s` seconds; empty if span_s <= 0.
  std::vector<ResourceLoad> loads(double span_s) const;

 private:
  IdleMachines machines_;
  int windows_;
  std::map<std::string, double> channel_s_;  // by channel location
  std::map<std::string, double> shelf_s_;    // by shelf ("C-03")
  double buckets_s_ = 0;
  double gripper_s_ = 0;
  double technicians_s_ = 0;
  double window_s_ = 0;
};

}  // namespace rx
