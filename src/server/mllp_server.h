// MllpServer: the HL7 v2 listener of contracts.md (MLLP over TCP). It runs on
// the io_context that runs the Pharmacy's scheduler and hands every frame to
// its handlers on that loop; every member must be called on that loop's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "core/result.h"
#include "server/mllp_config.h"
#include "server/mllp_connection.h"

namespace rx {

class MllpServer {
 public:
  MllpServer(boost::asio::io_context& io, MllpConfig config, MllpHandlers handlers);
  // Stops the server if it still runs.
  ~MllpServer();
  MllpServer(const MllpServer&) = delete;
  MllpServer& operator=(const MllpServer&) = delete;

  // Checks the configuration, binds and starts accepting; port 0 picks a free
  // port. invalid_argument names the bad setting; unavailable when the
  // address cannot be bound.
  Status start();
  // The bound port, once started.
  unsigned short port() const;
  // Connections open now.
  size_t connections() const;
  // Stops accepting and closes every connection.
  void stop();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rx
