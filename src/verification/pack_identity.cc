#include "verification/pack_identity.h"

namespace rx {

Result<PackIdentity> identify_pack(std::string_view scanned, const Formulary& formulary) {
  PackIdentity id;
  id.code = TRY(parse_pack_code(scanned));
  id.pack.code = std::string(scanned);
  id.pack.serial = id.code.serial;
  if (id.code.kind == PackCode::Kind::kGs1) {
    id.drug = formulary.find_by_gtin(id.code.gtin);
    id.pack.gtin = id.code.gtin;
    id.pack.lot = LotNo(id.code.lot);
    if (id.code.expiry) id.pack.expiry = *id.code.expiry;
  } else {
    id.drug = formulary.find_by_nmpa(id.code.nmpa_product_code);
  }
  if (id.drug != nullptr) id.pack.drug = id.drug->code;
  return id;
}

}  // namespace rx
