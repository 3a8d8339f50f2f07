// MllpClient: an outbound HL7 v2 connection over MLLP (TCP). It connects on
// the first send, keeps the connection for the next, and closes it after any
// failure, so that a late answer is never taken for the next message's. It
// runs on the io_context that runs the Pharmacy's scheduler; call it only on
// that loop's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "core/time.h"
#include "interop/hl7v2/mllp_framer.h"
#include "service/his_link.h"

namespace rx {

struct MllpClientConfig {
  std::string host;
  unsigned short port = 2575;
  Duration connect_timeout = std::chrono::seconds(5);
  // From the end of the connect to the whole answer frame.
  Duration reply_timeout = std::chrono::seconds(30);
  size_t max_reply_bytes = hl7::kDefaultMaxMllpFrameBytes;
};

class MllpClient : public HisLink {
 public:
  MllpClient(boost::asio::io_context& io, MllpClientConfig config);
  // Closes the connection; a reply still owed is never called.
  ~MllpClient() override;
  MllpClient(const MllpClient&) = delete;
  MllpClient& operator=(const MllpClient&) = delete;

  // Sends `message` in one frame and calls `reply` once with the first frame
  // that comes back, or with an unavailable status that says what failed
  // (resolve, connect, write, read, closed, timed out, a second send while one
  // is on its way).
  void send(std::string message, Reply reply) override;
  // "mllp://host:port"
  std::string endpoint() const override;

 private:
  class Connection;
  std::shared_ptr<Connection> connection_;
};

}  // namespace rx
