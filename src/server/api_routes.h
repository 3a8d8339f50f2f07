// The JSON API of contracts.md "HTTP": prescriptions, their workflow events,
// inventory and the summary.
#pragma once

#include "server/router.h"
#include "service/pharmacy.h"

namespace rx {

// Adds, all signed in:
//   POST /api/v1/prescriptions                 create (201, or 200 for a known prescription_no)
//   GET  /api/v1/prescriptions                 list, filtered and paged
//   GET  /api/v1/prescriptions/{id}            one record with its history
//   POST /api/v1/prescriptions/{id}/{payment|checkin|override|reject|cancel|handover}
//   GET  /api/v1/inventory?drug=               stock rows
//   GET  /api/v1/locations/suspect             {"suspect":[{location, reason, since}]}
//   POST /api/v1/locations/{location}/clear    a technician clears a suspect location
//   GET  /api/v1/summary                       counts, devices, windows
void add_api_routes(Router& router, Pharmacy& pharmacy);

// The largest `limit` a list answers with; larger ones are clamped to it.
inline constexpr size_t kMaxListLimit = 10000;
// The longest reason (in characters) an override, rejection or cancellation may give.
inline constexpr size_t kMaxReasonChars = 1000;

}  // namespace rx
