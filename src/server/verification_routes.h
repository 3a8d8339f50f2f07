// POST /api/v1/verification/images: the verification station over HTTP.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include "core/result.h"
#include "server/router.h"
#include "service/pharmacy.h"
#include "verification/image_check.h"

namespace rx {

// Photos being decoded or waiting for the decoder; more are refused with 503.
inline constexpr int kMaxPendingPhotos = 4;
// A photo upload's body, PNG and form together: a camera's full-resolution
// PNG of a tote, far above the 1 MiB other requests are held to.
inline constexpr size_t kMaxPhotoUploadBytes = size_t{20} << 20;

// Adds POST /api/v1/verification/images (permission verify), whose body may be
// up to kMaxPhotoUploadBytes. The body is the
// PNG itself (Content-Type image/png) or a multipart/form-data form with an
// "image" file part and an optional "prescription_id" field; the id may also
// be the query parameter prescription_id. Photos are decoded on a worker
// thread of the route's own, so the loop keeps serving; the answer is sent
// from `loop`. The answer is the JSON of verification/image_check_json.h.
void add_verification_routes(Router& router, Pharmacy& pharmacy, boost::asio::any_io_executor loop);

// The plan of `record` as the photo check wants it; conflict while the
// prescription has no plan yet, and once it is cancelled.
Result<ToteExpectation> tote_expectation(const PrescriptionRecord& record);

}  // namespace rx
