// The cold chain routes: temperatures of the fridge and the cool storage,
// their excursions, and the pharmacist's decision on the lots exposed.
//
// POST /api/v1/temperature (permission device_tasks: technician, admin) takes
//   {"sensor":"F1","zone":"fridge"|absent,"celsius":4.8,"at":"…"|absent}
//   (body at most 1 KiB; zone needed for a sensor not yet known; at defaults
//   to now) and answers 201 {"sensor","zone","celsius","at","logged","state",
//   "excursion":{…}|null}, state "ok", "high", "low" or "silent". 400 with the
//   field for a bad sensor id, an unknown or other zone, a temperature outside
//   -40..70 °C, a time in the future; 409 for a time not after the sensor's
//   last reading.
// GET  /api/v1/temperature (permission read) answers {"zones":[{"name",
//   "min_celsius","max_celsius","storage","locations"}],"sensors":[{"sensor",
//   "zone","celsius","at","state","excursion"}],"open_excursions":[excursion…],
//   "alerts":[the 20 latest excursions, newest first],"unmonitored":[{"drug",
//   "lot","location","quantity","storage"}]}.
// GET  /api/v1/temperature/excursions/{id} (permission read) answers the
//   excursion {"id","sensor","zone","kind","open","started_at","ended_at",
//   "extreme_celsius","readings","min_celsius","max_celsius","decisions":[…]}
//   with "exposed":[{"drug","drug_name","storage","lot","expiry","location",
//   "packs","on_hand","quarantined","decision"}]; 404 for an unknown id.
// POST /api/v1/temperature/excursions/{id}/decisions (permission
//   cold_chain_decision: pharmacist, admin) takes {"drug","lot","decision":
//   "release"|"quarantine","reason"} (body at most 2 KiB, reason at most 500
//   bytes) and answers 201 {"excursion","drug","lot","decision","reason",
//   "quarantined_locations":[…]}; 404 for an unknown excursion or a lot not
//   exposed in it, 409 for a lot already decided, 400 for malformed input.
#pragma once

#include <cstddef>

#include "server/router.h"
#include "service/pharmacy.h"

namespace rx {

inline constexpr size_t kMaxTemperatureBodyBytes = 1024;
inline constexpr size_t kMaxDecisionBodyBytes = 2048;

void add_cold_chain_routes(Router& router, Pharmacy& pharmacy);

}  // namespace rx
