// Location choice under the smart policy: within the lot FEFO chose, which of
// its locations supply a line's packs. Pure: the devices' load comes in as data.
//
// Pack by pack, each goes where it would reach the ready buffer soonest:
// - a channel: once the collector has a bucket for the job (when every
//   bucket is taken, after the open channel jobs' bucket time shared over the
//   buckets, counted kBucketWaitWeight times), after the boxes already
//   waiting at that channel, and no sooner
//   than its shelf's waiting boxes allow (max_ejecting_per_shelf at once),
//   then its belt, the drop and the conveyor; so a line's packs spread over
//   channels of the drug on different shelves and eject in parallel, unless a
//   channel near the collector brings them out sooner one after another;
// - the robot or the smart shelf: after the work queued there, the idle time of
//   the packs chosen there so far plus this one.
// Ties keep FEFO's order of the places (channel machine first).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "inventory/fefo.h"
#include "planning/idle_time.h"
#include "planning/one_box_times.h"

namespace rx {

// What the devices still have to do, as far as the service knows: filled from
// its open jobs (the packs not yet out), and grown as a plan is made. Times
// are whole milliseconds, as the idle times are, so that taking away what was
// added leaves exactly what was there: the service keeps one load and changes
// it job by job rather than adding up every open job again.
struct DeviceLoad {
  std::map<std::string, int> channel_boxes;  // boxes not yet out, by channel location (none: no entry)
  int channel_jobs = 0;                      // open channel-machine jobs
  Duration bucket{0};                        // their bucket time: idle time less the conveyor
  Duration robot{0};                         // gripper time queued on the robot
  Duration shelf{0};                         // technician time queued on the smart shelf, all technicians

  // Adds a job's lines still to be picked (all on one device). Lines of no
  // device are left out.
  void add_job(const std::vector<IdleLine>& lines, const IdleMachines& machines);
  // Takes away what add_job(lines, machines) added.
  void remove_job(const std::vector<IdleLine>& lines, const IdleMachines& machines);
  // Adds a line of the plan being made: on the channel machine it joins the
  // plan's own job, so it takes no bucket of its own.
  void add_plan_line(const IdleLine& line, const IdleMachines& machines);
  // Takes away what add_plan_line(line, machines) added.
  void remove_plan_line(const IdleLine& line, const IdleMachines& machines);
  // How long a new channel-machine job waits for a bucket, in seconds.
  double bucket_wait_s(const IdleMachines& machines) const;
  double robot_s() const;
  double shelf_s() const;

  bool operator==(const DeviceLoad&) const = default;

 private:
  void change_job(const std::vector<IdleLine>& lines, const IdleMachines& machines, int sign);
  void change_boxes(const std::string& location, int boxes);
};

// How much a wait for a bucket counts against a channel: the new job then
// holds a bucket too, so every channel job planned after it waits longer.
// Without the weight, bursts of channel jobs queue for the buckets while the
// robot could take their lines (peak-hour, docs/performance.md: channel p95
// 12.4 -> 11.5 s on seed 6, 12.8 -> 11.9 s on seed 7).
inline constexpr double kBucketWaitWeight = 1.5;

// How many of `packs` each of `places` (one lot's locations, in FEFO's order,
// with their available packs) gives, read beside `places`; the counts never
// pass a place's available packs, and add up to `packs` or to all there is.
std::vector<int> choose_locations(const std::vector<LotPlace>& places, int packs, const DeviceLoad& load,
                                  const IdleMachines& machines);
// The same, with the one-box times of the channels kept in `one_box_times`
// (whose machines are the ones planned for) from one plan to the next.
std::vector<int> choose_locations(const std::vector<LotPlace>& places, int packs, const DeviceLoad& load,
                                  OneBoxTimes& one_box_times);

}  // namespace rx
