#include "integration/wwks_text_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rx::test {

bool read_some(int fd, std::string& into, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buf[8192];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n <= 0) return false;
  into.append(buf, static_cast<size_t>(n));
  return true;
}

WwksTextClient::WwksTextClient(unsigned short port, std::chrono::milliseconds timeout) : timeout_(timeout) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  connected_ = fd_ >= 0 && connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
}

WwksTextClient::~WwksTextClient() {
  if (fd_ >= 0) close(fd_);
}

bool WwksTextClient::send(const std::string& text) {
  return write(fd_, text.data(), text.size()) == static_cast<ssize_t>(text.size());
}

std::string WwksTextClient::document(const std::string& lead) {
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  for (;;) {
    for (size_t end; (end = inbox_.find("</WWKS>")) != std::string::npos;) {
      std::string doc = inbox_.substr(0, end + 7);
      inbox_.erase(0, end + 7);
      if (doc.find("<" + lead + " ") != std::string::npos) return doc;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !read_some(fd_, inbox_, left)) return {};
  }
}

}  // namespace rx::test
