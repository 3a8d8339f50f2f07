// WwksServer: a WwksStorageSystem on TCP, so that any WWKS 2.0 client can
// use the simulated robot. Each connection is a session; the subscriber id of
// its HelloRequest decides which session the robot's own messages
// (OutputMessage) go to. A document that cannot be read is logged and the
// connection goes on. Every member must be called on the io_context's thread,
// which must also be the thread that runs the storage system's scheduler.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "core/status.h"
#include "devices/wwks_sim/storage_system.h"

namespace rx {

struct WwksServerConfig {
  std::string bind = "127.0.0.1";
  unsigned short port = 6050;  // 0 picks a free port
};

class WwksServer {
 public:
  // Sends the storage system's messages of its own through this server; both must outlive it.
  WwksServer(boost::asio::io_context& io, WwksStorageSystem& system, WwksServerConfig config);
  // Stops the server if it still runs.
  ~WwksServer();
  WwksServer(const WwksServer&) = delete;
  WwksServer& operator=(const WwksServer&) = delete;

  // Binds and starts accepting. invalid_argument names a bad bind address;
  // unavailable when the address cannot be bound.
  Status start();
  // The bound port, once started.
  unsigned short port() const;
  // Connections open now.
  size_t connections() const;
  // Closes every connection at once, as a broken link would, and keeps accepting.
  void drop_connections();
  // Stops accepting and closes every connection.
  void stop();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rx
