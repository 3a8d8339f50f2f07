// The expiry and recall routes (contracts.md "Inventory and verification").
//
// GET  /api/v1/expiry?within_days=90 (permission read) answers {"lots":[…]}:
//   the stock rows on the shelves whose lot expires within within_days (0..3650,
//   default 90) of today, expired ones included, by expiry; each row as GET
//   /api/v1/inventory shows it ({"drug","lot","expiry","location","quantity",
//   "status"}). 400 (field within_days) for anything but a whole number in range.
// GET  /api/v1/recall?lot=…[&drug=…] (permission read) answers
//   {"lot","drug"|null,"dispensed":[{"prescription_id","prescription_no",
//   "patient_id","drug","status","handed_over","handed_over_at"|null,
//   "window"|null,"packs","codes":[…]}],"blocked":true|false,
//   "recalls":[{"drug","reason","at","actor"}],"tasks":[task…]}: every
//   prescription that received packs of the lot, handed over or still on its
//   way, and the lot's removal tasks. lot at most 20 characters, drug 16.
// POST /api/v1/recall (permission recall: pharmacist, admin) takes
//   {"lot":"…","drug":"…"|absent,"reason":"…"} (body at most 4 KiB; reason at
//   most 500 characters) and recalls the lot: blocks it everywhere, opens the
//   removal tasks and takes its packs back from prescriptions not handed over.
//   200 with the report above; again for a lot already recalled, changing
//   nothing. 404 for a lot with no stock on record; 400 for malformed input.
#pragma once

#include <cstddef>

#include "server/router.h"
#include "service/pharmacy.h"

namespace rx {

inline constexpr size_t kMaxRecallBodyBytes = size_t{4} << 10;
inline constexpr size_t kMaxRecallReasonChars = 500;

void add_expiry_routes(Router& router, Pharmacy& pharmacy);

}  // namespace rx
