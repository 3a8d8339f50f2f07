// PackIdentity: what a pack's code says of the pack, before any plan is
// looked at. The one reading of a code that the pick check, the job match and
// the tote photo check share.
#pragma once

#include <string_view>

#include "core/drug.h"
#include "core/pack.h"
#include "core/result.h"
#include "interop/gs1/pack_code.h"

namespace rx {

struct PackIdentity {
  PackCode code;               // as parsed
  const Drug* drug = nullptr;  // the formulary drug of its GTIN or NMPA product code; nullptr if none
  // The code as scanned, its GTIN and serial, the drug when known, and for a GS1
  // code its lot and expiry (an NMPA code carries neither: the stock record does).
  Pack pack;
};

// Parses `scanned` (interop/gs1/pack_code.h) and finds its product in the
// formulary; the parse error when it is no pack code.
Result<PackIdentity> identify_pack(std::string_view scanned, const Formulary& formulary);

}  // namespace rx
