// The dose-instruction labels (用法用量标签) of a prescription.
//
// GET /api/v1/prescriptions/{id}/labels.pdf (permission print_labels:
//   pharmacist, technician, admin) answers application/pdf: one 80 × 50 mm
//   page per item, in Chinese (service/dose_labels.cc). 404 for an unknown id.
#pragma once

#include "server/router.h"
#include "service/pharmacy.h"

namespace rx {

void add_label_routes(Router& router, Pharmacy& pharmacy);

}  // namespace rx
