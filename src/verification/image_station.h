// The verification station: a PNG photo of a tote in, the 四查十对 result of
// its codes against the plan out, as `rxpress verify-image` and
// POST /api/v1/verification/images give it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include <nlohmann/json.hpp>

#include "core/drug.h"
#include "core/result.h"
#include "core/time.h"
#include "verification/image_check.h"

namespace rx {

// Decodes `png`, reads every code and checks them against `plan` on `today`
// (without a plan the packs are only read and dated). The JSON is
// tote_check_json's. Errors name the field "image" and say what is wrong with it.
Result<nlohmann::json> verify_tote_photo(std::span<const uint8_t> png, const std::optional<ToteExpectation>& plan,
                                         const Formulary& formulary, Date today);

}  // namespace rx
