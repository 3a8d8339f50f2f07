// PrescriptionRecord: a prescription and everything the pharmacy knows about
// it. It is the projection of the prescription's events.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/pack.h"
#include "core/prescription.h"
#include "devices/device.h"

namespace rx {

struct PlannedLine {
  int item = 0;
  DrugCode drug;
  LotNo lot;
  Date expiry;
  LocationCode location;
  DeviceKind device = DeviceKind::kChannel;
  int packs = 0;
};

struct DispensedPack {
  int item = 0;
  Pack pack;
  LocationCode location;
  bool verified = false;
  std::string verification;  // "passed" or why it failed
};

// The pharmacist's return of a blocked prescription to its prescriber (退回医师).
struct PrescriberReturn {
  std::string reason;
  Instant at{};
  std::string by;  // the pharmacist's actor label
};

// The prescriber's confirmation of a flagged prescription (双签): the
// prescriber's signature beside the pharmacist's.
struct PrescriberConfirmation {
  Prescriber prescriber;
  std::string reason;
  Instant at{};
  std::string recorded_by;  // actor label: the HIS, or the pharmacist who took the call
};

struct PrescriptionRecord {
  PrescriptionId id;
  Prescription rx;
  RxStatus status = RxStatus::kReceived;
  std::vector<Finding> findings;
  Instant received_at{};
  std::optional<Instant> paid_at, checked_in_at, dispensing_at, ready_at, called_at, handed_over_at;
  std::optional<int> queue_no;
  std::optional<int> window;
  bool at_window = false;  // baskets released to the window
  std::vector<PlannedLine> plan;
  std::vector<uint64_t> jobs;  // device jobs still open
  std::vector<DispensedPack> packs;
  std::vector<std::string> shortages;  // "D0032: 2 packs short"
  std::string reason;  // of the override, rejection or cancellation
  std::optional<PrescriberReturn> returned_to_prescriber;  // the latest return
  std::optional<PrescriberConfirmation> prescriber_confirmation;  // since the latest return
  bool high_alert = false;

  // Returned to the prescriber, with no confirmation since the latest return.
  bool awaiting_prescriber() const;
  int packs_planned() const;
  int packs_verified() const;
};

}  // namespace rx
