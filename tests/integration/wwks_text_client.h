// WwksTextClient: a WWKS 2.0 client on a bare loopback socket that sends
// documents as literal text and cuts the answers at </WWKS>, for tests that
// must not lean on rxpress's own codec.
#pragma once

#include <chrono>
#include <string>

namespace rx::test {

class WwksTextClient {
 public:
  // Connects to 127.0.0.1:`port`; connected() says whether it did.
  explicit WwksTextClient(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  ~WwksTextClient();
  WwksTextClient(const WwksTextClient&) = delete;
  WwksTextClient& operator=(const WwksTextClient&) = delete;

  bool connected() const { return connected_; }
  // Writes `text` whole; false if the socket would not take it.
  bool send(const std::string& text);
  // The next whole document holding `<lead `, skipping others; empty if none comes in time.
  std::string document(const std::string& lead);

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::chrono::milliseconds timeout_;
  std::string inbox_;
};

// Reads what is there on `fd` within `timeout` into `into`; false at end of file, error or timeout.
bool read_some(int fd, std::string& into, std::chrono::milliseconds timeout);

}  // namespace rx::test
