// HisLink: the connection to the hospital information system that the
// pharmacy's outbox sends through. The service declares it; server/ holds
// the MLLP implementation and the tests their fakes.
#pragma once

#include <functional>
#include <string>

#include "core/result.h"

namespace rx {

class HisLink {
 public:
  using Reply = std::function<void(Result<std::string>)>;
  virtual ~HisLink() = default;
  // Sends one HL7 message (unframed) and calls `reply` exactly once, on the
  // pharmacy's loop, with the HIS's answer (unframed) or why none came
  // (unreachable, closed, timed out). One message at a time.
  virtual void send(std::string message, Reply reply) = 0;
  // Where it sends to, for status lines: "mllp://10.0.0.5:2575".
  virtual std::string endpoint() const = 0;
};

}  // namespace rx
