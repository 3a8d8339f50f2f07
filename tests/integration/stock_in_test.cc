// Stock-in over HTTP against the real binary: a scanned pack is received at
// the proposed location, each refusal answers 422 with its code and changes
// nothing, bad input answers 400, and a supplier's delivery file is received
// whole or not at all.
#include <gtest/gtest.h>

#include <boost/beast/http/verb.hpp>
#include <map>
#include <string>

#include "integration/serve_setup.h"

namespace rx::test {
namespace {

using nlohmann::json;
namespace http = boost::beast::http;

// Demo formulary: D0003 clopidogrel, GTIN 02000000000039, NMPA product 9900003.
constexpr const char* kClopidogrelGtin = "02000000000039";

// A GS1 DataMatrix element string: ]d2, 01 GTIN, 17 expiry YYMMDD, 10 lot, GS, 21 serial.
std::string datamatrix(const std::string& gtin, const std::string& yymmdd, const std::string& lot,
                       const std::string& serial) {
  return "]d201" + gtin + "17" + yymmdd + "10" + lot + "\x1d" + "21" + serial;
}

class StockInHttpTest : public SharedServeTest {
 protected:
  HttpReply stock_in(const json& body, const char* token = kAdminToken) {
    return client_->post("/api/v1/stock-in", body, token);
  }
  HttpReply deliver(const std::string& csv, const std::string& type = "text/csv") {
    return client_->request(http::verb::post, "/api/v1/deliveries", csv, type, kAdminToken);
  }
  // The inventory rows of a drug, as "lot@location" -> quantity.
  std::map<std::string, int> inventory(const std::string& drug) {
    HttpReply r = client_->get("/api/v1/inventory?drug=" + drug, kAdminToken);
    EXPECT_EQ(r.status, 200) << describe(r);
    std::map<std::string, int> out;
    if (r.status != 200) return out;
    for (const auto& row : r.json.at("stock")) {
      out[row.at("lot").get<std::string>() + "@" + row.at("location").get<std::string>()] = row.at("quantity");
    }
    return out;
  }
};

TEST_F(StockInHttpTest, AScannedPackIsReceivedAtTheProposedLocationAndItsSerialOnlyOnce) {
  std::string code = datamatrix(kClopidogrelGtin, "350630", "IT-SI-1", "000001");
  HttpReply r = stock_in({{"scan", code}});
  ASSERT_EQ(r.status, 201) << describe(r);
  const json& m = r.json.at("movement");
  EXPECT_EQ(m.at("kind"), "received");
  EXPECT_EQ(m.at("drug"), "D0003");
  EXPECT_EQ(m.at("lot"), "IT-SI-1");
  EXPECT_EQ(m.at("expiry"), "2035-06-30");
  EXPECT_EQ(m.at("delta"), 1);
  EXPECT_EQ(m.at("on_hand"), 1);
  EXPECT_EQ(m.at("serial"), "000001");
  EXPECT_EQ(r.json.at("drug_name"), "硫酸氢氯吡格雷片");
  EXPECT_EQ(r.json.at("proposed"), true);
  std::string location = r.json.at("location");
  EXPECT_EQ(m.at("location"), location);
  EXPECT_EQ(location.rfind("C-", 0), 0u) << "a new lot of a machine drug goes to an empty channel: " << location;
  EXPECT_EQ(inventory("D0003")["IT-SI-1@" + location], 1);

  expect_refusal(stock_in({{"scan", code}}), 422, "DUPLICATE_SERIAL", "scan");
  EXPECT_EQ(inventory("D0003")["IT-SI-1@" + location], 1);

  HttpReply more = stock_in({{"scan", datamatrix(kClopidogrelGtin, "350630", "IT-SI-1", "000002")},
                             {"quantity", 3},
                             {"location", location}});
  ASSERT_EQ(more.status, 201) << describe(more);
  EXPECT_EQ(more.json.at("proposed"), false);
  EXPECT_EQ(more.json.at("movement").at("on_hand"), 4);
  EXPECT_EQ(inventory("D0003")["IT-SI-1@" + location], 4);
}

TEST_F(StockInHttpTest, RefusalsAnswer422WithTheirCodeAndBadInput400) {
  auto before = inventory("D0003");
  expect_refusal(stock_in({{"scan", "hello"}}), 422, "BAD_CODE", "scan");
  expect_refusal(stock_in({{"scan", datamatrix("02000000009995", "350630", "L", "1")}}), 422, "UNKNOWN_GTIN", "scan");
  expect_refusal(stock_in({{"scan", datamatrix(kClopidogrelGtin, "200131", "IT-OLD", "1")}}), 422, "EXPIRED", "expiry");
  expect_refusal(stock_in({{"scan", datamatrix(kClopidogrelGtin, "350630", "IT-SI-2", "9")}, {"location", "F-01-01"}}),
               422, "UNSUITABLE_LOCATION", "location");
  expect_refusal(stock_in({{"scan", datamatrix(kClopidogrelGtin, "350630", "IT-SI-2", "9")}, {"quantity", 21},
                         {"location", "C-10-60"}}),
               422, "OVER_CAPACITY", "location");
  expect_refusal(stock_in({{"scan", "99000050000000010000"}}), 422, "MISSING_LOT", "lot");

  expect_refusal(stock_in({{"quantity", 1}}), 400, "INVALID_ARGUMENT", "scan");
  expect_refusal(stock_in({{"scan", "x"}, {"quantity", 0}}), 400, "INVALID_ARGUMENT", "quantity");
  expect_refusal(stock_in({{"scan", "x"}, {"quantity", "2"}}), 400, "INVALID_ARGUMENT", "quantity");
  expect_refusal(stock_in({{"scan", std::string(201, '1')}}), 400, "INVALID_ARGUMENT", "scan");
  expect_refusal(stock_in({{"scan", "x"}, {"expiry", "2035-6-30"}}), 400, "INVALID_ARGUMENT", "expiry");
  expect_refusal(stock_in({{"scan", datamatrix(kClopidogrelGtin, "350630", "IT-SI-2", "9")}, {"location", "C-99-01"}}),
               400, "INVALID_ARGUMENT", "location");
  HttpReply malformed = client_->request(http::verb::post, "/api/v1/stock-in", "{\"scan\":", "application/json",
                                         kAdminToken);
  expect_refusal(malformed, 400, "MALFORMED_JSON");
  expect_refusal(stock_in({{"scan", datamatrix(kClopidogrelGtin, "350630", "IT-SI-3", "1")}}, kHisToken), 403,
               "PERMISSION_DENIED");
  EXPECT_EQ(inventory("D0003"), before);
}

TEST_F(StockInHttpTest, ADeliveryIsReceivedWholeOrNotAtAll) {
  HttpReply refused = deliver(
      "gtin,lot,expiry,quantity\n"
      "02000000000039,IT-DL-1,2035-01-31,30\n"
      "02000000009995,IT-DL-2,2035-01-31,1\n"
      "02000000000039,IT-DL-3,2035-01-31,0\n");
  expect_refusal(refused, 422, "DELIVERY_REFUSED");
  const json& rows = refused.json.at("error").at("rows");
  ASSERT_EQ(rows.size(), 2u) << describe(refused);
  EXPECT_EQ(rows[0].at("row"), 2);
  EXPECT_EQ(rows[0].at("column"), "gtin");
  EXPECT_EQ(rows[0].at("code"), "UNKNOWN_GTIN");
  EXPECT_EQ(rows[1].at("row"), 3);
  EXPECT_EQ(rows[1].at("line"), 4);
  EXPECT_EQ(rows[1].at("column"), "quantity");
  EXPECT_EQ(inventory("D0003").count("IT-DL-1@B-01"), 0u);

  expect_refusal(deliver("gtin,lot,expiry,quantity\n02000000000039,IT-DL-1,2035-01-31,30\n", "application/json"), 415,
               "UNSUPPORTED_MEDIA_TYPE");
  expect_refusal(deliver("gtin,lot\n"), 400, "INVALID_ARGUMENT");

  HttpReply ok = deliver("gtin,lot,expiry,quantity\n02000000000039,IT-DL-1,2035-01-31,30\n");
  ASSERT_EQ(ok.status, 201) << describe(ok);
  EXPECT_EQ(ok.json.at("delivery").at("rows"), 1);
  EXPECT_EQ(ok.json.at("delivery").at("packs"), 30);
  long long id = ok.json.at("delivery").at("id");
  ASSERT_EQ(ok.json.at("movements").size(), 1u);
  EXPECT_EQ(ok.json.at("movements")[0].at("reason"), "delivery " + std::to_string(id));
  EXPECT_EQ(inventory("D0003")["IT-DL-1@B-01"], 30);

  // A later NMPA scan of the product takes the delivery's lot and expiry.
  HttpReply nmpa = stock_in({{"scan", "99000030000012340000"}, {"location", "B-02"}});
  ASSERT_EQ(nmpa.status, 201) << describe(nmpa);
  EXPECT_EQ(nmpa.json.at("movement").at("lot"), "IT-DL-1");
  EXPECT_EQ(nmpa.json.at("movement").at("expiry"), "2035-01-31");
  EXPECT_EQ(nmpa.json.at("movement").at("serial"), "000001234");
}

}  // namespace
}  // namespace rx::test
