// SimDevice: what the simulated devices share. It owns the queue of waiting
// jobs, the device's slots (what a job holds while in process: a bucket, the
// gripper, a technician), the status counters and the posting of listener
// calls; each device models only how a started job goes.
//
// A device is driven only by a Scheduler, so it runs in virtual or in real
// time, and it must outlive the tasks it has scheduled. Listener calls never
// happen inside submit, reprioritise or cancel: they are posted to the
// scheduler.
//
// Stock: a device knows the packs at the locations it was loaded with, and a
// pack put out from such a location is the one physically there (its GTIN, lot
// and expiry, with a serial from the device's counter). A location it was never
// loaded with is taken on trust: its packs are what the job line says.
// Faults: each device draws them from its own stream seeded by its FaultRates.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/machine/fault_rates.h"
#include "core/result.h"
#include "core/scheduler.h"
#include "devices/device.h"
#include "devices/sim/busy_time.h"
#include "devices/sim/job_queue.h"
#include "devices/sim/location_stock.h"
#include "devices/sim/pack_code_source.h"
#include "devices/sim/sim_random.h"
#include "devices/sim/stock_load.h"

namespace rx {

// Faults a device has drawn so far (machine-model.md's table).
struct FaultCounts {
  uint64_t jams = 0;          // C: a box stuck in its channel
  uint64_t double_drops = 0;  // C: a second box put out with the first
  uint64_t wrong_loads = 0;   // C: a box of another drug refilled into a channel
  uint64_t unreadable = 0;    // C, R, S: a pack put out with a code the scanner cannot read
  uint64_t grip_fails = 0;    // R: a grip that missed (retried or not)
};

class SimDevice : public Device {
 public:
  DeviceKind kind() const override { return kind_; }
  void set_listener(DeviceListener* listener) override { listener_ = listener; }
  // Queues the job. It is rejected (kRejected, naming the line and field) unless
  // it has lines, each at a location of this device with at least one pack.
  // A job id already queued or in process here is a resend and is ignored.
  void submit(PickJob job) override;
  // Changes a queued job's priority; a job already in process keeps its place.
  void reprioritise(uint64_t job_id, int priority) override;
  // Ends a queued or in-process job with kAborted; what becomes of the packs of
  // a job in process depends on the device.
  void cancel(uint64_t job_id) override;
  // state is "ok", or "fault: " and what is wrong now (a jammed channel).
  DeviceStatus status() const override;
  // Puts packs at one of this device's locations at once. Invalid, naming the
  // field, unless the location is this device's, packs >= 1 and gtin is set.
  virtual Status load(const StockLoad& load);
  // Once the device mirrors the record (below): packs put at one of its
  // locations are loaded there, packs taken away are removed. Ignored before.
  void stock_changed(const StockChange& change) override;
  // Loads `loads` (what the service has on record at this device's locations;
  // loads at other locations are skipped) and from then on follows the stock
  // changes the service reports. Without it the device ignores them, as a
  // simulation that loads its devices itself needs. Loads all it can; the
  // first load refused, as load refuses it.
  Status mirror_recorded_stock(const std::vector<StockLoad>& loads);
  // The packs at the device's locations now, one row per location and lot.
  std::vector<StockRow> stock() const { return stock_.rows(); }
  // Every lot the device was loaded with: packs in, out and on hand.
  std::vector<LotAccount> stock_accounts() const { return stock_.accounts(); }
  // After a restart: continue the pack serials after the highest of
  // `serials` that this device printed before.
  void continue_serials(const std::vector<std::string>& serials);
  FaultCounts faults_injected() const { return fault_counts_; }

 protected:
  // `name` is the status name and the serial prefix; `slots` jobs can be in process at once.
  SimDevice(Scheduler& scheduler, DeviceKind kind, std::string name, int slots, const FaultRates& faults);

  // Whether `location` names a place of this device.
  virtual bool has_location(const LocationCode& location) const = 0;
  // The locations this device has, for the rejection message ("C-SS-CC with …").
  virtual std::string expected_location() const = 0;
  // Whether a job with `job_id` is in process (not yet ended) here.
  virtual bool in_process(uint64_t job_id) const = 0;
  // Starts `job` on a slot just taken for it; it must call job_started.
  virtual void start(PickJob job) = 0;
  // Ends the job in process with `job_id`, if there is one; it must call job_cancelled.
  virtual void cancel_in_process(uint64_t job_id) = 0;

  // What is wrong with the device now ("channel C-01-05 jammed"), or empty.
  virtual std::string fault_state() const { return {}; }

  Scheduler& scheduler() const { return scheduler_; }
  const FaultRates& faults() const { return faults_; }
  SimRandom& random() { return random_; }
  LocationStock& locations() { return stock_; }
  FaultCounts& fault_counts() { return fault_counts_; }
  const LocationStock& locations() const { return stock_; }
  // Gives back a slot and starts the next queued job on it, after what is posted.
  void free_slot();
  // Reports the job kInProcess and counts it busy from now.
  void job_started(uint64_t job_id);
  // Reports the job kCompleted, or kIncomplete listing its failed lines, and
  // ends its busy time now.
  void job_completed(uint64_t job_id);
  // Reports the job kAborted after `reported` of its `planned` packs and ends its busy time now.
  void job_cancelled(uint64_t job_id, int reported, int planned);
  // Takes one pack of `line` from its location: of the line's lot if `by_lot`
  // and there, else the front one. nullopt if the location is tracked and empty;
  // the line's own pack if it is untracked.
  std::optional<StockedPack> take_pack(const PickLine& line, bool by_lot);
  // `pack`, put out for job `job_id`'s `line`, with a new code (empty if the
  // unreadable fault strikes); counted as put out.
  PackOut pack_out(uint64_t job_id, const PickLine& line, const StockedPack& pack);
  // `packs` of job `job_id`'s line `index` will not come out, for `reason`:
  // tells the listener (posted) and marks the job incomplete.
  void line_failed(uint64_t job_id, size_t index, const PickLine& line, int packs, const std::string& reason);
  // Tells the listener about `pack` at once. Call it last: the listener may cancel the job.
  void report_pack(const PackOut& pack);

 private:
  Status check_job(const PickJob& job) const;
  void request_dispatch();
  void dispatch();
  void notify_state(uint64_t job_id, JobState state, std::string detail);

  Scheduler& scheduler_;
  FaultRates faults_;
  SimRandom random_;
  LocationStock stock_;
  bool mirrors_record_ = false;  // follows stock_changed
  std::map<uint64_t, std::vector<std::string>> failures_;  // by job id: its failed lines, for the final detail
  DeviceKind kind_;
  std::string name_;
  int free_slots_;
  DeviceListener* listener_ = nullptr;
  JobQueue queue_;
  bool dispatch_posted_ = false;
  PackCodeSource codes_;
  uint64_t packs_out_ = 0;
  BusyTime busy_;
  FaultCounts fault_counts_;
};

}  // namespace rx
