#include "server/http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/field.hpp>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "server/accept_loop.h"
#include "server/api_response.h"
#include "server/api_routes.h"
#include "server/cold_chain_routes.h"
#include "server/expiry_routes.h"
#include "server/auth.h"
#include "server/event_streams.h"
#include "server/fhir_routes.h"
#include "server/label_routes.h"
#include "server/http_connection.h"
#include "server/metrics.h"
#include "server/request_target.h"
#include "server/router.h"
#include "server/session_routes.h"
#include "server/slotting_routes.h"
#include "server/static_files.h"
#include "server/task_routes.h"
#include "server/stocktake_routes.h"
#include "server/stock_in_routes.h"
#include "server/verification_routes.h"

namespace rx {
namespace {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

bool is_api_path(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

Status check_config(const ServerConfig& config) {
  std::set<std::string> seen;
  for (size_t i = 0; i < config.tokens.size(); ++i) {
    const ApiToken& t = config.tokens[i];
    if (t.token.empty()) return Status::invalid("a token must not be empty", fmt::format("tokens[{}].token", i));
    if (!is_known_role(t.role)) {
      return Status::invalid(fmt::format("unknown role '{}'; expected his, pharmacist, technician or admin", t.role),
                             fmt::format("tokens[{}].role", i));
    }
    if (!seen.insert(t.token).second) {
      return Status::invalid("the same token is configured twice", fmt::format("tokens[{}].token", i));
    }
  }
  for (size_t i = 0; i < config.screen_allow.size(); ++i) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(config.screen_allow[i], ec);
    if (ec) {
      return Status::invalid(fmt::format("'{}' is not an IP address", config.screen_allow[i]),
                             fmt::format("screen_allow[{}]", i));
    }
  }
  return Status::ok_status();
}

}  // namespace

class HttpServer::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(boost::asio::io_context& io, Pharmacy& pharmacy, ServerConfig config)
      : pharmacy_(pharmacy),
        config_(std::move(config)),
        acceptor_(io),
        retry_timer_(io),
        auth_(config_.tokens),
        static_files_(config_.web_root),
        metrics_([&pharmacy] { return pharmacy.summary().value("counts", nlohmann::json::object()); },
                 [&pharmacy] { return static_cast<double>(pharmacy.his_outbox().pending); }),
        events_(pharmacy, SseStream::Limits{}) {
    add_api_routes(router_, pharmacy);
    add_cold_chain_routes(router_, pharmacy);
    add_expiry_routes(router_, pharmacy);
    add_label_routes(router_, pharmacy);
    add_stocktake_routes(router_, pharmacy);
    add_stock_in_routes(router_, pharmacy);
    add_slotting_routes(router_, pharmacy);
    add_task_routes(router_, pharmacy);
    add_fhir_routes(router_, pharmacy, auth_);
    add_session_routes(router_, auth_, [&pharmacy] { return pharmacy.now(); });
    add_verification_routes(router_, pharmacy, io.get_executor());
    events_.add_routes(router_);
    router_.add(Route{http::verb::get, "/healthz", Access::kOpen, Permission::kRead,
                      RequestHandler([](const RequestContext&, Reply reply) {
                        reply(json_response(http::status::ok, {{"status", "ok"}}));
                      })});
    router_.add(Route{http::verb::get, "/metrics", Access::kOpen, Permission::kRead,
                      RequestHandler([this](const RequestContext&, Reply reply) {
                        HttpResponse res{http::status::ok, 11};
                        res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
                        res.body() = metrics_.scrape();
                        reply(std::move(res));
                      })});
  }

  Status start() {
    TRY(check_config(config_));
    TRY(open_listener(acceptor_, config_.bind, config_.port, "", "bind"));
    if (!config_.web_root.empty() && !std::filesystem::is_directory(config_.web_root)) {
      spdlog::warn("http: the web root {} is not a folder; pages will answer 404", config_.web_root.string());
    }
    spdlog::info("http: listening on {}:{}", config_.bind, port());
    accept();
    return Status::ok_status();
  }

  unsigned short port() const { return listener_port(acceptor_); }

  void stop() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
    for (const auto& w : connections_) {
      if (auto c = w.lock()) c->close();
    }
    connections_.clear();
    events_.close_all();
  }

 private:
  void accept() {
    std::weak_ptr<Impl> weak = shared_from_this();
    accept_connections(std::make_shared<const AcceptLoop>(AcceptLoop{
        &acceptor_, &retry_timer_, "http",
        [weak](tcp::socket socket) {
          if (auto self = weak.lock()) self->open_connection(std::move(socket));
        },
        weak}));
  }

  void open_connection(tcp::socket socket) {
    std::weak_ptr<Impl> weak = shared_from_this();
    HttpConnection::Limits limits{config_.max_body, config_.max_header, config_.idle_timeout,
                                  [weak](const HttpRequest& req) -> size_t {
                                    auto self = weak.lock();
                                    if (!self) return 0;
                                    auto target = parse_request_target(
                                        std::string_view(req.target().data(), req.target().size()));
                                    return target.ok() ? self->router_.body_limit(req.method(), target->path) : 0;
                                  }};
    auto conn = std::make_shared<HttpConnection>(std::move(socket), limits,
                                                 [weak](const std::shared_ptr<HttpConnection>& c, HttpRequest req) {
                                                   if (auto self = weak.lock()) {
                                                     self->dispatch(c, std::move(req));
                                                   } else {
                                                     c->close();
                                                   }
                                                 });
    std::erase_if(connections_, [](const auto& w) {
      auto c = w.lock();
      return !c || c->closed();
    });
    connections_.push_back(conn);
    conn->start();
  }

  // Wraps the answer to one request: counted under `route`, sent once.
  Reply reply_to(const std::shared_ptr<HttpConnection>& conn, std::string method, std::string route,
                 SteadyClock::time_point started) {
    std::weak_ptr<Impl> weak = shared_from_this();
    auto sent = std::make_shared<bool>(false);
    return [weak, conn, method = std::move(method), route = std::move(route), started, sent](HttpResponse res) {
      if (*sent) return;
      *sent = true;
      if (auto self = weak.lock()) {
        std::chrono::duration<double> latency = SteadyClock::now() - started;
        self->metrics_.observe(route, res.result_int(), latency);
        spdlog::debug("http: {} {} {} {:.1f} ms", method, route, res.result_int(), latency.count() * 1000);
      }
      conn->send(std::move(res));
    };
  }

  bool screen_allowed(const std::string& address) const {
    if (config_.screen_allow.empty()) return true;
    boost::system::error_code ec;
    auto peer = boost::asio::ip::make_address(address, ec);
    if (ec) return false;
    return std::any_of(config_.screen_allow.begin(), config_.screen_allow.end(), [&](const std::string& allowed) {
      boost::system::error_code allowed_ec;
      auto a = boost::asio::ip::make_address(allowed, allowed_ec);
      return !allowed_ec && a == peer;
    });
  }

  void dispatch(const std::shared_ptr<HttpConnection>& conn, HttpRequest req) {
    auto started = SteadyClock::now();
    std::string method(req.method_string());
    auto target = parse_request_target(std::string_view(req.target().data(), req.target().size()));
    if (!target.ok()) return reply_to(conn, method, "invalid", started)(error_response(target.status()));
    const std::string& path = target->path;
    RouteMatch match = router_.match(req.method(), path);
    if (match.outcome == RouteMatch::Outcome::kNotFound) {
      if (is_api_path(path)) {
        return reply_to(conn, method, "unmatched",
                        started)(error_response(Status::not_found(fmt::format("there is no API path {}", path))));
      }
      if (req.method() != http::verb::get) {
        return reply_to(conn, method, "unmatched", started)(
            error_response(Status::not_found(fmt::format("there is nothing to {} at {}", method, path))));
      }
      return reply_to(conn, method, "static", started)(static_files_.serve(path));
    }
    if (match.outcome == RouteMatch::Outcome::kMethodNotAllowed) {
      HttpResponse res = error_response(http::status::method_not_allowed, "METHOD_NOT_ALLOWED",
                                        fmt::format("{} takes {}, not {}", path, match.allow, method));
      res.set(http::field::allow, match.allow);
      return reply_to(conn, method, "unmatched", started)(std::move(res));
    }
    const Route& route = *match.route;
    Reply reply = reply_to(conn, method, route.pattern, started);
    Actor actor;
    if (route.access == Access::kSignedIn) {
      auto authorized = auth_.authorize(req, route.permission, pharmacy_.now());
      if (!authorized.ok()) return reply(error_response(authorized.status()));
      actor = std::move(authorized).value();
    } else if (route.access == Access::kScreen && !screen_allowed(conn->remote_address())) {
      return reply(error_response(
          Status(ErrorCode::kPermissionDenied, "this address may not read the calling screen's events")));
    }
    RequestContext ctx{req, path, match.params, target->query, actor, conn->remote_address()};
    try {
      if (const auto* handler = std::get_if<RequestHandler>(&route.handler)) {
        (*handler)(ctx, reply);
      } else {
        metrics_.observe(route.pattern, 200, SteadyClock::now() - started);
        spdlog::debug("http: {} {} opened an event stream", method, route.pattern);
        std::get<StreamHandler>(route.handler)(ctx, conn->take_stream());
      }
    } catch (const std::exception& e) {
      spdlog::error("http: {} {} failed: {}", method, route.pattern, e.what());
      reply(error_response(Status::internal("the server failed to answer this request; see its log")));
    }
  }

  Pharmacy& pharmacy_;
  ServerConfig config_;
  tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  Authenticator auth_;
  StaticFiles static_files_;
  HttpMetrics metrics_;
  EventStreams events_;
  Router router_;
  std::vector<std::weak_ptr<HttpConnection>> connections_;
};

HttpServer::HttpServer(boost::asio::io_context& io, Pharmacy& pharmacy, ServerConfig config)
    : impl_(std::make_shared<Impl>(io, pharmacy, std::move(config))) {}

HttpServer::~HttpServer() { impl_->stop(); }

Status HttpServer::start() { return impl_->start(); }

unsigned short HttpServer::port() const { return impl_->port(); }

void HttpServer::stop() { impl_->stop(); }

}  // namespace rx
