#include "simulation/simulation.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/virtual_scheduler.h"
#include "devices/sim/channel_machine.h"
#include "devices/sim/pick_robot.h"
#include "devices/sim/smart_shelf.h"
#include "planning/idle_time.h"
#include "planning/slotting.h"
#include "service/pharmacy.h"
#include "simulation/sim_metrics.h"
#include "simulation/workload.h"
#include "storage/sqlite/sqlite_store.h"

namespace rx::simulation {
namespace {

const Actor kHis{"his", "simulated-his"};
const Actor kTechnician{"technician", "simulated-refill"};
const Zone kZone = Zone::shanghai();
constexpr double kIntervalS = 600;       // the timeline's step
constexpr double kRetryS = 0.5;          // a pharmacist looks again when the baskets are not yet there
constexpr int kLotShelfLifeDays = 730;   // the run's lots expire two years after its day

Duration duration_of(double seconds) { return Duration{std::llround(seconds * 1000.0)}; }

// A seed of its own for each stream drawn from the run's seed (splitmix64).
uint64_t derive_seed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::string device_name(DeviceKind kind) { return std::string(1, static_cast<char>(kind)); }

class Run;

// Sits between a simulated device and the pharmacy: passes everything on and
// tells the run what went by.
class Tap : public Device, public DeviceListener {
 public:
  Tap(SimDevice& device, Run& run) : device_(device), run_(run) { device_.set_listener(this); }
  DeviceKind kind() const override { return device_.kind(); }
  void set_listener(DeviceListener* listener) override { listener_ = listener; }
  void submit(PickJob job) override;
  void reprioritise(uint64_t job_id, int priority) override { device_.reprioritise(job_id, priority); }
  void cancel(uint64_t job_id) override { device_.cancel(job_id); }
  DeviceStatus status() const override { return device_.status(); }
  // Plans keep off what the device cannot pick from now (a jammed channel, one being refilled).
  bool location_blocked(const LocationCode& location) const override { return device_.location_blocked(location); }
  bool available() const override { return device_.available(); }
  void on_pack_out(const PackOut& pack) override;
  void on_job_state(uint64_t job_id, JobState state, const std::string& detail) override;
  void on_line_failed(const LineFailure& failure) override {
    if (listener_) listener_->on_line_failed(failure);
  }

 private:
  SimDevice& device_;
  Run& run_;
  DeviceListener* listener_ = nullptr;
};

class Run {
 public:
  Run(const Scenario& scenario, const Formulary& formulary, PolicyKind policy, uint64_t seed,
      const SimulationOptions& options)
      : sc_(scenario), formulary_(formulary), policy_(policy), seed_(seed), options_(options) {}

  Result<RunResult> go();

  void on_submit(DeviceKind kind, const PickJob& job);
  void on_pack_out(DeviceKind kind, const PackOut& pack);
  void on_job_state(DeviceKind kind, uint64_t job_id, JobState state);

 private:
  // One location as the technicians see it.
  struct Place {
    StockRow full;  // its lot and capacity
    SimDevice* device = nullptr;
    int pack_depth_mm = 0;
    int on_hand = 0;  // put in (or ordered) minus put out
    bool dirty = false;
  };
  // One workload prescription as the people around it see it.
  struct Patient {
    PrescriptionId id;
    bool paid = false;
    bool handed_over = false;
    int window = 0;
  };
  // A device job as submitted, to tell a faulty pack from a good one.
  struct OpenJob {
    DeviceKind kind = DeviceKind::kChannel;
    PrescriptionId prescription;
    struct LineCount {
      int planned = 0;
      int out = 0;   // packs put out
      int good = 0;  // of those, readable packs of the line's drug
    };
    std::map<std::pair<int, std::string>, LineCount> lines;  // by (item, location)
  };

  Status set_up();
  Result<std::vector<Slot>> layout();
  Status stock_devices(const std::vector<Slot>& slots);
  double now_s() const { return std::chrono::duration<double>(sched_->now() - start_).count(); }
  Instant at_s(double s) const { return start_ + duration_of(s); }
  void trace(DeviceTrace t) {
    if (!options_.trace) return;
    t.at_s = now_s();
    options_.trace(t);
  }

  void schedule_next_payment();
  void on_payment_due(size_t index);
  void pay(size_t index);
  void check_in(size_t index);
  // One prescription due is over: handed over, or refused on its way.
  void settle_one() {
    if (--open_ == 0 && next_payment_ >= workload_.prescriptions.size()) finished_ = true;
  }
  // Gives each patient the service has called to a window a pharmacist.
  void scan_calls();
  void serve(size_t index, const PrescriptionRecord& r);
  void try_hand_over(size_t index);
  void technician_round();
  void sample_busy();
  void report_progress();

  RunResult collect(double wall_s);
  std::vector<PrescriptionSample> samples();
  std::vector<BoundItem> bound_items(const WorkloadPrescription& p) const;

  const Scenario& sc_;
  const Formulary& formulary_;
  PolicyKind policy_;
  uint64_t seed_;
  const SimulationOptions& options_;

  Instant start_{};
  Date day_{};
  std::unique_ptr<VirtualScheduler> sched_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<ChannelMachine> channel_;
  std::unique_ptr<PickRobot> robot_;
  std::unique_ptr<SmartShelf> shelf_;
  std::vector<std::unique_ptr<Tap>> taps_;
  std::unique_ptr<Pharmacy> pharmacy_;
  GeneratedWorkload workload_;

  std::vector<Place> places_;
  std::unordered_map<std::string, size_t> place_by_location_;
  std::vector<size_t> dirty_places_;
  std::map<DrugCode, std::vector<LocationCode>> locations_by_drug_;

  std::vector<Patient> patients_;
  std::unordered_map<long long, size_t> patient_by_id_;
  std::vector<size_t> waiting_;  // checked in, not yet called
  bool scan_posted_ = false;
  std::vector<double> window_free_s_;
  std::vector<std::vector<std::pair<double, double>>> window_busy_;

  std::unordered_map<uint64_t, OpenJob> jobs_;
  long long faulty_packs_out_ = 0;
  long long review_overrides_ = 0;

  std::vector<std::vector<double>> busy_samples_;  // per device (C, R, S), at each interval boundary
  size_t next_payment_ = 0;
  long long open_ = 0;  // prescriptions due or paid and not yet handed over
  long long handed_over_ = 0;
  long long paid_ = 0;
  bool finished_ = false;
  Status store_failure_;  // of a deferred write: the run stops
};

void Tap::submit(PickJob job) {
  run_.on_submit(device_.kind(), job);
  device_.submit(std::move(job));
}

void Tap::on_pack_out(const PackOut& pack) {
  run_.on_pack_out(device_.kind(), pack);
  if (listener_) listener_->on_pack_out(pack);
}

void Tap::on_job_state(uint64_t job_id, JobState state, const std::string& detail) {
  if (listener_) listener_->on_job_state(job_id, state, detail);
  run_.on_job_state(device_.kind(), job_id, state);
}

Result<std::vector<Slot>> Run::layout() {
  SlottingInput input;
  input.formulary = &formulary_;
  input.demand = expected_packs(sc_, workload_.popularity);
  input.channel = sc_.channel;
  input.robot = sc_.robot;
  input.kind = policy_ == PolicyKind::kSmart ? SlottingKind::kByDemand : SlottingKind::kRandom;
  input.seed = derive_seed(seed_, 10);
  return plan_slots(input);
}

Status Run::stock_devices(const std::vector<Slot>& slots) {
  Date expiry = add_days(day_, kLotShelfLifeDays);
  std::vector<StockRow> rows;
  for (const Slot& slot : slots) {
    const Drug* drug = formulary_.find(slot.drug);
    if (drug == nullptr) return Status::invalid(fmt::format("slot {}: unknown drug {}", slot.location.value(), slot.drug.value()), "slots");
    Lot lot{drug->code, LotNo("SIM" + drug->code.value()), expiry};
    StockRow row{lot, slot.location, slot.capacity};
    SimDevice* device = nullptr;
    switch (location_device(slot.location)) {
      case 'C': device = channel_.get(); break;
      case 'R': device = robot_.get(); break;
      case 'S':
      case 'F': device = shelf_.get(); break;
      default: break;
    }
    if (device == nullptr) {
      return Status::invalid(fmt::format("expected a C-, R-, S- or F- location, found \"{}\"", slot.location.value()),
                             "slots");
    }
    TRY(device->load(StockLoad{slot.location, lot, drug->gtin, slot.capacity, drug->pack_d_mm}));
    place_by_location_[slot.location.value()] = places_.size();
    places_.push_back(Place{row, device, drug->pack_d_mm, slot.capacity, false});
    locations_by_drug_[drug->code].push_back(slot.location);
    rows.push_back(row);
  }
  TRY(pharmacy_->open(rows));
  return Status::ok_status();
}

Status Run::set_up() {
  if (!sc_.controller_crashes_s.empty()) {
    return Status::invalid("expected none: the simulation runner does not restart the controller",
                           "controller_crashes");
  }
  day_ = TRY(parse_date(sc_.day));
  start_ = kZone.end_of_day(add_days(day_, -1)) + std::chrono::seconds(sc_.start_s);
  sched_ = std::make_unique<VirtualScheduler>(start_);
  store_ = TRY(SqliteStore::open(options_.database));

  ChannelMachineParams channel = sc_.channel;
  channel.faults = sc_.faults;
  channel.faults.seed = derive_seed(seed_, 1);
  PickRobotParams robot = sc_.robot;
  robot.faults = sc_.faults;
  robot.faults.seed = derive_seed(seed_, 2);
  SmartShelfParams shelf = sc_.shelf;
  shelf.faults = sc_.faults;
  shelf.faults.seed = derive_seed(seed_, 3);
  channel_ = TRY(ChannelMachine::create(*sched_, channel));
  robot_ = TRY(PickRobot::create(*sched_, robot));
  shelf_ = TRY(SmartShelf::create(*sched_, shelf));

  workload_ = TRY(generate_workload(sc_, formulary_, seed_));
  PharmacyConfig config;
  config.zone = kZone;
  config.policy = policy_;
  config.windows = sc_.staff.windows;
  config.release_delay = duration_of(sc_.staff.release_s);
  config.machines = IdleMachines{channel, robot, shelf};
  config.knowledge = options_.knowledge;
  if (options_.write_every) {
    // Nothing outside the run waits for the in-memory store, so the turns' changes are written together.
    config.deferred_commit = DeferredCommit{*options_.write_every, [this](const Status& s) { store_failure_ = s; }};
  }
  pharmacy_ = std::make_unique<Pharmacy>(*sched_, *store_, formulary_, config);

  std::vector<Slot> slots = TRY(layout());
  TRY(stock_devices(slots));
  for (SimDevice* device : {static_cast<SimDevice*>(channel_.get()), static_cast<SimDevice*>(robot_.get()),
                            static_cast<SimDevice*>(shelf_.get())}) {
    taps_.push_back(std::make_unique<Tap>(*device, *this));
    pharmacy_->attach(*taps_.back());
  }
  patients_.resize(workload_.prescriptions.size());
  window_free_s_.assign(static_cast<size_t>(sc_.staff.windows), 0.0);
  window_busy_.resize(static_cast<size_t>(sc_.staff.windows));
  busy_samples_.resize(3);
  return Status::ok_status();
}

// --- The HIS. ---

void Run::schedule_next_payment() {
  if (next_payment_ >= workload_.prescriptions.size()) return;
  size_t index = next_payment_;
  sched_->schedule_at(at_s(workload_.prescriptions[index].paid_s), [this, index] { on_payment_due(index); });
}

Prescription make_prescription(const WorkloadPrescription& w, Date day, Instant at) {
  Prescription rx;
  std::string ymd = format_date(day);
  std::erase(ymd, '-');
  rx.prescription_no = fmt::format("SIM{}-{:06d}", ymd, w.serial);
  rx.issued_at = at;
  rx.visit.type = VisitType::kOutpatient;
  rx.visit.department = "全科医学科";
  rx.patient.id = PatientId(fmt::format("P{:07d}", w.serial));
  rx.patient.name = "模拟患者";
  rx.patient.sex = w.serial % 2 ? "M" : "F";
  rx.patient.birth_date = add_days(day, -(45 * 365));
  rx.patient.weight_kg = 65;
  rx.prescriber = Prescriber{"D0001", "门诊医师"};
  rx.diagnoses = {Diagnosis{"I10", "高血压"}};
  for (const auto& item : w.items) {
    Item it;
    it.drug = item.drug;
    it.frequency = Frequency::kQd;
    it.days = 7;
    it.quantity = Quantity::whole(item.packs, Unit::kPack);
    rx.items.push_back(std::move(it));
  }
  return rx;
}

void Run::on_payment_due(size_t index) {
  ++next_payment_;
  ++open_;
  schedule_next_payment();
  const WorkloadPrescription& w = workload_.prescriptions[index];
  pharmacy_->create(make_prescription(w, day_, sched_->now()), kHis, [this, index](Result<Pharmacy::Created> c) {
    if (!c.ok()) {
      spdlog::warn("simulation: prescription {} refused: {}", workload_.prescriptions[index].serial,
                   c.status().to_string());
      settle_one();
      return;
    }
    PrescriptionId id = c->record->id;
    patients_[index].id = id;
    patient_by_id_[id.value()] = index;
    if (c->record->status != RxStatus::kBlocked) return pay(index);
    // Review comes before payment: the pharmacist resolves the block first.
    ++review_overrides_;
    pharmacy_->override_block(id, "已与开方医师确认", Actor{"pharmacist", "reviewer"},
                              [this, index](Result<const PrescriptionRecord*> r) {
                                if (!r.ok()) {
                                  spdlog::warn("simulation: override refused: {}", r.status().to_string());
                                  settle_one();
                                  return;
                                }
                                pay(index);
                              });
  });
}

void Run::pay(size_t index) {
  pharmacy_->pay(patients_[index].id, sched_->now(), kHis, [this, index](Result<const PrescriptionRecord*> r) {
    if (!r.ok()) {
      spdlog::warn("simulation: payment refused: {}", r.status().to_string());
      settle_one();
      return;
    }
    patients_[index].paid = true;
    ++paid_;
    sched_->schedule_after(duration_of(workload_.prescriptions[index].walk_s), [this, index] { check_in(index); });
  });
}

void Run::check_in(size_t index) {
  pharmacy_->check_in(patients_[index].id, kHis, [this, index](Result<const PrescriptionRecord*> r) {
    if (!r.ok()) {
      spdlog::warn("simulation: check-in refused: {}", r.status().to_string());
      return;
    }
    waiting_.push_back(index);
    scan_calls();
  });
}

// --- The pharmacists at the windows. ---

void Run::scan_calls() {
  if (scan_posted_) return;
  scan_posted_ = true;
  // After what the loop has queued now, so that the service has called whom it calls.
  sched_->post([this] {
    scan_posted_ = false;
    std::erase_if(waiting_, [this](size_t index) {
      const PrescriptionRecord* r = pharmacy_->find(patients_[index].id);
      if (r == nullptr || !r->window || !r->called_at) return false;
      serve(index, *r);
      return true;
    });
  });
}

void Run::serve(size_t index, const PrescriptionRecord& r) {
  Patient& p = patients_[index];
  p.window = *r.window;
  auto w = static_cast<size_t>(p.window - 1);
  double baskets_s = std::chrono::duration<double>(*r.called_at - start_).count() + sc_.staff.release_s;
  // The service starts when the patient, the baskets and the pharmacist are all there.
  double from = std::max({now_s(), baskets_s, w < window_free_s_.size() ? window_free_s_[w] : 0.0});
  double until = from + workload_.prescriptions[index].service_s;
  if (w < window_free_s_.size()) {
    window_free_s_[w] = until;
    window_busy_[w].emplace_back(from, until);
  }
  sched_->schedule_at(at_s(until), [this, index] { try_hand_over(index); });
  // The pharmacist tells the service when the last few seconds begin, so that
  // the next baskets can be on their way; no earlier than the scenario allows.
  double early_s = std::min(sc_.staff.release_s, sc_.staff.early_release_max_s);
  if (early_s <= 0) return;
  int window = p.window;
  sched_->schedule_at(at_s(std::max(from, until - early_s)), [this, window] {
    pharmacy_->window_closing(window, [window](Status s) {
      if (!s.ok()) spdlog::warn("simulation: window {} closing refused: {}", window, s.to_string());
    });
  });
}

void Run::try_hand_over(size_t index) {
  const PrescriptionRecord* r = pharmacy_->find(patients_[index].id);
  if (r != nullptr && r->status == RxStatus::kReady && !r->at_window) {
    sched_->schedule_after(duration_of(kRetryS), [this, index] { try_hand_over(index); });
    return;
  }
  bool high_alert = r != nullptr && r->high_alert;
  Actor pharmacist{"pharmacist", fmt::format("window-{}", patients_[index].window)};
  pharmacy_->hand_over(patients_[index].id, high_alert, pharmacist, [this, index](Result<const PrescriptionRecord*> r) {
    if (!r.ok()) {
      spdlog::warn("simulation: hand-over of prescription {} refused: {}", patients_[index].id.value(),
                   r.status().to_string());
      sched_->schedule_after(duration_of(kRetryS), [this, index] { try_hand_over(index); });
      return;
    }
    patients_[index].handed_over = true;
    ++handed_over_;
    settle_one();
    scan_calls();
  });
}

// --- The devices, as the taps see them. ---

void Run::on_submit(DeviceKind kind, const PickJob& job) {
  OpenJob open{kind, job.prescription, {}};
  for (const auto& line : job.lines) open.lines[{line.item, line.location.value()}].planned += line.packs;
  jobs_[job.job_id] = std::move(open);
  trace(DeviceTrace{DeviceTrace::What::kSubmitted, 0, kind, job.job_id, job.prescription, JobState::kQueued, {}});
}

void Run::on_pack_out(DeviceKind kind, const PackOut& pack) {
  if (auto it = place_by_location_.find(pack.location.value()); it != place_by_location_.end()) {
    Place& place = places_[it->second];
    --place.on_hand;
    if (!place.dirty) {
      place.dirty = true;
      dirty_places_.push_back(it->second);
    }
  }
  PrescriptionId prescription;
  if (auto it = jobs_.find(pack.job_id); it != jobs_.end()) {
    prescription = it->second.prescription;
    auto& count = it->second.lines[{pack.item, pack.location.value()}];
    ++count.out;
    // A pack the scanner cannot read, of another drug, or beyond the line's
    // count of good packs. An extra pack that follows an unreadable one is
    // no fault: it takes the place of the pack verification set aside.
    bool faulty = pack.code.empty();
    if (!faulty) {
      const PrescriptionRecord* r = pharmacy_->find(prescription);
      const Drug* drug = r && pack.item < static_cast<int>(r->rx.items.size()) ? formulary_.find(r->rx.items[pack.item].drug)
                                                                               : nullptr;
      faulty = drug == nullptr || pack.code.find(drug->gtin) == std::string::npos;
    }
    if (!faulty) faulty = ++count.good > count.planned;
    if (faulty) ++faulty_packs_out_;
  }
  trace(DeviceTrace{DeviceTrace::What::kPack, 0, kind, pack.job_id, prescription, JobState::kInProcess, pack.location});
}

void Run::on_job_state(DeviceKind kind, uint64_t job_id, JobState state) {
  PrescriptionId prescription;
  if (auto it = jobs_.find(job_id); it != jobs_.end()) {
    prescription = it->second.prescription;
    if (state != JobState::kQueued && state != JobState::kInProcess) jobs_.erase(it);
  }
  trace(DeviceTrace{DeviceTrace::What::kState, 0, kind, job_id, prescription, state, {}});
  scan_calls();
}

// --- The refill technicians. ---

void Run::technician_round() {
  if (finished_) return;
  for (const SuspectLocation& s : pharmacy_->suspect_locations()) {
    // The technician takes the wrong boxes out and clears the location.
    pharmacy_->clear_suspect(s.location, kTechnician, [](Status) {});
  }
  std::vector<StockRow> rows;
  auto refill = [&](Place& place) {
    int packs = place.full.quantity - place.on_hand;
    StockLoad load{place.full.location, place.full.lot, formulary_.find(place.full.lot.drug)->gtin, packs,
                   place.pack_depth_mm};
    Status s = place.device == channel_.get() ? channel_->refill(load) : place.device->load(load);
    if (!s.ok()) {
      spdlog::warn("simulation: refill of {} refused: {}", place.full.location.value(), s.to_string());
      return;
    }
    place.on_hand += packs;
    StockRow row = place.full;
    row.quantity = packs;
    rows.push_back(row);
  };
  std::vector<size_t> channels_low;
  for (size_t i : dirty_places_) {
    Place& place = places_[i];
    place.dirty = false;
    if (place.on_hand * 100.0 >= sc_.replenishment.threshold_pct * place.full.quantity) continue;
    if (place.device == channel_.get()) {
      channels_low.push_back(i);
    } else {
      refill(place);
    }
  }
  dirty_places_.clear();
  // A channel cannot eject while it is loaded, and plans avoid a channel with a
  // refill ordered: so the technicians take one only when they can start it at
  // once, emptiest first, and leave a channel alone while boxes planned from it
  // are still to come out. The others wait for a later round.
  std::set<std::string> busy_channels;
  for (const auto& [job_id, job] : jobs_) {
    for (const auto& [line, counts] : job.lines) {
      if (counts.out < counts.planned) busy_channels.insert(line.second);
    }
  }
  std::stable_sort(channels_low.begin(), channels_low.end(), [this](size_t a, size_t b) {
    return places_[a].on_hand * places_[b].full.quantity < places_[b].on_hand * places_[a].full.quantity;
  });
  for (size_t i : channels_low) {
    Place& place = places_[i];
    if (channel_->refills_open() < sc_.channel.refill_technicians &&
        !busy_channels.contains(place.full.location.value())) {
      refill(place);
      continue;
    }
    place.dirty = true;
    dirty_places_.push_back(i);
  }
  if (!rows.empty()) {
    pharmacy_->restock(rows, kTechnician, [](Status s) {
      if (!s.ok()) spdlog::warn("simulation: restock refused: {}", s.to_string());
    });
  }
  sched_->schedule_after(duration_of(sc_.replenishment.round_s), [this] { technician_round(); });
}

void Run::sample_busy() {
  busy_samples_[0].push_back(channel_->status().busy_seconds);
  busy_samples_[1].push_back(robot_->status().busy_seconds);
  busy_samples_[2].push_back(shelf_->status().busy_seconds);
  if (finished_) return;
  sched_->schedule_after(duration_of(kIntervalS), [this] { sample_busy(); });
}

void Run::report_progress() {
  if (finished_ || !options_.progress) return;
  options_.progress(now_s(), handed_over_, paid_);
  sched_->schedule_after(duration_of(options_.progress_every_s), [this] { report_progress(); });
}

// --- The run. ---

Result<RunResult> Run::go() {
  auto wall_start = std::chrono::steady_clock::now();
  TRY(set_up());
  finished_ = workload_.prescriptions.empty();
  schedule_next_payment();
  sample_busy();
  sched_->schedule_after(duration_of(sc_.replenishment.round_s), [this] { technician_round(); });
  sched_->schedule_after(duration_of(options_.progress_every_s), [this] { report_progress(); });
  double last_payment = workload_.prescriptions.empty() ? 0 : workload_.prescriptions.back().paid_s;
  Instant cap = at_s(last_payment + options_.max_overrun_s);
  uint64_t tasks = 0;
  while (!finished_ && store_failure_.ok() && tasks < options_.max_tasks && sched_->now() <= cap && sched_->step()) {
    ++tasks;
  }
  if (store_failure_.ok()) store_failure_ = pharmacy_->write_deferred();
  if (!store_failure_.ok()) {
    return Status(store_failure_.code(),
                  fmt::format("simulation stopped at {:.0f} s: {}", now_s(), store_failure_.message()));
  }
  if (!finished_) {
    spdlog::warn("simulation: stopped at {:.0f} s with {} prescriptions not handed over", now_s(), open_);
  }
  finished_ = true;
  sample_busy();
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return collect(wall_s);
}

std::vector<BoundItem> Run::bound_items(const WorkloadPrescription& p) const {
  std::vector<BoundItem> items;
  for (const auto& item : p.items) {
    const Drug* drug = formulary_.find(item.drug);
    auto it = locations_by_drug_.find(item.drug);
    items.push_back(BoundItem{item.packs, drug != nullptr && drug->storage == Storage::kCold,
                              it == locations_by_drug_.end() ? std::vector<LocationCode>{} : it->second});
  }
  return items;
}

std::vector<PrescriptionSample> Run::samples() {
  auto secs = [this](Instant t) { return std::chrono::duration<double>(t - start_).count(); };
  IdleBoundCache bound_cache(IdleMachines{sc_.channel, sc_.robot, sc_.shelf});
  std::map<std::vector<std::pair<std::string, int>>, double> bounds;
  std::vector<PrescriptionSample> out;
  for (size_t i = 0; i < patients_.size(); ++i) {
    const PrescriptionRecord* r = patients_[i].paid ? pharmacy_->find(patients_[i].id) : nullptr;
    if (r == nullptr || !r->paid_at) continue;
    PrescriptionSample s;
    s.id = r->id.value();
    s.paid_s = secs(*r->paid_at);
    if (r->ready_at) s.ready_s = secs(*r->ready_at);
    s.arrived_s = r->checked_in_at ? secs(*r->checked_in_at) : -1;
    if (r->handed_over_at) s.handed_over_s = secs(*r->handed_over_at);
    s.packs = r->packs_verified();
    s.channel_only = !r->plan.empty() && std::all_of(r->plan.begin(), r->plan.end(), [](const PlannedLine& l) {
      return l.device == DeviceKind::kChannel;
    });
    // Popular prescriptions repeat (one item of a top drug), and the bound depends only on the items.
    std::vector<std::pair<std::string, int>> key;
    for (const auto& item : workload_.prescriptions[i].items) key.emplace_back(item.drug.value(), item.packs);
    auto [known, fresh] = bounds.try_emplace(std::move(key), 0.0);
    if (fresh) {
      auto bound = bound_cache.bound(bound_items(workload_.prescriptions[i]));
      if (bound.ok()) {
        known->second = bound->seconds;
      } else {
        spdlog::warn("simulation: no lower bound for prescription {}: {}", s.id, bound.status().to_string());
      }
    }
    s.lower_bound_s = known->second;
    out.push_back(s);
  }
  return out;
}

RunResult Run::collect(double wall_s) {
  RunResult result;
  result.scenario = sc_.name;
  result.policy = std::string(policy_name(policy_));
  result.seed = seed_;
  result.samples = samples();
  double run_s = now_s();
  Metrics& m = result.metrics;
  fill_sample_metrics(result.samples, run_s, m);

  std::vector<BusySeries> busy;
  const std::array<DeviceKind, 3> kinds{DeviceKind::kChannel, DeviceKind::kRobot, DeviceKind::kShelf};
  for (size_t d = 0; d < kinds.size(); ++d) busy.push_back(BusySeries{device_name(kinds[d]), busy_samples_[d], {}});
  for (size_t w = 0; w < window_busy_.size(); ++w) {
    busy.push_back(BusySeries{fmt::format("window {}", w + 1), {}, window_busy_[w]});
  }
  for (const BusySeries& series : busy) {
    double pct = busy_pct(series, run_s);
    m.utilisation.push_back(Utilisation{series.resource, pct});
    if (m.busiest_resource.empty() || pct > m.busiest_resource_load_pct) {
      m.busiest_resource = series.resource;
      m.busiest_resource_load_pct = pct;
    }
  }
  result.timeline = build_timeline(result.samples, busy, run_s, kIntervalS);

  FaultCounts faults[] = {channel_->faults_injected(), robot_->faults_injected(), shelf_->faults_injected()};
  for (const FaultCounts& f : faults) m.device_faults += static_cast<long long>(f.jams + f.grip_fails);
  m.faults_injected = faulty_packs_out_;

  // Safety, from the records.
  std::set<std::pair<std::string, std::string>> serials;
  for (size_t i = 0; i < patients_.size(); ++i) {
    const Patient& p = patients_[i];
    const PrescriptionRecord* r = p.id.value() != 0 ? pharmacy_->find(p.id) : nullptr;
    if (r == nullptr) {
      ++m.lost_prescriptions;
      continue;
    }
    for (const auto& pack : r->packs) {
      if (!pack.verified) ++m.faults_caught;
    }
    if (r->status != RxStatus::kHandedOver) {
      ++m.lost_prescriptions;
      continue;
    }
    for (const auto& pack : r->packs) {
      if (!pack.verified) continue;
      bool planned_drug = pack.item >= 0 && pack.item < static_cast<int>(r->rx.items.size()) &&
                          r->rx.items[pack.item].drug == pack.pack.drug;
      if (!planned_drug) ++m.wrong_packs_handed_over;
      if (!serials.insert({pack.pack.gtin, pack.pack.serial}).second) ++m.duplicate_dispenses;
    }
  }
  m.review_overrides = review_overrides_;
  m.wall_s = wall_s;
  return result;
}

}  // namespace

Result<RunResult> run_simulation(const Scenario& scenario, const Formulary& formulary, PolicyKind policy,
                                 uint64_t seed, const SimulationOptions& options) {
  Run run(scenario, formulary, policy, seed, options);
  return run.go();
}

}  // namespace rx::simulation
