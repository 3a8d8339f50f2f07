// Replenishment and shelf tasks (issue 7): the technician's list of work and
// its confirmation by scan.
#pragma once

#include "server/router.h"
#include "service/pharmacy.h"

namespace rx {

// Adds, all signed in (errors in the contract's shape; a refused request
// changes nothing). A task is {"id","kind","state","drug","drug_name","lot",
// "location","from","quantity","done_quantity","reason","opened_at",
// "closed_at","closed_by"}; lot, from and closed_at may be null.
//   GET  /api/v1/replenishment                 {"tasks":[…]}: the open replenish tasks in walking order
//                                              (inventory/walking_order.h); "reserve_empty": true on a
//                                              task the reserve store had no packs for (no "from").
//   GET  /api/v1/tasks?kind=&state=&limit=&after=
//                                              {"tasks":[…],"next":"…"|null}: tasks by id, filtered by
//                                              kind (replenish, put_away, remove, count) and state (open,
//                                              done, cancelled); limit 1..1000 (default 1000), after a
//                                              page's "next".
//   POST /api/v1/tasks/{id}/confirm            {"scan":"…","quantity":n} (quantity 1 when absent): packs
//                                              of the task confirmed by a scan of one of them; 200
//                                              {"task":…}. 422 when the scan is refused: BAD_CODE,
//                                              UNKNOWN_GTIN, WRONG_DRUG, WRONG_LOT, MISSING_LOT, EXPIRED;
//                                              409 TASK_CLOSED, COUNT_TASK, NO_SOURCE, BLOCKED_LOT,
//                                              SHORT_STOCK, OVER_CAPACITY; 400 BAD_QUANTITY. Technician
//                                              or admin.
void add_task_routes(Router& router, Pharmacy& pharmacy);

// The most tasks one GET /api/v1/tasks page holds.
inline constexpr size_t kMaxTaskPage = 1000;

}  // namespace rx
