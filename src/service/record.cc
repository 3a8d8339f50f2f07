#include "service/record.h"

namespace rx {

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
