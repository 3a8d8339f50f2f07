// HttpServer: the HTTP interface of contracts.md (JSON API, Server-Sent
// Events, static web pages, /metrics, /healthz). It runs on the io_context
// that runs the Pharmacy's scheduler, and calls the Pharmacy directly; every
// member must be called on that loop's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>

#include "core/result.h"
#include "server/server_config.h"
#include "service/pharmacy.h"

namespace rx {

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, Pharmacy& pharmacy, ServerConfig config);
  // Stops the server if it still runs.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Checks the configuration, binds and starts accepting; port 0 picks a
  // free port. invalid_argument names the bad setting; unavailable when the
  // address cannot be bound.
  Status start();
  // The bound port, once started.
  unsigned short port() const;
  // Stops accepting, and closes every connection and event stream.
  void stop();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace rx
