// End to end: the HttpServer on a real Pharmacy (in-memory SQLite, the demo
// formulary and stock), on a loop thread, spoken to over loopback sockets.
#include "server/http_server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "interop/csv/formulary_csv.h"
#include "interop/csv/stock_csv.h"
#include "service/asio_scheduler.h"
#include "storage/sqlite/sqlite_store.h"
#include "unit/server/test_client.h"

namespace rx {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;
using nlohmann::json;
using testing::LoopThread;
using testing::TestClient;

constexpr const char* kHis = "Bearer his-token";
constexpr const char* kPharmacist = "Bearer pharmacist-token";
constexpr const char* kTechnician = "Bearer technician-token";
constexpr const char* kAdmin = "Bearer admin-token";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json prescription(const std::string& no) {
  return {{"prescription_no", no},
          {"patient", {{"id", "P000123"}, {"name", "张三"}, {"sex", "M"}, {"birth_date", "1958-04-02"}}},
          {"prescriber", {{"id", "D0012"}, {"name", "李医生"}}},
          {"items",
           {{{"drug", "D0001"},
             {"dose", {{"value", 100}, {"unit", "mg"}}},
             {"route", "po"},
             {"frequency", "qd"},
             {"days", 7},
             {"quantity", {{"value", 1}, {"unit", "pack"}}}}}}};
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::path data = fs::path(RXPRESS_SHARED_DIR) / "data";
    auto formulary = load_formulary_csv(read_file(data / "formulary.csv"), "formulary.csv");
    ASSERT_TRUE(formulary.ok()) << formulary.status().to_string();
    formulary_ = std::move(formulary).value();
    auto stock = load_stock_csv(read_file(data / "stock.csv"), "stock.csv", formulary_);
    ASSERT_TRUE(stock.ok()) << stock.status().to_string();
    auto store = SqliteStore::open(":memory:");
    ASSERT_TRUE(store.ok()) << store.status().to_string();
    store_ = std::move(store).value();

    // One directory per process: CTest runs the tests of this file in
    // parallel processes, and each removes its own directory at the end.
    web_root_ = fs::path(::testing::TempDir()) / ("rxpress_http_server_test_" + std::to_string(::getpid())) / "web";
    fs::create_directories(web_root_);
    std::ofstream(web_root_ / "index.html") << "<title>rxpress</title>";
    std::ofstream(web_root_.parent_path() / "rxpress_http_server_test_secret.txt") << "secret";

    scheduler_ = std::make_unique<AsioScheduler>(loop_.io());
    Status started = loop_.call([&] {
      Date today = PharmacyConfig{}.zone.local_date(scheduler_->now());
      pharmacy_ = std::make_unique<Pharmacy>(*scheduler_, *store_, formulary_, PharmacyConfig{});
      TRY(pharmacy_->open(rebase_expiries(*stock, kShippedStockToday, today)));
      server_ = std::make_unique<HttpServer>(loop_.io(), *pharmacy_, config());
      return server_->start();
    });
    ASSERT_TRUE(started.ok()) << started.to_string();
    port_ = loop_.call([&] { return server_->port(); });
    ASSERT_NE(port_, 0);
  }

  void TearDown() override {
    if (server_) loop_.call([&] { server_->stop(); });
    loop_.stop();
    server_.reset();
    pharmacy_.reset();
    fs::remove_all(web_root_.parent_path());
  }

  ServerConfig config() const {
    ServerConfig c;
    c.port = 0;
    c.web_root = web_root_;
    c.tokens = {{"his-token", "his", "his1"},
                {"pharmacist-token", "pharmacist", "wang"},
                {"technician-token", "technician", "li"},
                {"admin-token", "admin", "root"}};
    return c;
  }

  std::optional<testing::Response> call(http::verb method, const std::string& target, const char* auth,
                                        const std::string& body = "",
                                        std::vector<std::pair<std::string, std::string>> headers = {}) {
    TestClient client(port_);
    if (auth) headers.emplace_back("Authorization", auth);
    return client.request(method, target, body, headers);
  }

  // POSTs a prescription as the HIS and returns the answer's JSON.
  json create(const std::string& no, http::status expected = http::status::created) {
    auto res = call(http::verb::post, "/api/v1/prescriptions", kHis, prescription(no).dump());
    EXPECT_TRUE(res.has_value());
    if (!res) return {};
    EXPECT_EQ(res->result(), expected) << res->body();
    return json::parse(res->body());
  }

  // Expects a 400 (or `code`) whose error names `label` and `field`.
  void expect_error(const std::optional<testing::Response>& res, http::status code, const std::string& label,
                    const std::string& field = "") {
    ASSERT_TRUE(res.has_value());
    EXPECT_EQ(res->result(), code) << res->body();
    json body = json::parse(res->body());
    EXPECT_EQ(body["error"]["code"], label) << res->body();
    EXPECT_TRUE(body["error"]["message"].is_string());
    if (field.empty()) {
      EXPECT_FALSE(body["error"].contains("field")) << res->body();
    } else {
      EXPECT_EQ(body["error"]["field"], field) << res->body();
    }
  }

  void expect_still_serving() {
    auto res = call(http::verb::get, "/healthz", nullptr);
    ASSERT_TRUE(res.has_value());
    EXPECT_EQ(res->result(), http::status::ok);
  }

  LoopThread loop_;
  Formulary formulary_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AsioScheduler> scheduler_;
  std::unique_ptr<Pharmacy> pharmacy_;
  std::unique_ptr<HttpServer> server_;
  fs::path web_root_;
  unsigned short port_ = 0;
};

TEST_F(HttpServerTest, HealthzIsOpen) {
  auto res = call(http::verb::get, "/healthz", nullptr);
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->result(), http::status::ok);
  EXPECT_EQ(json::parse(res->body()), json({{"status", "ok"}}));
}

TEST_F(HttpServerTest, CreateIs201ThenTheSameNumberIs200) {
  json first = create("MZ-E2E-1");
  ASSERT_TRUE(first.contains("id"));
  EXPECT_EQ(first["prescription_no"], "MZ-E2E-1");
  EXPECT_EQ(first["items"][0]["drug"], "D0001");
  json again = create("MZ-E2E-1", http::status::ok);
  EXPECT_EQ(again["id"], first["id"]);
  json other = create("MZ-E2E-2");
  EXPECT_NE(other["id"], first["id"]);
}

TEST_F(HttpServerTest, CreateAnswersWithLocation) {
  auto res = call(http::verb::post, "/api/v1/prescriptions", kAdmin, prescription("MZ-E2E-LOC").dump());
  ASSERT_TRUE(res.has_value());
  ASSERT_EQ(res->result(), http::status::created) << res->body();
  json body = json::parse(res->body());
  EXPECT_EQ(std::string((*res)[http::field::location]), "/api/v1/prescriptions/" + body["id"].dump());
}

TEST_F(HttpServerTest, GetOneAndList) {
  json created = create("MZ-E2E-GET");
  std::string id = created["id"].dump();
  auto one = call(http::verb::get, "/api/v1/prescriptions/" + id, kTechnician);
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->result(), http::status::ok) << one->body();
  json record = json::parse(one->body());
  EXPECT_EQ(record["prescription_no"], "MZ-E2E-GET");
  EXPECT_TRUE(record.contains("history"));

  auto list = call(http::verb::get, "/api/v1/prescriptions?prescription_no=MZ-E2E-GET", kPharmacist);
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->result(), http::status::ok) << list->body();
  json page = json::parse(list->body());
  ASSERT_EQ(page["prescriptions"].size(), 1u);
  EXPECT_EQ(page["prescriptions"][0]["id"], created["id"]);
  EXPECT_TRUE(page.contains("next"));
}

TEST_F(HttpServerTest, ListPagesWithTheCursor) {
  create("MZ-E2E-P1");
  create("MZ-E2E-P2");
  create("MZ-E2E-P3");
  auto first = call(http::verb::get, "/api/v1/prescriptions?limit=2", kHis);
  ASSERT_TRUE(first.has_value());
  json page1 = json::parse(first->body());
  ASSERT_EQ(page1["prescriptions"].size(), 2u) << first->body();
  ASSERT_TRUE(page1["next"].is_string()) << first->body();
  auto second = call(http::verb::get, "/api/v1/prescriptions?limit=2&after=" + page1["next"].get<std::string>(), kHis);
  ASSERT_TRUE(second.has_value());
  json page2 = json::parse(second->body());
  ASSERT_EQ(page2["prescriptions"].size(), 1u) << second->body();
  EXPECT_EQ(page2["prescriptions"][0]["prescription_no"], "MZ-E2E-P3");
}

TEST_F(HttpServerTest, ListRefusesBadParameters) {
  expect_error(call(http::verb::get, "/api/v1/prescriptions?status=lost", kHis), http::status::bad_request,
               "INVALID_ARGUMENT", "status");
  expect_error(call(http::verb::get, "/api/v1/prescriptions?limit=0", kHis), http::status::bad_request,
               "INVALID_ARGUMENT", "limit");
  expect_error(call(http::verb::get, "/api/v1/prescriptions?limit=ten", kHis), http::status::bad_request,
               "INVALID_ARGUMENT", "limit");
  expect_error(call(http::verb::get, "/api/v1/prescriptions?after=x", kHis), http::status::bad_request,
               "INVALID_ARGUMENT", "after");
  auto clamped = call(http::verb::get, "/api/v1/prescriptions?limit=99999999999999999999&status=accepted", kHis);
  ASSERT_TRUE(clamped.has_value());
  EXPECT_EQ(clamped->result(), http::status::ok) << clamped->body();
}

TEST_F(HttpServerTest, UnknownPrescriptionsAre404) {
  expect_error(call(http::verb::get, "/api/v1/prescriptions/abc", kHis), http::status::not_found, "NOT_FOUND");
  expect_error(call(http::verb::get, "/api/v1/prescriptions/999999", kHis), http::status::not_found, "NOT_FOUND");
  expect_error(call(http::verb::post, "/api/v1/prescriptions/abc/payment", kHis, "{}"), http::status::not_found,
               "NOT_FOUND");
  expect_error(call(http::verb::post, "/api/v1/prescriptions/999999/payment", kHis, "{}"), http::status::not_found,
               "NOT_FOUND");
}

TEST_F(HttpServerTest, BadPrescriptionsAre400NamingTheField) {
  auto post = [&](const std::string& body) { return call(http::verb::post, "/api/v1/prescriptions", kHis, body); };

  auto malformed = post(R"({"prescription_no": "X",)");
  expect_error(malformed, http::status::bad_request, "MALFORMED_JSON");
  EXPECT_NE(json::parse(malformed->body())["error"]["message"].get<std::string>().find("offset"), std::string::npos);
  expect_still_serving();

  json missing_no = prescription("unused");
  missing_no.erase("prescription_no");
  expect_error(post(missing_no.dump()), http::status::bad_request, "INVALID_ARGUMENT", "prescription_no");
  expect_still_serving();

  json unknown_drug = prescription("MZ-E2E-BAD-1");
  unknown_drug["items"][0]["drug"] = "D9999";
  expect_error(post(unknown_drug.dump()), http::status::bad_request, "UNKNOWN_DRUG", "items[0].drug");
  expect_still_serving();

  json zero = prescription("MZ-E2E-BAD-2");
  zero["items"][0]["quantity"]["value"] = 0;
  expect_error(post(zero.dump()), http::status::bad_request, "INVALID_ARGUMENT", "items[0].quantity.value");
  expect_still_serving();

  json unit = prescription("MZ-E2E-BAD-3");
  unit["items"][0]["quantity"]["unit"] = "bucket";
  expect_error(post(unit.dump()), http::status::bad_request, "INVALID_ARGUMENT", "items[0].quantity.unit");
  expect_still_serving();

  json huge = prescription("MZ-E2E-BAD-4");
  huge["padding"] = std::string(1024 * 1024, 'x');
  expect_error(post(huge.dump()), http::status::bad_request, "BODY_TOO_LARGE");
  expect_still_serving();

  auto text = call(http::verb::post, "/api/v1/prescriptions", kHis, prescription("MZ-E2E-BAD-5").dump(),
                   {{"Content-Type", "text/plain"}});
  expect_error(text, http::status::unsupported_media_type, "UNSUPPORTED_MEDIA_TYPE", "Content-Type");

  // None of them was stored.
  auto list = call(http::verb::get, "/api/v1/prescriptions", kHis);
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(json::parse(list->body())["prescriptions"].size(), 0u) << list->body();
}

TEST_F(HttpServerTest, CredentialsAndRolesAreEnforced) {
  std::string body = prescription("MZ-E2E-AUTH").dump();
  expect_error(call(http::verb::post, "/api/v1/prescriptions", nullptr, body), http::status::unauthorized,
               "UNAUTHENTICATED");
  expect_error(call(http::verb::post, "/api/v1/prescriptions", "Bearer nope", body), http::status::unauthorized,
               "UNAUTHENTICATED");
  expect_error(call(http::verb::post, "/api/v1/prescriptions", kPharmacist, body), http::status::forbidden,
               "PERMISSION_DENIED");
  expect_error(call(http::verb::post, "/api/v1/prescriptions", kTechnician, body), http::status::forbidden,
               "PERMISSION_DENIED");
  expect_error(call(http::verb::get, "/api/v1/summary", nullptr), http::status::unauthorized, "UNAUTHENTICATED");

  std::string id = create("MZ-E2E-AUTH")["id"].dump();
  std::string reason = R"({"reason":"checked with the prescriber"})";
  expect_error(call(http::verb::post, "/api/v1/prescriptions/" + id + "/override", kHis, reason),
               http::status::forbidden, "PERMISSION_DENIED");
  expect_error(call(http::verb::post, "/api/v1/prescriptions/" + id + "/reject", kTechnician, reason),
               http::status::forbidden, "PERMISSION_DENIED");
  expect_error(call(http::verb::post, "/api/v1/prescriptions/" + id + "/payment", kPharmacist, "{}"),
               http::status::forbidden, "PERMISSION_DENIED");
  expect_error(call(http::verb::post, "/api/v1/prescriptions/" + id + "/handover", kHis, "{}"), http::status::forbidden,
               "PERMISSION_DENIED");
  auto read = call(http::verb::get, "/api/v1/prescriptions/" + id, kTechnician);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->result(), http::status::ok);
}

TEST_F(HttpServerTest, WorkflowBodiesAreChecked) {
  std::string base = "/api/v1/prescriptions/" + create("MZ-E2E-FLOW")["id"].dump();
  expect_error(call(http::verb::post, base + "/reject", kPharmacist, "{}"), http::status::bad_request,
               "INVALID_ARGUMENT", "reason");
  expect_error(call(http::verb::post, base + "/reject", kPharmacist, R"({"reason":"  "})"), http::status::bad_request,
               "INVALID_ARGUMENT", "reason");
  expect_error(call(http::verb::post, base + "/cancel", kHis, R"({"reason":7})"), http::status::bad_request,
               "INVALID_ARGUMENT", "reason");
  json long_reason = {{"reason", std::string(1001, 'r')}};
  expect_error(call(http::verb::post, base + "/override", kPharmacist, long_reason.dump()), http::status::bad_request,
               "INVALID_ARGUMENT", "reason");
  expect_error(call(http::verb::post, base + "/payment", kHis, R"({"paid_at":"yesterday"})"), http::status::bad_request,
               "INVALID_ARGUMENT", "paid_at");
  expect_error(call(http::verb::post, base + "/handover", kPharmacist, R"({"confirm_high_alert":"yes"})"),
               http::status::bad_request, "INVALID_ARGUMENT", "confirm_high_alert");
  expect_error(call(http::verb::post, base + "/checkin", kHis, "[1]"), http::status::bad_request, "INVALID_ARGUMENT");
}

TEST_F(HttpServerTest, PaymentAndCancelAnswerWithTheRecord) {
  std::string base = "/api/v1/prescriptions/" + create("MZ-E2E-PAY")["id"].dump();
  auto paid = call(http::verb::post, base + "/payment", kHis, R"({"paid_at":"2026-03-29T09:12:00+08:00"})");
  ASSERT_TRUE(paid.has_value());
  ASSERT_EQ(paid->result(), http::status::ok) << paid->body();
  EXPECT_EQ(json::parse(paid->body())["prescription_no"], "MZ-E2E-PAY");
  // A payment again is acknowledged and changes nothing.
  auto again = call(http::verb::post, base + "/payment", kHis, "");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->result(), http::status::ok) << again->body();

  std::string other = "/api/v1/prescriptions/" + create("MZ-E2E-CANCEL")["id"].dump();
  auto cancelled = call(http::verb::post, other + "/cancel", kHis, R"({"reason":"patient left"})");
  ASSERT_TRUE(cancelled.has_value());
  ASSERT_EQ(cancelled->result(), http::status::ok) << cancelled->body();
  EXPECT_EQ(json::parse(cancelled->body())["status"], "cancelled");
  // A cancelled prescription cannot be handed over.
  auto handover = call(http::verb::post, other + "/handover", kPharmacist, "{}");
  ASSERT_TRUE(handover.has_value());
  EXPECT_EQ(handover->result(), http::status::conflict) << handover->body();
}

TEST_F(HttpServerTest, APaymentTimeAheadOfTheClockIsRefusedAndChangesNothing) {
  std::string base = "/api/v1/prescriptions/" + create("MZ-E2E-PAY-AHEAD")["id"].dump();
  // Jobs are due by the payment time: one from 2099 would wait behind every other.
  expect_error(call(http::verb::post, base + "/payment", kHis, R"({"paid_at":"2099-01-01T00:00:00Z"})"),
               http::status::bad_request, "INVALID_ARGUMENT", "paid_at");
  auto read = call(http::verb::get, base, kHis);
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(json::parse(read->body())["paid_at"].is_null()) << read->body();

  auto paid = call(http::verb::post, base + "/payment", kHis, R"({"paid_at":"2026-03-29T09:12:00+08:00"})");
  ASSERT_TRUE(paid.has_value());
  EXPECT_EQ(paid->result(), http::status::ok) << paid->body();
}

TEST_F(HttpServerTest, UnknownApiPathsAndMethods) {
  expect_error(call(http::verb::get, "/api/v1/nothing", kHis), http::status::not_found, "NOT_FOUND");
  auto wrong = call(http::verb::delete_, "/api/v1/prescriptions", kHis);
  expect_error(wrong, http::status::method_not_allowed, "METHOD_NOT_ALLOWED");
  EXPECT_EQ(std::string((*wrong)[http::field::allow]), "POST, GET");
}

TEST_F(HttpServerTest, BrowserSessionSignInAndOut) {
  auto bad = call(http::verb::post, "/api/v1/session", nullptr, R"({"token":"nope"})");
  expect_error(bad, http::status::unauthorized, "UNAUTHENTICATED");

  auto signed_in = call(http::verb::post, "/api/v1/session", nullptr, R"({"token":"pharmacist-token"})");
  ASSERT_TRUE(signed_in.has_value());
  ASSERT_EQ(signed_in->result(), http::status::ok) << signed_in->body();
  EXPECT_EQ(json::parse(signed_in->body()), json({{"role", "pharmacist"}, {"name", "wang"}}));
  std::string set_cookie((*signed_in)[http::field::set_cookie]);
  EXPECT_NE(set_cookie.find("HttpOnly; SameSite=Strict; Path=/"), std::string::npos) << set_cookie;
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));

  auto who = call(http::verb::get, "/api/v1/session", nullptr, "", {{"Cookie", cookie}});
  ASSERT_TRUE(who.has_value());
  ASSERT_EQ(who->result(), http::status::ok);
  EXPECT_EQ(json::parse(who->body())["role"], "pharmacist");
  auto summary = call(http::verb::get, "/api/v1/summary", nullptr, "", {{"Cookie", cookie}});
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->result(), http::status::ok);
  // The session carries the pharmacist's role, and no more.
  expect_error(
      call(http::verb::post, "/api/v1/prescriptions", nullptr, prescription("MZ-E2E-S").dump(), {{"Cookie", cookie}}),
      http::status::forbidden, "PERMISSION_DENIED");

  auto out = call(http::verb::delete_, "/api/v1/session", nullptr, "", {{"Cookie", cookie}});
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->result(), http::status::no_content);
  EXPECT_NE(std::string((*out)[http::field::set_cookie]).find("Max-Age=0"), std::string::npos);
  expect_error(call(http::verb::get, "/api/v1/session", nullptr, "", {{"Cookie", cookie}}), http::status::unauthorized,
               "UNAUTHENTICATED");
}

TEST_F(HttpServerTest, InventoryAndSummary) {
  auto stock = call(http::verb::get, "/api/v1/inventory?drug=D0001", kTechnician);
  ASSERT_TRUE(stock.has_value());
  ASSERT_EQ(stock->result(), http::status::ok) << stock->body();
  json rows = json::parse(stock->body())["stock"];
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    EXPECT_EQ(row["drug"], "D0001");
    for (const char* key : {"lot", "expiry", "location", "quantity", "status"}) EXPECT_TRUE(row.contains(key)) << key;
  }
  auto summary = call(http::verb::get, "/api/v1/summary", kHis);
  ASSERT_TRUE(summary.has_value());
  ASSERT_EQ(summary->result(), http::status::ok);
  EXPECT_TRUE(json::parse(summary->body()).contains("counts"));
}

TEST_F(HttpServerTest, DashboardEventsDeliverANoticeAfterACreate) {
  expect_error(call(http::verb::get, "/api/v1/events", nullptr), http::status::unauthorized, "UNAUTHENTICATED");
  TestClient events(port_);
  ASSERT_TRUE(
      events.send_raw("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer technician-token\r\n\r\n"));
  ASSERT_TRUE(events.read_until("event: summary\ndata: "));
  EXPECT_EQ(events.received().rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  EXPECT_NE(events.received().find("text/event-stream"), std::string::npos);
  json created = create("MZ-E2E-SSE");
  ASSERT_TRUE(events.read_until("\"prescription_no\":\"MZ-E2E-SSE\"")) << events.received();
  EXPECT_NE(events.received().find("event: prescription\ndata: "), std::string::npos);
}

TEST_F(HttpServerTest, ScreenEventsAreOpen) {
  TestClient screen(port_);
  ASSERT_TRUE(screen.send_raw("GET /api/v1/screen/events HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(screen.read_until("event: screen\ndata: {"));
  EXPECT_NE(screen.received().find("\"calling\""), std::string::npos) << screen.received();
}

TEST_F(HttpServerTest, ScreenEventsRestrictedByAddress) {
  ServerConfig restricted = config();
  restricted.screen_allow = {"10.1.2.3"};
  std::unique_ptr<HttpServer> other;
  unsigned short port = loop_.call([&] {
    other = std::make_unique<HttpServer>(loop_.io(), *pharmacy_, restricted);
    return other->start().ok() ? other->port() : static_cast<unsigned short>(0);
  });
  ASSERT_NE(port, 0);
  TestClient screen(port);
  auto res = screen.request(http::verb::get, "/api/v1/screen/events");
  expect_error(res, http::status::forbidden, "PERMISSION_DENIED");
  loop_.call([&] { other.reset(); });
}

TEST_F(HttpServerTest, MetricsCountRequestsAndPrescriptions) {
  create("MZ-E2E-M");
  auto res = call(http::verb::get, "/metrics", nullptr);
  ASSERT_TRUE(res.has_value());
  ASSERT_EQ(res->result(), http::status::ok);
  EXPECT_NE(std::string((*res)[http::field::content_type]).find("text/plain"), std::string::npos);
  EXPECT_NE(res->body().find(R"(rxpress_http_requests_total{code="201",route="/api/v1/prescriptions"} 1)"),
            std::string::npos)
      << res->body();
  EXPECT_NE(res->body().find("rxpress_prescriptions{status="), std::string::npos) << res->body();
}

TEST_F(HttpServerTest, StaticPagesAndTraversal) {
  auto index = call(http::verb::get, "/", nullptr);
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->result(), http::status::ok);
  EXPECT_EQ(index->body(), "<title>rxpress</title>");
  EXPECT_EQ(std::string((*index)[http::field::cache_control]), "no-cache");
  auto escape = call(http::verb::get, "/%2e%2e/rxpress_http_server_test_secret.txt", nullptr);
  ASSERT_TRUE(escape.has_value());
  EXPECT_EQ(escape->result(), http::status::not_found);
  EXPECT_EQ(escape->body().find("secret"), std::string::npos);
}

// Starts a second server on the same loop and Pharmacy; destroyed on the loop.
Status start_other(LoopThread& loop, Pharmacy& pharmacy, const ServerConfig& config) {
  return loop.call([&] {
    HttpServer server(loop.io(), pharmacy, config);
    return server.start();
  });
}

TEST_F(HttpServerTest, StartRefusesBadConfiguration) {
  ServerConfig bad_role = config();
  bad_role.tokens.push_back({"x-token", "nurse", "n"});
  Status role = start_other(loop_, *pharmacy_, bad_role);
  EXPECT_EQ(role.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(role.field(), "tokens[4].role");

  ServerConfig bad_bind = config();
  bad_bind.bind = "localhost:80";
  EXPECT_EQ(start_other(loop_, *pharmacy_, bad_bind).field(), "bind");

  ServerConfig bad_screen = config();
  bad_screen.screen_allow = {"10.0.0.1", "screen-pc"};
  EXPECT_EQ(start_other(loop_, *pharmacy_, bad_screen).field(), "screen_allow[1]");

  ServerConfig taken = config();
  taken.port = port_;
  Status busy = start_other(loop_, *pharmacy_, taken);
  EXPECT_EQ(busy.code(), ErrorCode::kUnavailable) << busy.to_string();

  expect_still_serving();
}

}  // namespace
}  // namespace rx
