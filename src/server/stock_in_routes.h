// The stock-in routes: a scanned pack, and a supplier's delivery file.
//
// POST /api/v1/stock-in (permission stock_in: technician, admin) takes
//   {"scan":"…", "quantity":1, "lot":…, "expiry":"YYYY-MM-DD", "location":…}
//   (body at most 16 KiB; scan at most 200 characters, lot 20, location 16;
//   quantity 1..1000, default 1; lot and expiry only for a code without them).
//   201 {"movement":{…}, "drug_name":"…", "location":"…", "proposed":true|false}:
//   the movement kind received as stored, and the drug's Chinese name. 422 {"error":{"code":…}} for a refusal: BAD_CODE,
//   UNKNOWN_GTIN, MISSING_LOT, MISSING_EXPIRY, EXPIRED, SHORT_DATED,
//   DUPLICATE_SERIAL, EXPIRY_MISMATCH, BLOCKED_LOT, UNSUITABLE_LOCATION,
//   OVER_CAPACITY. 400 for malformed input, with the field.
// POST /api/v1/deliveries (permission stock_in) takes a CSV file (Content-Type
//   text/csv; at most 1 MiB and 10,000 rows) with the header gtin, lot,
//   expiry, quantity. 201 {"delivery":{"id","rows","packs"},"movements":[…]}
//   once every row is received into the reserve store; 422
//   {"error":{"code":"DELIVERY_REFUSED","message","rows":[{"row","line",
//   "column","code","message"}]}} with every refused row, and nothing
//   received; 400 for a file that is not such a CSV; 415 for another type.
#pragma once

#include <cstddef>

#include "server/router.h"
#include "service/pharmacy.h"

namespace rx {

inline constexpr size_t kMaxStockInBodyBytes = size_t{16} << 10;

void add_stock_in_routes(Router& router, Pharmacy& pharmacy);

// The answer to a failed stock-in: 422 for a pack the pharmacy refuses
// (inventory/lot_acceptance.h), otherwise the status's own code.
HttpResponse stock_in_error_response(const Status& status);

}  // namespace rx
