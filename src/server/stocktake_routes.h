// The stocktake (盘点) and returns API of issue 7.
#pragma once

#include "server/router.h"
#include "service/pharmacy.h"

namespace rx {

// Adds, all signed in (errors in the contract's shape; a refused request
// changes nothing):
//   POST /api/v1/stocktakes                 {"locations":[…]} (absent or []: every location); 201 with
//                                           the report. Technician or admin.
//   POST /api/v1/stocktakes/{id}/scans      {"location","scan","quantity"?,"lot"?}: one pack, or
//                                           `quantity` packs of the scanned pack's lot; "lot" names the
//                                           lot of an NMPA code (400 "lot" if not on record for the drug,
//                                           or not a GS1 code's own); "scan":"" with quantity 0 counts the
//                                           location empty. 200 with the report; 422 with BAD_CODE,
//                                           UNKNOWN_GTIN or DUPLICATE_SERIAL.
//   GET  /api/v1/stocktakes/{id}            the discrepancy report: {"id","state","scope","started_at",
//                                           "started_by","approved_at","approved_by","lines":[{"drug",
//                                           "lot","expiry","location","expected","counted","difference"}],
//                                           "uncounted":[…]}
//   POST /api/v1/stocktakes/{id}/approve    admin only: applies the differences; 200 with the report.
//   GET  /api/v1/returns                    {"awaiting":[{"prescription_id","drug","gtin","lot","expiry",
//                                           "serial","code","location","since","reason"}]}
//   POST /api/v1/returns/scan               {"scan","location"?}: a pack awaiting return back to stock;
//                                           200 {"movement":…}, or 422 with the code BAD_CODE,
//                                           NOT_AWAITING_RETURN, EXPIRED or BLOCKED. Technician or admin.
//   POST /api/v1/prescriptions/{id}/return  退药 {"scans":[…],"reason"}: 200 with the record; 422 with
//                                           BAD_CODE, NOT_THIS_PRESCRIPTION or ALREADY_RETURNED.
//                                           Pharmacist or admin.
void add_stocktake_routes(Router& router, Pharmacy& pharmacy);

}  // namespace rx
