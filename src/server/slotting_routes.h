// The slotting routes: re-slotting suggestions and the pick robot's stock-in.
//
// GET /api/v1/slotting/suggestions?weeks=4 (permission replenishment:
//   technician, admin) answers {"from","until","weeks","suggestions":[{"drug",
//   "demand","channels_now","channels_planned","nearest_now_m",
//   "nearest_planned_m","gain","lose","move_nearer","planned":[locations]}]},
//   most demanded drug first. weeks is 1..52 (default 4); until is now.
// POST /api/v1/robot/stock-in (permission stock_in) takes
//   {"packs":[{"scan","lot"?,"expiry"?}], "delivery_number"?} (at most 200
//   packs; body at most 256 KiB) and answers 201 {"stored":[movement…],
//   "refused":[{"index","reason"}]} once the robot has put the packs away.
//   A pack refused before anything is sent answers 422 with the stock-in
//   error code (BAD_CODE, UNKNOWN_GTIN, EXPIRED, …) and field "packs[i]";
//   503 without a robot that takes stock input.
// POST /api/v1/robot/deliveries (permission stock_in) takes
//   {"delivery_number","lines":[{"drug","lot","expiry","packs"}]} and answers
//   201 {"delivery_number"} once the robot has accepted it; 409 if it refuses.
#pragma once

#include "server/router.h"
#include "service/pharmacy.h"

namespace rx {

// The largest body the robot's routes take.
inline constexpr size_t kMaxRobotBodyBytes = size_t{256} << 10;

void add_slotting_routes(Router& router, Pharmacy& pharmacy);

}  // namespace rx
