#include "server/session_store.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>

namespace rx {

std::string random_session_id() {
  // The kernel's pool, so that ids cannot be predicted from earlier ones.
  static std::random_device source("/dev/urandom");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int word = 0; word < 4; ++word) {
    uint32_t bits = source();
    for (int nibble = 0; nibble < 8; ++nibble) {
      id.push_back(kHex[bits & 0xF]);
      bits >>= 4;
    }
  }
  return id;
}

std::string SessionStore::open(const Actor& actor, Instant now) {
  drop_expired(now);
  if (sessions_.size() >= kMaxSessions) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
      return a.second.last_used < b.second.last_used;
    });
    sessions_.erase(oldest);
  }
  std::string id = random_session_id();
  while (sessions_.count(id) != 0) id = random_session_id();
  sessions_.emplace(id, Session{actor, now});
  return id;
}

std::optional<Actor> SessionStore::use(const std::string& id, Instant now) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_used >= kIdleLimit) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = std::max(it->second.last_used, now);
  return it->second.actor;
}

void SessionStore::close(const std::string& id) { sessions_.erase(id); }

void SessionStore::drop_expired(Instant now) {
  std::erase_if(sessions_, [now](const auto& entry) { return now - entry.second.last_used >= kIdleLimit; });
}

}  // namespace rx
