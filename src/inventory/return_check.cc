#include "inventory/return_check.h"

#include <fmt/format.h>

namespace rx {

std::optional<size_t> find_pack(const PackCode& code, const std::vector<Pack>& packs) {
  for (size_t i = 0; i < packs.size(); ++i) {
    const Pack& p = packs[i];
    if (code.kind == PackCode::Kind::kGs1) {
      if (p.gtin == code.gtin && p.lot.value() == code.lot && p.serial == code.serial) return i;
    } else {
      std::string digits = code.nmpa_product_code + code.serial + code.nmpa_check;
      if (p.serial == code.serial && p.code.find(digits) != std::string::npos) return i;
    }
  }
  return std::nullopt;
}

Result<size_t> match_return(std::string_view scan, const std::vector<AwaitingReturn>& awaiting, Date today,
                            const StockLedger& ledger) {
  Result<PackCode> code = parse_pack_code(scan);
  if (!code.ok()) return Status::invalid(code.status().message(), "scan").with_reason("BAD_CODE");
  std::vector<Pack> packs;
  packs.reserve(awaiting.size());
  for (const AwaitingReturn& a : awaiting) packs.push_back(a.pack);
  std::optional<size_t> found = find_pack(*code, packs);
  if (!found) {
    return Status(ErrorCode::kNotFound,
                  fmt::format("no pack awaiting return has this code (GTIN '{}', lot '{}', serial '{}')", code->gtin,
                              code->lot, code->serial),
                  "scan")
        .with_reason("NOT_AWAITING_RETURN");
  }
  const Pack& pack = awaiting[*found].pack;
  if (pack.expiry < today) {
    return Status(ErrorCode::kConflict,
                  fmt::format("lot {} of {} expired on {}; the pack goes to quarantine", pack.lot.value(),
                              pack.drug.value(), format_date(pack.expiry)),
                  "scan")
        .with_reason("EXPIRED");
  }
  for (const StockProjection& p : ledger.rows_for(pack.drug)) {
    if (p.row.lot.lot == pack.lot && p.row.blocked) {
      return Status(ErrorCode::kConflict,
                    fmt::format("lot {} of {} is blocked (at {}); the pack goes to quarantine", pack.lot.value(),
                                pack.drug.value(), p.row.location.value()),
                    "scan")
          .with_reason("BLOCKED");
    }
  }
  return *found;
}

}  // namespace rx
