// The browser sign-in routes: POST, GET and DELETE /api/v1/session.
#pragma once

#include <functional>

#include "core/time.h"
#include "server/auth.h"
#include "server/router.h"

namespace rx {

// POST {"token":"…"} signs in: 200 {"role","name"} and the session cookie.
// GET answers {"role","name"} of the caller. DELETE signs out: 204, and the
// browser is told to forget the cookie. `now` is the clock sessions age by.
void add_session_routes(Router& router, Authenticator& auth, std::function<Instant()> now);

}  // namespace rx
