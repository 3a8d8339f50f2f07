// HttpClient: a small asynchronous HTTP/1.1 client on one keep-alive
// connection, for the demo's synthetic HIS and pharmacist. Requests are sent
// one after another in the order they were made.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace rx::cli {

struct HttpReply {
  int status = 0;  // 0: no answer (connection failed)
  std::string body;
};

class HttpClient {
 public:
  using Done = std::function<void(const HttpReply&)>;
  HttpClient(boost::asio::io_context& io, std::string host, unsigned short port, std::string bearer_token);

  void request(boost::beast::http::verb method, std::string target, std::string json_body, Done done);
  size_t in_flight() const { return queue_.size(); }

 private:
  struct Pending {
    boost::beast::http::request<boost::beast::http::string_body> req;
    Done done;
  };
  void pump();
  void connect();
  void send();
  void finish(HttpReply reply);

  boost::asio::io_context& io_;
  std::string host_;
  unsigned short port_;
  std::string token_;
  boost::asio::ip::tcp::resolver resolver_;
  std::unique_ptr<boost::beast::tcp_stream> stream_;
  boost::beast::flat_buffer buffer_;
  boost::beast::http::response<boost::beast::http::string_body> res_;
  std::deque<Pending> queue_;
  bool busy_ = false;
  bool connected_ = false;
};

}  // namespace rx::cli
