// Device: what the service asks of any dispensing machine, real or simulated.
// A job is one prescription's lines on one device; the device reports every
// pack it puts out (with the pack's scanned code) and when the job's baskets
// reach the ready buffer.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/machine/device_kind.h"
#include "core/result.h"
#include "core/stock.h"
#include "core/strong_id.h"

namespace rx {

struct PickLine {
  int item = 0;  // index into the prescription's items
  DrugCode drug;
  std::string gtin;
  LotNo lot;
  Date expiry;
  LocationCode location;
  int packs = 0;
  bool cold = false;  // fridge item (shelf path plus the fridge detour)
};

struct PickJob {
  uint64_t job_id = 0;  // unique per service, stable across restarts
  PrescriptionId prescription;
  int priority = 0;     // higher goes first among queued jobs
  std::vector<PickLine> lines;
  Instant due{};        // among jobs of one priority, the earliest due goes first
};

enum class JobState { kQueued, kInProcess, kCompleted, kIncomplete, kRejected, kAborted };
const char* job_state_name(JobState s);

struct PackOut {
  uint64_t job_id = 0;
  int item = 0;
  LocationCode location;
  // As scanned on the way out: GS1 element string with GS separators. Empty
  // when the scanner could not read the pack's code: the pack is out all the
  // same, and verification must set it aside.
  std::string code;
};

// Packs of one job line that a device gave up on before the job ended.
struct LineFailure {
  uint64_t job_id = 0;
  int item = 0;
  LocationCode location;
  int packs = 0;       // packs of the line that will not come out of this device
  std::string reason;  // "channel C-01-05 jammed", "gripper failed twice: pick by hand", "bin S-02-07 empty"
};

class DeviceListener {
 public:
  virtual ~DeviceListener() = default;
  virtual void on_pack_out(const PackOut& pack) = 0;
  // Every basket of the job is in the ready buffer (kCompleted), or the job
  // ended otherwise.
  virtual void on_job_state(uint64_t job_id, JobState state, const std::string& detail) = 0;
  // A line failed while its job goes on, so that its packs can be picked
  // elsewhere at once. The job then ends kIncomplete, whose detail lists every
  // failed line; a listener that ignores this call still learns of them there.
  virtual void on_line_failed(const LineFailure& failure) { (void)failure; }
  // The device stopped answering long enough to be counted offline
  // (available false, `why` says what failed), or it answers again.
  virtual void on_availability(DeviceKind kind, bool available, const std::string& why) {
    (void)kind;
    (void)available;
    (void)why;
  }
};

// One pack put into a device's stock through its input point.
struct StockInputPack {
  std::string scan_code;        // as scanned; the device tells the drug from it
  LotNo lot;                    // empty: the device reads it from the code or the delivery
  std::optional<Date> expiry;   // likewise
  std::string delivery_number;  // of an announced delivery; empty for none
  int width_mm = 0, height_mm = 0, depth_mm = 0;  // 0: the device measures the pack
};

// What became of one pack of a stock input.
struct StockInputOutcome {
  size_t index = 0;       // into the packs of the request
  bool stored = false;
  DrugCode drug;          // as the device identified it
  LotNo lot;
  std::optional<Date> expiry;
  LocationCode location;  // where it was stored; empty if the device does not say
  std::string detail;     // why it was not stored
};
using StockInputDone = std::function<void(Result<std::vector<StockInputOutcome>>)>;

// A delivery announced to a device before its packs come to the input point.
struct DeliveryLine {
  DrugCode drug;
  LotNo lot;
  Date expiry;
  int packs = 0;  // at most this many go in; 0: no limit
};
struct DeliveryNotice {
  std::string delivery_number;
  std::vector<DeliveryLine> lines;
};

// Packs of one lot put at, or taken by hand from, one location of a device.
struct StockChange {
  LocationCode location;
  Lot lot;
  std::string gtin;       // printed on the packs
  int packs = 0;          // > 0 put there, < 0 taken away
  int pack_depth_mm = 0;  // the box's depth (Drug::pack_d_mm)
};

struct DeviceStatus {
  std::string name;
  DeviceKind kind = DeviceKind::kChannel;
  int queued_jobs = 0;
  int active_jobs = 0;
  uint64_t packs_out = 0;
  double busy_seconds = 0;  // time any part of the device was working
  std::string state = "ok"; // "ok", "fault: …"
};

class Device {
 public:
  virtual ~Device() = default;
  virtual DeviceKind kind() const = 0;
  virtual void set_listener(DeviceListener* listener) = 0;
  // Queues a job. Lines must all belong to this device's locations.
  virtual void submit(PickJob job) = 0;
  // Raises the priority of a queued job (the patient has arrived).
  virtual void reprioritise(uint64_t job_id, int priority) = 0;
  // Stops what is not yet picked; the packs already out stay reported.
  virtual void cancel(uint64_t job_id) = 0;
  virtual DeviceStatus status() const = 0;
  // Whether the device cannot pick from `location` now (a jammed channel), so
  // that plans take the packs from elsewhere until it is cleared.
  virtual bool location_blocked(const LocationCode& location) const {
    (void)location;
    return false;
  }
  // False while the device is offline: plans leave it out, and the jobs it
  // holds move to other devices.
  virtual bool available() const { return true; }
  // Takes packs in through the device's input point and calls `done` once,
  // with each pack's outcome, when the device has put them away; an error if
  // the device refused the whole input. `input_id` names the input across
  // resends. A device without an input refuses (unavailable), possibly
  // before this returns.
  virtual void stock_input(uint64_t input_id, std::vector<StockInputPack> packs, StockInputDone done) {
    (void)input_id;
    (void)packs;
    done(Status::unavailable("this device takes no stock through an input point"));
  }
  // Packs put at, or taken by hand from, one of this device's locations (a
  // stock-in, a refill, a removal, a stocktake correction), already on the
  // service's record. A device that keeps its own account of its stock
  // follows it, so that it can put out the packs put there; others ignore it.
  virtual void stock_changed(const StockChange& change) { (void)change; }
  // Tells the device of a delivery before its packs arrive; `done` says
  // whether it accepted. A device that needs no notice refuses (unavailable).
  virtual void announce_delivery(DeliveryNotice notice, std::function<void(Status)> done) {
    (void)notice;
    done(Status::unavailable("this device takes no delivery notices"));
  }
};

}  // namespace rx
