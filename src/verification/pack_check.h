// Pack verification: does a scanned pack match the line it was picked for?
// 查药品 (drug, form, strength via the GTIN; lot, dated as the stock records
// date it) and 查配伍禁忌's "in date".
#pragma once

#include <string>
#include <string_view>

#include "core/drug.h"
#include "core/pack.h"
#include "core/time.h"

namespace rx {

struct ExpectedPack {
  const Drug* drug = nullptr;
  LotNo lot;
  Date expiry;
};

struct PackVerdict {
  bool passed = false;
  std::string reason;  // "passed", or what did not match
  Pack pack;           // what the code says, as far as it could be read
};

// Checks one scanned code against the expected drug and lot on `today`.
PackVerdict verify_pack(std::string_view scanned, const ExpectedPack& expected, const Formulary& formulary,
                        Date today);

}  // namespace rx
