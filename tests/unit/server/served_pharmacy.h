// A Pharmacy on the shipped demo data, behind an HttpServer on a loopback
// port, both running on a LoopThread: the fixture of the route tests. Its
// tokens are his-token, pharmacist-token and technician-token.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include "interop/csv/formulary_csv.h"
#include "interop/csv/stock_csv.h"
#include "server/http_server.h"
#include "service/asio_scheduler.h"
#include "service/pharmacy.h"
#include "storage/sqlite/sqlite_store.h"
#include "unit/server/test_client.h"

namespace rx::testing {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ServedPharmacyTest : public ::testing::Test {
 protected:
  // Opens the pharmacy with the shipped stock (expiries moved to today), runs
  // `attach` on the loop to attach devices, and starts the server.
  void start(const std::function<void(Pharmacy&)>& attach = {}) {
    std::filesystem::path data = std::filesystem::path(RXPRESS_SHARED_DIR) / "data";
    auto formulary = load_formulary_csv(read_file(data / "formulary.csv"), "formulary.csv");
    ASSERT_TRUE(formulary.ok()) << formulary.status().to_string();
    formulary_ = std::move(formulary).value();
    auto stock = load_stock_csv(read_file(data / "stock.csv"), "stock.csv", formulary_);
    ASSERT_TRUE(stock.ok()) << stock.status().to_string();
    auto store = SqliteStore::open(":memory:");
    ASSERT_TRUE(store.ok()) << store.status().to_string();
    store_ = std::move(store).value();
    scheduler_ = std::make_unique<AsioScheduler>(loop_.io());
    Status started = loop_.call([&] {
      Date today = PharmacyConfig{}.zone.local_date(scheduler_->now());
      pharmacy_ = std::make_unique<Pharmacy>(*scheduler_, *store_, formulary_, PharmacyConfig{});
      TRY(pharmacy_->open(rebase_expiries(*stock, kShippedStockToday, today)));
      if (attach) attach(*pharmacy_);
      ServerConfig c;
      c.port = 0;
      c.tokens = {{"his-token", "his", "his1"},
                  {"pharmacist-token", "pharmacist", "wang"},
                  {"technician-token", "technician", "li"}};
      server_ = std::make_unique<HttpServer>(loop_.io(), *pharmacy_, c);
      return server_->start();
    });
    ASSERT_TRUE(started.ok()) << started.to_string();
    port_ = loop_.call([&] { return server_->port(); });
  }

  void TearDown() override {
    if (server_) loop_.call([&] { server_->stop(); });
    loop_.stop();
    server_.reset();
    pharmacy_.reset();
  }

  LoopThread loop_;
  Formulary formulary_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AsioScheduler> scheduler_;
  std::unique_ptr<Pharmacy> pharmacy_;
  std::unique_ptr<HttpServer> server_;
  unsigned short port_ = 0;
};

}  // namespace rx::testing
