// intake_load: an HTTP load generator for durable intake. It posts distinct
// canonical prescriptions to POST /api/v1/prescriptions over N keep-alive
// connections on one thread, checks that every answer is 201, and prints one
// JSON line with throughput and latency.
//
// Closed loop (default): every connection sends its next request as soon as
// the previous answer is read, so the server sets the pace.
// Open loop (--rate R): requests are due at fixed intervals of 1/R s and go out
// on the first idle connection; latency then counts from the moment a request
// was due, so a server that falls behind is charged for the queueing it causes.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rx::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::string token;
  int connections = 32;
  long long requests = 20000;
  double rate = 0;  // requests per second; 0 = closed loop
  uint64_t seed = 1;
  std::string run_id;
  std::string latency_log;  // CSV of every request, for plotting; empty: none
};

// A machine-dispensable drug of the shipped formulary, with a label dose that
// stays within its maximum, so that review finds nothing to block.
struct BenchDrug {
  const char* code;
  double dose_mg;
  const char* frequency;
};
constexpr BenchDrug kDrugs[] = {
    {"D0001", 100, "qd"},   // aspirin 100 mg
    {"D0003", 75, "qd"},    // clopidogrel 75 mg
    {"D0019", 20, "qd"},    // atorvastatin 20 mg
    {"D0022", 500, "bid"},  // metformin 500 mg
};

// The canonical JSON of prescription number `serial` of this run: 1-3
// distinct drugs, 1-3 packs each, no payment.
std::string prescription_body(const std::string& run_id, long long serial, std::mt19937_64& rng) {
  std::vector<int> order = {0, 1, 2, 3};
  std::shuffle(order.begin(), order.end(), rng);
  int n = 1 + static_cast<int>(rng() % 3);
  nlohmann::json items = nlohmann::json::array();
  for (int i = 0; i < n; ++i) {
    const BenchDrug& d = kDrugs[order[i]];
    items.push_back({{"drug", d.code},
                     {"dose", {{"value", d.dose_mg}, {"unit", "mg"}}},
                     {"route", "po"},
                     {"frequency", d.frequency},
                     {"days", 7},
                     {"quantity", {{"value", 1 + static_cast<int>(rng() % 3)}, {"unit", "pack"}}}});
  }
  int birth_year = 1940 + static_cast<int>(rng() % 60);
  nlohmann::json rx = {
      {"prescription_no", fmt::format("BM{}-{:07d}", run_id, serial)},
      {"visit", {{"type", "outpatient"}, {"department", "心内科"}}},
      {"patient",
       {{"id", fmt::format("PB{:07d}", serial)},
        {"name", "压测患者"},
        {"sex", serial % 2 ? "M" : "F"},
        {"birth_date", fmt::format("{}-06-15", birth_year)},
        {"allergies", nlohmann::json::array()}}},
      {"prescriber", {{"id", "D0012"}, {"name", "李医生"}}},
      {"diagnoses", {{{"code", "I25.1"}, {"text", "冠心病"}}}},
      {"items", items}};
  return rx.dump();
}

class Load {
 public:
  Load(asio::io_context& io, Options opt) : io_(io), opt_(std::move(opt)), pace_(io) {
    std::mt19937_64 rng(opt_.seed);
    bodies_.reserve(opt_.requests);
    for (long long i = 0; i < opt_.requests; ++i) bodies_.push_back(prescription_body(opt_.run_id, i + 1, rng));
    latency_ms_.assign(opt_.requests, -1.0);
    started_ms_.assign(opt_.requests, 0.0);
    status_.assign(opt_.requests, 0);
    connection_.assign(opt_.requests, -1);
  }

  // Resolves, connects every connection, then starts the clock and the load.
  bool run() {
    beast::error_code ec;
    tcp::resolver resolver(io_);
    endpoints_ = resolver.resolve(opt_.host, std::to_string(opt_.port), ec);
    if (ec) {
      fmt::print(stderr, "intake_load: cannot resolve {}: {}\n", opt_.host, ec.message());
      return false;
    }
    for (int i = 0; i < opt_.connections; ++i) {
      auto c = std::make_unique<Conn>(io_, i);
      asio::connect(c->socket, endpoints_, ec);
      if (ec) {
        fmt::print(stderr, "intake_load: cannot connect to {}:{}: {}\n", opt_.host, opt_.port, ec.message());
        return false;
      }
      c->socket.set_option(tcp::no_delay(true));
      conns_.push_back(std::move(c));
    }
    start_ = Clock::now();
    if (opt_.rate > 0) {
      for (auto& c : conns_) idle_.push_back(c.get());
      pace();
    } else {
      for (auto& c : conns_) next(*c);
    }
    io_.run();
    if (done_ < opt_.requests) {
      // Connections were lost and could not be reopened: what was never
      // answered counts as failed.
      end_ = Clock::now();
      errors_ += opt_.requests - done_;
    }
    return true;
  }

  nlohmann::json report() const {
    std::vector<double> ok;
    for (double l : latency_ms_) {
      if (l >= 0) ok.push_back(l);
    }
    std::sort(ok.begin(), ok.end());
    auto pct = [&](double p) {
      if (ok.empty()) return 0.0;
      size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(ok.size()))) - 1;
      return ok[std::min(i, ok.size() - 1)];
    };
    double seconds = std::chrono::duration<double>(end_ - start_).count();
    auto round3 = [](double x) { return std::round(x * 1000) / 1000; };
    return {{"requests", opt_.requests},
            {"connections", opt_.connections},
            {"rate", opt_.rate},
            {"seconds", round3(seconds)},
            {"per_second", std::round(seconds > 0 ? static_cast<double>(ok.size()) / seconds : 0.0)},
            {"p50_ms", round3(pct(0.50))},
            {"p99_ms", round3(pct(0.99))},
            {"max_ms", round3(ok.empty() ? 0.0 : ok.back())},
            {"errors", errors_}};
  }

  long long errors() const { return errors_; }

  // One line per request: index,connection,start_ms,latency_ms,status
  // (start from the beginning of the run; status 0 = no answer).
  bool write_latency_log(const std::string& path) const {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return false;
    fmt::print(f, "index,connection,start_ms,latency_ms,status\n");
    for (long long i = 0; i < opt_.requests; ++i) {
      fmt::print(f, "{},{},{:.3f},{:.3f},{}\n", i + 1, connection_[i], started_ms_[i], latency_ms_[i], status_[i]);
    }
    return std::fclose(f) == 0;
  }

 private:
  struct Conn {
    Conn(asio::io_context& io, int number) : socket(io), number(number) {}
    tcp::socket socket;
    int number;
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    http::response<http::string_body> res;
    long long index = -1;
    Clock::time_point since;
  };

  // Open loop: releases every request that is due, then sleeps until the next.
  void pace() {
    auto now = Clock::now();
    auto interval = std::chrono::duration<double>(1.0 / opt_.rate);
    while (released_ < opt_.requests) {
      auto due = start_ + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(released_));
      if (due > now) {
        pace_.expires_at(due);
        pace_.async_wait([this](const beast::error_code& ec) {
          if (!ec) pace();
        });
        break;
      }
      due_.push_back({released_++, due});
    }
    while (!due_.empty() && !idle_.empty()) {
      Conn* c = idle_.front();
      idle_.pop_front();
      auto [index, at] = due_.front();
      due_.pop_front();
      send(*c, index, at);
    }
  }

  // Closed loop: the connection takes the next request, if any is left.
  void next(Conn& c) {
    if (next_ >= opt_.requests) return;
    long long index = next_++;
    send(c, index, Clock::now());
  }

  void send(Conn& c, long long index, Clock::time_point since) {
    c.index = index;
    c.since = since;
    started_ms_[index] = std::chrono::duration<double, std::milli>(since - start_).count();
    connection_[index] = c.number;
    c.req = {};
    c.req.method(http::verb::post);
    c.req.target("/api/v1/prescriptions");
    c.req.version(11);
    c.req.set(http::field::host, opt_.host);
    c.req.set(http::field::content_type, "application/json");
    c.req.set(http::field::authorization, "Bearer " + opt_.token);
    c.req.keep_alive(true);
    c.req.body() = bodies_[index];
    c.req.prepare_payload();
    http::async_write(c.socket, c.req, [this, &c](const beast::error_code& ec, size_t) {
      if (ec) return fail(c, "write", ec);
      c.res = {};
      http::async_read(c.socket, c.buffer, c.res, [this, &c](const beast::error_code& ec, size_t) {
        if (ec) return fail(c, "read", ec);
        answered(c);
      });
    });
  }

  void answered(Conn& c) {
    status_[c.index] = c.res.result_int();
    if (c.res.result() == http::status::created) {
      latency_ms_[c.index] = std::chrono::duration<double, std::milli>(Clock::now() - c.since).count();
    } else {
      if (errors_ == 0) {
        fmt::print(stderr, "intake_load: request {} answered {}: {}\n", c.index + 1, c.res.result_int(),
                   c.res.body().substr(0, 500));
      }
      ++errors_;
    }
    done_one();
    if (!c.res.keep_alive()) {
      beast::error_code ec;
      c.socket.close(ec);
      c.buffer.clear();
      asio::connect(c.socket, endpoints_, ec);
      if (ec) {
        fmt::print(stderr, "intake_load: reconnecting failed: {}\n", ec.message());
        return;
      }
      c.socket.set_option(tcp::no_delay(true), ec);
    }
    proceed(c);
  }

  void fail(Conn& c, const char* what, const beast::error_code& ec) {
    if (errors_ == 0) fmt::print(stderr, "intake_load: request {}: {} failed: {}\n", c.index + 1, what, ec.message());
    ++errors_;
    done_one();
    beast::error_code reconnect;
    c.socket.close(reconnect);
    c.buffer.clear();
    asio::connect(c.socket, endpoints_, reconnect);
    if (reconnect) return;  // this connection is lost; the others carry on
    proceed(c);
  }

  void proceed(Conn& c) {
    if (opt_.rate > 0) {
      if (!due_.empty()) {
        auto [index, at] = due_.front();
        due_.pop_front();
        send(c, index, at);
      } else {
        idle_.push_back(&c);
      }
    } else {
      next(c);
    }
  }

  void done_one() {
    if (++done_ == opt_.requests) {
      end_ = Clock::now();
      for (auto& c : conns_) {
        beast::error_code ec;
        c->socket.shutdown(tcp::socket::shutdown_both, ec);
        c->socket.close(ec);
      }
    }
  }

  asio::io_context& io_;
  Options opt_;
  asio::steady_timer pace_;
  tcp::resolver::results_type endpoints_;
  std::vector<std::string> bodies_;
  std::vector<double> latency_ms_;  // -1 until answered 201
  std::vector<double> started_ms_;  // when each request was due or sent, from the start of the run
  std::vector<unsigned> status_;
  std::vector<int> connection_;
  std::vector<std::unique_ptr<Conn>> conns_;
  std::deque<Conn*> idle_;
  std::deque<std::pair<long long, Clock::time_point>> due_;
  long long next_ = 0;
  long long released_ = 0;
  long long done_ = 0;
  long long errors_ = 0;
  Clock::time_point start_;
  Clock::time_point end_;
};

}  // namespace
}  // namespace rx::bench

int main(int argc, char** argv) {
  rx::bench::Options opt;
  CLI::App app{"Posts distinct prescriptions to a running rxpress and prints throughput and latency as JSON"};
  app.add_option("--host", opt.host, "server address")->capture_default_str();
  app.add_option("--port", opt.port, "server HTTP port")->required();
  app.add_option("--token", opt.token, "bearer token of a role that may create prescriptions (his or admin)")
      ->required();
  app.add_option("-c,--connections", opt.connections, "concurrent keep-alive connections")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("-n,--requests", opt.requests, "prescriptions to post")
      ->capture_default_str()
      ->check(CLI::Range(1LL, 100000000LL));
  app.add_option("--rate", opt.rate, "open-loop pace in requests per second (0: closed loop)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", opt.seed, "seed of the prescription contents")->capture_default_str();
  app.add_option("--run-id", opt.run_id, "tag in every prescription_no (default: unique per run)");
  app.add_option("--latency-log", opt.latency_log, "write every request's start, latency and status to this CSV");
  CLI11_PARSE(app, argc, argv);
  if (opt.run_id.empty()) {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    opt.run_id = fmt::format("{:x}{:x}", std::chrono::duration_cast<std::chrono::milliseconds>(now).count(),
                             static_cast<unsigned>(getpid()));
  }

  boost::asio::io_context io;
  rx::bench::Load load(io, opt);
  if (!load.run()) return 2;
  fmt::print("{}\n", load.report().dump());
  if (!opt.latency_log.empty() && !load.write_latency_log(opt.latency_log)) {
    fmt::print(stderr, "intake_load: cannot write {}\n", opt.latency_log);
    return 2;
  }
  return load.errors() == 0 ? 0 : 1;
}
