// Answers a request from a callback without letting an exception escape:
// callbacks from the Pharmacy run outside the dispatcher's guard, and must not
// unwind the loop.
#pragma once

#include <spdlog/spdlog.h>

#include <exception>

#include "server/api_response.h"
#include "server/route.h"

namespace rx {

// Runs `answer`; if it throws, logs why and replies 500 with the API's error shape.
template <class F>
void guarded(const Reply& reply, F answer) {
  try {
    answer();
  } catch (const std::exception& e) {
    spdlog::error("http: building an answer failed: {}", e.what());
    reply(error_response(Status::internal("the server failed to answer this request; see its log")));
  }
}

}  // namespace rx
