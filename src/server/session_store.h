// SessionStore: browser sessions opened by signing in with a token.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/time.h"
#include "service/pharmacy.h"

namespace rx {

class SessionStore {
 public:
  static constexpr Duration kIdleLimit = std::chrono::hours(12);
  static constexpr size_t kMaxSessions = 10000;

  // Opens a session for `actor` and returns its id: 128 random bits as 32
  // lower-case hex digits. At the limit, the least recently used session ends.
  std::string open(const Actor& actor, Instant now);
  // The session's actor, if the session exists and was used within the idle
  // limit; using it restarts the idle limit.
  std::optional<Actor> use(const std::string& id, Instant now);
  // Ends the session; an unknown id is ignored.
  void close(const std::string& id);
  size_t size() const { return sessions_.size(); }

 private:
  struct Session {
    Actor actor;
    Instant last_used;
  };
  void drop_expired(Instant now);

  std::unordered_map<std::string, Session> sessions_;
};

// 128 bits from the system's random source, as 32 lower-case hex digits.
std::string random_session_id();

}  // namespace rx
