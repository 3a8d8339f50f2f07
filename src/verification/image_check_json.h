// The JSON of a tote photo check, as `rxpress verify-image` prints it and
// POST /api/v1/verification/images answers it.
#pragma once

#include <nlohmann/json.hpp>

#include "core/drug.h"
#include "verification/image_check.h"

namespace rx {

// {"prescription_id":"…"|null, "passed":bool|null (null without a plan),
//  "counts":{"codes","matched","missing","extra","expired","bad_code","other","unplanned"},
//  "codes":[{"format","symbology","text","corners":[[x,y]×4],"status","reason",
//            "drug","name_zh","name_en","gtin","lot","expiry","serial","item",
//            "expired","high_alert","lasa_group"}],
//  "missing":[{"item","drug","name_zh","name_en","lot","expiry","packs"}],
//  "lasa":[{"group","drugs":[…]}], "high_alert":["D0004",…]}
// "text" is the code as a scanner sends it, GS (0x1D) included.
nlohmann::json tote_check_json(const ToteCheck& check, const Formulary& formulary);

}  // namespace rx
