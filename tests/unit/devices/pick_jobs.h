// Builders of pick jobs for the device tests.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "devices/device.h"

namespace rx::test {

inline PickLine pick_line(std::string location, int packs, int item = 0, bool cold = false) {
  PickLine line;
  line.item = item;
  line.drug = DrugCode("D" + std::to_string(item));
  line.gtin = "06901234567892";
  line.lot = LotNo("L" + std::to_string(item) + "A");
  line.expiry = std::chrono::year{2027} / 12 / 31;
  line.location = LocationCode(std::move(location));
  line.packs = packs;
  line.cold = cold;
  return line;
}

inline PickJob pick_job(uint64_t job_id, std::vector<PickLine> lines, int priority = 0) {
  PickJob job;
  job.job_id = job_id;
  job.prescription = PrescriptionId(static_cast<long long>(1000 + job_id));
  job.priority = priority;
  job.lines = std::move(lines);
  return job;
}

}  // namespace rx::test
