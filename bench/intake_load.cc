// intake_load: a load generator for durable intake. It sends distinct
// prescriptions over N connections on one thread, checks every answer, and
// prints one JSON line with throughput and latency.
//
// --protocol http (default): POST /api/v1/prescriptions with canonical JSON
// over keep-alive connections; an answer counts when it is 201.
// --protocol mllp: RDE^O11 messages framed <VT>...<FS><CR>, as an HIS sends
// them; an answer counts when its MSA-1 is AA and its MSA-2 is the message's
// MSH-10. rxpress sends AA only after the commit, so every one is durable.
//
// Closed loop (default): every connection sends its next request as soon as
// the previous answer is read, so the server sets the pace (one message in
// flight per connection, as MLLP senders do).
// Open loop (--rate R): requests are due at fixed intervals of 1/R s and go out
// on the first idle connection; latency then counts from the moment a request
// was due, so a server that falls behind is charged for the queueing it causes.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rx::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

enum class Protocol { kHttp, kMllp };

struct Options {
  Protocol protocol = Protocol::kHttp;
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

// What prescription number `serial` of a run holds, whatever the protocol
// that carries it: 1-3 distinct drugs, 1-3 packs each, no payment.
struct BenchPrescription {
  struct Line {
    const BenchDrug* drug;
    int packs;
  };
  std::string number;
  std::string patient_id;
  char sex;
  int birth_year;
  std::vector<Line> lines;
};

BenchPrescription draw_prescription(const std::string& run_id, long long serial, std::mt19937_64& rng) {
  std::vector<int> order = {0, 1, 2, 3};
  std::shuffle(order.begin(), order.end(), rng);
  int n = 1 + static_cast<int>(rng() % 3);
  BenchPrescription p;
  for (int i = 0; i < n; ++i) p.lines.push_back({&kDrugs[order[i]], 1 + static_cast<int>(rng() % 3)});
  p.birth_year = 1940 + static_cast<int>(rng() % 60);
  p.number = fmt::format("BM{}-{:07d}", run_id, serial);
  p.patient_id = fmt::format("PB{:07d}", serial);
  p.sex = serial % 2 ? 'M' : 'F';
  return p;
}

// One connection of the run. `buffer` and `res` serve HTTP, `inbox` MLLP.
struct Conn {
  Conn(asio::io_context& io, int number) : socket(io), number(number) {}
  tcp::socket socket;
  int number;
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  std::string inbox;
  long long index = -1;
  Clock::time_point since;
};

// What one answer said.
struct Answer {
  bool good = false;    // the success the run counts
  std::string code;     // HTTP status or MSA-1, for the latency log
  std::string text;     // shown for the first answer that is not good
  bool closes = false;  // the server ends the connection after it
};

// The protocol-specific half of the load: the bytes of each request, and how
// its answer is read and judged. The engine (Load) does the rest.
class Wire {
 public:
  using Judged = std::function<void(const beast::error_code&, Answer)>;
  virtual ~Wire() = default;
  // The bytes to send for this prescription, exactly as they go on the wire.
  virtual std::string request(const BenchPrescription& p, long long serial) const = 0;
  // Reads the answer to request `serial` on `c` and hands it, judged, to `judged`.
  virtual void read_answer(Conn& c, long long serial, Judged judged) const = 0;
};

class HttpWire : public Wire {
 public:
  HttpWire(std::string host, std::string token) : host_(std::move(host)), token_(std::move(token)) {}

  std::string request(const BenchPrescription& p, long long) const override {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& line : p.lines) {
      items.push_back({{"drug", line.drug->code},
                       {"dose", {{"value", line.drug->dose_mg}, {"unit", "mg"}}},
                       {"route", "po"},
                       {"frequency", line.drug->frequency},
                       {"days", 7},
                       {"quantity", {{"value", line.packs}, {"unit", "pack"}}}});
    }
    nlohmann::json rx = {{"prescription_no", p.number},
                         {"visit", {{"type", "outpatient"}, {"department", "心内科"}}},
                         {"patient",
                          {{"id", p.patient_id},
                           {"name", "压测患者"},
                           {"sex", std::string(1, p.sex)},
                           {"birth_date", fmt::format("{}-06-15", p.birth_year)},
                           {"allergies", nlohmann::json::array()}}},
                         {"prescriber", {{"id", "D0012"}, {"name", "李医生"}}},
                         {"diagnoses", {{{"code", "I25.1"}, {"text", "冠心病"}}}},
                         {"items", items}};
    std::string body = rx.dump();
    return fmt::format(
        "POST /api/v1/prescriptions HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n"
        "Authorization: Bearer {}\r\nContent-Length: {}\r\n\r\n{}",
        host_, token_, body.size(), body);
  }

  void read_answer(Conn& c, long long, Judged judged) const override {
    c.res = {};
    http::async_read(c.socket, c.buffer, c.res, [&c, judged = std::move(judged)](const beast::error_code& ec, size_t) {
      if (ec) return judged(ec, {});
      judged(ec, Answer{c.res.result() == http::status::created, std::to_string(c.res.result_int()),
                        c.res.body().substr(0, 500), !c.res.keep_alive()});
    });
  }

 private:
  std::string host_;
  std::string token_;
};

constexpr char kStartBlock = '\x0b';
constexpr std::string_view kEndBlock = "\x1c\r";

// Field `n` of the first segment named `name` in an HL7 message ("" if absent);
// not for MSH, whose field 1 is the separator itself.
std::string hl7_field(std::string_view message, std::string_view name, size_t n) {
  if (message.size() < 4) return "";
  char sep = message[3];  // MSH-1
  size_t pos = 0;
  while (pos < message.size()) {
    size_t end = message.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = message.size();
    std::string_view segment = message.substr(pos, end - pos);
    if (segment.size() > name.size() && segment.substr(0, name.size()) == name && segment[name.size()] == sep) {
      size_t at = name.size();  // the separator before field 1
      for (size_t i = 1; i < n && at != std::string_view::npos; ++i) at = segment.find(sep, at + 1);
      if (at == std::string_view::npos) return "";
      size_t stop = segment.find(sep, at + 1);
      return std::string(segment.substr(at + 1, stop == std::string_view::npos ? stop : stop - at - 1));
    }
    pos = end + 1;
  }
  return "";
}

class MllpWire : public Wire {
 public:
  // The order messages carry `now` as MSH-7, the time they were issued, and
  // `run_id` in MSH-10, which must not repeat on one server.
  MllpWire(std::chrono::system_clock::time_point now, std::string run_id)
      : sent_at_(fmt::format("{:%Y%m%d%H%M%S}+0000", std::chrono::floor<std::chrono::seconds>(now))),
        run_id_(std::move(run_id)) {}

  // An RDE^O11 with one order group (ORC, RXE, RXR) per line.
  std::string request(const BenchPrescription& p, long long serial) const override {
    std::string m;
    m += kStartBlock;
    m += fmt::format("MSH|^~\\&|BENCH|HIS|RXPRESS|PHARMACY|{}||RDE^O11^RDE_O11|{}|P|2.5|||||CHN|UNICODE UTF-8\r",
                     sent_at_, control_id(serial));
    m += fmt::format("PID|1||{}^^^HIS^MR||压测^患者||{}0615|{}\r", p.patient_id, p.birth_year, p.sex);
    m += "PV1|1|O|心内科\r";
    for (size_t i = 0; i < p.lines.size(); ++i) {
      const auto& line = p.lines[i];
      m += fmt::format("ORC|NW|{}-{}||{}||||||||D0012^李^医生\r", p.number, i + 1, p.number);
      m += fmt::format("RXE|^{}^D7|{}^^RXPRESS|{}||mg|||||{}|盒\r", line.drug->frequency, line.drug->code,
                       line.drug->dose_mg, line.packs);
      m += "RXR|PO\r";
    }
    m += kEndBlock;
    return m;
  }

  void read_answer(Conn& c, long long serial, Judged judged) const override {
    asio::async_read_until(
        c.socket, asio::dynamic_buffer(c.inbox), kEndBlock,
        [this, &c, serial, judged = std::move(judged)](const beast::error_code& ec, size_t n) {
          if (ec) return judged(ec, {});
          std::string_view frame(c.inbox.data(), n - kEndBlock.size());
          size_t start = frame.find(kStartBlock);
          std::string ack(start == std::string_view::npos ? frame : frame.substr(start + 1));
          c.inbox.erase(0, n);
          std::string code = hl7_field(ack, "MSA", 1);
          std::string echoed = hl7_field(ack, "MSA", 2);
          std::replace(ack.begin(), ack.end(), '\r', '\n');
          Answer a{code == "AA" && echoed == control_id(serial), code.empty() ? "none" : code, ack.substr(0, 500)};
          if (code == "AA" && !a.good)
            a.text = fmt::format("MSA-2 is '{}', not '{}':\n{}", echoed, control_id(serial), a.text);
          judged(ec, std::move(a));
        });
  }

 private:
  // The MSH-10 of request `serial`.
  std::string control_id(long long serial) const { return fmt::format("M{}-{:07d}", run_id_, serial); }

  std::string sent_at_;
  std::string run_id_;
};

class Load {
 public:
  Load(asio::io_context& io, Options opt, const Wire& wire) : io_(io), opt_(std::move(opt)), wire_(wire), pace_(io) {
    std::mt19937_64 rng(opt_.seed);
    requests_.reserve(opt_.requests);
    for (long long i = 0; i < opt_.requests; ++i) {
      requests_.push_back(wire_.request(draw_prescription(opt_.run_id, i + 1, rng), i + 1));
    }
    latency_ms_.assign(opt_.requests, -1.0);
    started_ms_.assign(opt_.requests, 0.0);
    answer_.assign(opt_.requests, "");
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
    std::map<std::string, long long> answers;
    for (const auto& a : answer_) ++answers[a.empty() ? "none" : a];
    double seconds = std::chrono::duration<double>(end_ - start_).count();
    auto round3 = [](double x) { return std::round(x * 1000) / 1000; };
    return {{"protocol", opt_.protocol == Protocol::kMllp ? "mllp" : "http"},
            {"requests", opt_.requests},
            {"connections", opt_.connections},
            {"rate", opt_.rate},
            {"seconds", round3(seconds)},
            {"per_second", std::round(seconds > 0 ? static_cast<double>(ok.size()) / seconds : 0.0)},
            {"p50_ms", round3(pct(0.50))},
            {"p99_ms", round3(pct(0.99))},
            {"max_ms", round3(ok.empty() ? 0.0 : ok.back())},
            {"answers", answers},
            {"errors", errors_}};
  }

  long long errors() const { return errors_; }

  // One line per request: index,connection,start_ms,latency_ms,answer
  // (start from the beginning of the run; answer: the HTTP status or MSA-1,
  // empty when none came).
  bool write_latency_log(const std::string& path) const {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return false;
    fmt::print(f, "index,connection,start_ms,latency_ms,answer\n");
    for (long long i = 0; i < opt_.requests; ++i) {
      fmt::print(f, "{},{},{:.3f},{:.3f},{}\n", i + 1, connection_[i], started_ms_[i], latency_ms_[i], answer_[i]);
    }
    return std::fclose(f) == 0;
  }

 private:
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
    asio::async_write(c.socket, asio::buffer(requests_[index]), [this, &c](const beast::error_code& ec, size_t) {
      if (ec) return fail(c, "write", ec);
      wire_.read_answer(c, c.index + 1, [this, &c](const beast::error_code& ec, Answer a) {
        if (ec) return fail(c, "read", ec);
        answered(c, std::move(a));
      });
    });
  }

  void answered(Conn& c, Answer a) {
    answer_[c.index] = a.code;
    if (a.good) {
      latency_ms_[c.index] = std::chrono::duration<double, std::milli>(Clock::now() - c.since).count();
    } else {
      if (errors_ == 0) fmt::print(stderr, "intake_load: request {} answered {}: {}\n", c.index + 1, a.code, a.text);
      ++errors_;
    }
    done_one();
    if (a.closes) {
      beast::error_code ec;
      if (!reconnect(c, ec)) {
        fmt::print(stderr, "intake_load: reconnecting failed: {}\n", ec.message());
        return;
      }
    }
    proceed(c);
  }

  void fail(Conn& c, const char* what, const beast::error_code& ec) {
    if (errors_ == 0) fmt::print(stderr, "intake_load: request {}: {} failed: {}\n", c.index + 1, what, ec.message());
    ++errors_;
    done_one();
    beast::error_code again;
    if (!reconnect(c, again)) return;  // this connection is lost; the others carry on
    proceed(c);
  }

  // A new connection in place of the one the server ended, with nothing of
  // the old one's unread bytes.
  bool reconnect(Conn& c, beast::error_code& ec) {
    c.socket.close(ec);
    c.buffer.clear();
    c.inbox.clear();
    asio::connect(c.socket, endpoints_, ec);
    if (ec) return false;
    c.socket.set_option(tcp::no_delay(true), ec);
    return true;
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
      pace_.cancel();
      for (auto& c : conns_) {
        beast::error_code ec;
        c->socket.shutdown(tcp::socket::shutdown_both, ec);
        c->socket.close(ec);
      }
    }
  }

  asio::io_context& io_;
  Options opt_;
  const Wire& wire_;
  asio::steady_timer pace_;
  tcp::resolver::results_type endpoints_;
  std::vector<std::string> requests_;
  std::vector<double> latency_ms_;  // -1 until answered with success
  std::vector<double> started_ms_;  // when each request was due or sent, from the start of the run
  std::vector<std::string> answer_;
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
  using rx::bench::Protocol;
  rx::bench::Options opt;
  CLI::App app{"Sends distinct prescriptions to a running rxpress and prints throughput and latency as JSON"};
  std::string protocol = "http";
  app.add_option("--protocol", protocol, "http: POST canonical JSON; mllp: RDE^O11 over MLLP")
      ->check(CLI::IsMember({"http", "mllp"}))
      ->capture_default_str();
  app.add_option("--host", opt.host, "server address")->capture_default_str();
  app.add_option("--port", opt.port, "server HTTP port, or its MLLP port with --protocol mllp")->required();
  app.add_option("--token", opt.token,
                 "bearer token of a role that may create prescriptions (his or admin); http only");
  app.add_option("-c,--connections", opt.connections, "concurrent connections")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("-n,--requests", opt.requests, "prescriptions to send")
      ->capture_default_str()
      ->check(CLI::Range(1LL, 100000000LL));
  app.add_option("--rate", opt.rate, "open-loop pace in requests per second (0: closed loop)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", opt.seed, "seed of the prescription contents")->capture_default_str();
  app.add_option("--run-id", opt.run_id, "tag in every prescription_no (default: unique per run)");
  app.add_option("--latency-log", opt.latency_log, "write every request's start, latency and answer to this CSV");
  CLI11_PARSE(app, argc, argv);
  opt.protocol = protocol == "mllp" ? Protocol::kMllp : Protocol::kHttp;
  if (opt.protocol == Protocol::kHttp && opt.token.empty()) {
    fmt::print(stderr, "intake_load: --token is required with --protocol http (a token of the his or admin role)\n");
    return 2;
  }
  auto wall = std::chrono::system_clock::now();
  if (opt.run_id.empty()) {
    opt.run_id =
        fmt::format("{:x}{:x}", std::chrono::duration_cast<std::chrono::milliseconds>(wall.time_since_epoch()).count(),
                    static_cast<unsigned>(getpid()));
  }

  std::unique_ptr<rx::bench::Wire> wire;
  if (opt.protocol == Protocol::kMllp) {
    wire = std::make_unique<rx::bench::MllpWire>(wall, opt.run_id);
  } else {
    wire = std::make_unique<rx::bench::HttpWire>(opt.host, opt.token);
  }
  boost::asio::io_context io;
  rx::bench::Load load(io, opt, *wire);
  if (!load.run()) return 2;
  fmt::print("{}\n", load.report().dump());
  if (!opt.latency_log.empty() && !load.write_latency_log(opt.latency_log)) {
    fmt::print(stderr, "intake_load: cannot write {}\n", opt.latency_log);
    return 2;
  }
  return load.errors() == 0 ? 0 : 1;
}
