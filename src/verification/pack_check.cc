#include "verification/pack_check.h"

#include <fmt/format.h>

#include "interop/gs1/pack_code.h"

namespace rx {

PackVerdict verify_pack(std::string_view scanned, const ExpectedPack& expected, const Formulary& formulary,
                        Date today) {
  PackVerdict v;
  v.pack.code = std::string(scanned);
  auto code = parse_pack_code(scanned);
  if (!code.ok()) {
    v.reason = "unreadable code: " + code.status().message();
    return v;
  }
  const Drug* drug = nullptr;
  if (code->kind == PackCode::Kind::kGs1) {
    drug = formulary.find_by_gtin(code->gtin);
    v.pack.gtin = code->gtin;
  } else {
    drug = formulary.find_by_nmpa(code->nmpa_product_code);
    // An NMPA code carries no lot or expiry: they come from the stock record.
    v.pack.lot = expected.lot;
    v.pack.expiry = expected.expiry;
  }
  v.pack.serial = code->serial;
  if (code->kind == PackCode::Kind::kGs1) {
    v.pack.lot = LotNo(code->lot);
    if (code->expiry) v.pack.expiry = *code->expiry;
  }
  if (drug == nullptr) {
    v.reason = "pack is not a formulary drug";
    return v;
  }
  v.pack.drug = drug->code;
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
  if (code->serial.empty()) {
    v.reason = "pack code has no serial";
    return v;
  }
  v.passed = true;
  v.reason = "passed";
  return v;
}

}  // namespace rx
