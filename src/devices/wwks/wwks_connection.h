// WwksConnection: one WWKS 2.0 TCP connection, at either end. It cuts the
// byte stream into documents, parses each and hands it on, and writes what it
// is given in order. Every member must be called on the thread that runs the
// socket's io_context.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "interop/wwks/messages.h"
#include "interop/wwks/stream_splitter.h"

namespace rx {

struct WwksConnectionHandlers {
  // A document that parsed.
  std::function<void(wwks::Envelope envelope)> message;
  // A document that could not be read (cut short, too long, not valid WWKS);
  // `why` names the field and what was wrong. The connection goes on.
  std::function<void(const Status& why)> broken;
  // The peer closed the connection or it failed; `why` says which. Not called
  // after close().
  std::function<void(const std::string& why)> ended;
};

class WwksConnection : public std::enable_shared_from_this<WwksConnection> {
 public:
  // `name` labels the connection in the log ("robot-sim connection 3").
  WwksConnection(boost::asio::ip::tcp::socket socket, std::string name);

  // Starts reading; the handlers are called on the io_context's thread.
  void start(WwksConnectionHandlers handlers);
  // Queues `envelope` for writing after everything sent before it.
  void send(const wwks::Envelope& envelope);
  // Queues an already written document (or any bytes) for writing.
  void send_raw(std::string bytes);
  // Closes the socket now; what is not yet written is dropped.
  void close();
  bool closed() const { return closed_; }
  const std::string& name() const { return name_; }

 private:
  void read();
  void write_next();
  void end(const std::string& why);

  boost::asio::ip::tcp::socket socket_;
  std::string name_;
  WwksConnectionHandlers handlers_;
  wwks::WwksStreamSplitter splitter_;
  std::array<char, 16 * 1024> buffer_{};
  std::deque<std::string> outgoing_;  // the front is being written
  bool closed_ = false;
};

}  // namespace rx
