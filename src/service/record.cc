#include "service/record.h"

namespace rx {

bool PrescriptionRecord::awaiting_prescriber() const {
  // A return drops any earlier confirmation, so one recorded since answers it.
  return returned_to_prescriber && !prescriber_confirmation;
}

int PrescriptionRecord::packs_planned() const {
  int n = 0;
  for (const auto& p : plan) n += p.packs;
  return n;
}

int PrescriptionRecord::packs_verified() const {
  int n = 0;
  for (const auto& p : packs) n += p.verified ? 1 : 0;
  return n;
}

}  // namespace rx
