#include "cli/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace rx::cli {

namespace http = boost::beast::http;

HttpClient::HttpClient(boost::asio::io_context& io, std::string host, unsigned short port, std::string bearer_token)
    : io_(io), host_(std::move(host)), port_(port), token_(std::move(bearer_token)), resolver_(io) {}

void HttpClient::request(http::verb method, std::string target, std::string json_body, Done done) {
  Pending p;
  p.req = http::request<http::string_body>(method, target, 11);
  p.req.set(http::field::host, host_);
  p.req.set(http::field::authorization, "Bearer " + token_);
  p.req.keep_alive(true);
  if (!json_body.empty() || method == http::verb::post) {
    p.req.set(http::field::content_type, "application/json");
    p.req.body() = json_body.empty() ? "{}" : std::move(json_body);
    p.req.prepare_payload();
  }
  p.done = std::move(done);
  queue_.push_back(std::move(p));
  pump();
}

void HttpClient::pump() {
  if (busy_ || queue_.empty()) return;
  busy_ = true;
  if (connected_) {
    send();
  } else {
    connect();
  }
}

void HttpClient::connect() {
  stream_ = std::make_unique<boost::beast::tcp_stream>(io_);
  boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address(host_), port_);
  stream_->expires_after(std::chrono::seconds(10));
  stream_->async_connect(ep, [this](const boost::system::error_code& ec) {
    if (ec) return finish(HttpReply{0, ec.message()});
    connected_ = true;
    send();
  });
}

void HttpClient::send() {
  stream_->expires_after(std::chrono::seconds(30));
  http::async_write(*stream_, queue_.front().req, [this](const boost::system::error_code& ec, size_t) {
    if (ec) return finish(HttpReply{0, ec.message()});
    res_ = {};
    http::async_read(*stream_, buffer_, res_, [this](const boost::system::error_code& ec2, size_t) {
      if (ec2) return finish(HttpReply{0, ec2.message()});
      bool keep = res_.keep_alive();
      HttpReply reply{static_cast<int>(res_.result_int()), std::move(res_.body())};
      if (!keep) connected_ = false;
      finish(std::move(reply));
    });
  });
}

void HttpClient::finish(HttpReply reply) {
  if (reply.status == 0) {
    connected_ = false;
    if (stream_) {
      boost::system::error_code ignored;
      stream_->socket().close(ignored);
    }
  }
  Pending p = std::move(queue_.front());
  queue_.pop_front();
  busy_ = false;
  p.done(reply);
  pump();
}

}  // namespace rx::cli
