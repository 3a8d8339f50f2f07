#include "verification/pack_check.h"

#include <fmt/format.h>

#include "verification/pack_identity.h"

namespace rx {

PackVerdict verify_pack(std::string_view scanned, const ExpectedPack& expected, const Formulary& formulary,
                        Date today) {
  PackVerdict v;
  v.pack.code = std::string(scanned);
  auto id = identify_pack(scanned, formulary);
  if (!id.ok()) {
    v.reason = "unreadable code: " + id.status().message();
    return v;
  }
  const PackCode* code = &id->code;
  const Drug* drug = id->drug;
  v.pack = id->pack;
  if (code->kind == PackCode::Kind::kNmpa) {
    // An NMPA code carries no lot or expiry: they come from the stock record.
    v.pack.lot = expected.lot;
    v.pack.expiry = expected.expiry;
  }
  if (drug == nullptr) {
    v.reason = "pack is not a formulary drug";
    return v;
  }
  if (expected.drug == nullptr || drug->code != expected.drug->code) {
    v.reason = fmt::format("wrong drug: pack is {}, prescribed {}", drug->code.value(),
                           expected.drug ? expected.drug->code.value() : "?");
    return v;
  }
  if (code->kind == PackCode::Kind::kGs1) {
    if (v.pack.lot != expected.lot) {
      v.reason = fmt::format("wrong lot: pack {}, planned {}", v.pack.lot.value(), expected.lot.value());
      return v;
    }
    if (!code->expiry) {
      v.reason = "pack code has no expiry";
      return v;
    }
  }
  if (v.pack.expiry < today) {
    v.reason = fmt::format("expired on {}", format_date(v.pack.expiry));
    return v;
  }
  if (v.pack.expiry != expected.expiry) {
    // The stock records give a lot one expiry: a pack dated otherwise is mislabelled.
    v.reason = fmt::format("wrong expiry: lot {} is dated {} on the pack, {} in the stock records",
                           expected.lot.value(), format_date(v.pack.expiry), format_date(expected.expiry));
    return v;
  }
  if (code->serial.empty()) {
    v.reason = "pack code has no serial";
    return v;
  }
  v.passed = true;
  v.reason = "passed";
  return v;
}

}  // namespace rx
