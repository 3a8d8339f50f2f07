// The stocktake and returns routes against a running server: a count by scan,
// its report, the admin's approval, and refusals that name what was wrong.
#include <gtest/gtest.h>

#include <string>

#include "integration/serve_setup.h"

namespace rx::test {
namespace {

using nlohmann::json;

// The shipped stock: clopidogrel (D0003, GTIN 02000000000039) lot DM2511004 in channel C-04-01.
constexpr const char* kPlace = "C-04-01";

class StocktakeRoutesTest : public ServeTest {
 protected:
  // The clopidogrel row at C-04-01, as the inventory shows it.
  json channel_row() {
    HttpReply r = client_->get("/api/v1/inventory?drug=D0003", kAdminToken);
    EXPECT_EQ(r.status, 200) << describe(r);
    for (const auto& row : r.json.at("stock")) {
      if (row.at("location") == kPlace) return row;
    }
    ADD_FAILURE() << "no D0003 row at " << kPlace << ": " << describe(r);
    return json::object();
  }

  // The pack's code in its printed GS1 form.
  static std::string code(const json& row, const std::string& serial) {
    std::string expiry = row.at("expiry").get<std::string>();  // YYYY-MM-DD
    std::string yymmdd = expiry.substr(2, 2) + expiry.substr(5, 2) + expiry.substr(8, 2);
    return "(01)02000000000039(17)" + yymmdd + "(10)" + row.at("lot").get<std::string>() + "(21)" + serial;
  }
};

TEST_F(StocktakeRoutesTest, ACountIsReportedAndAppliedOnlyOnceAnAdminApprovesIt) {
  json row = channel_row();
  int before = row.at("quantity").get<int>();
  ASSERT_GT(before, 1);

  HttpReply denied = client_->post("/api/v1/stocktakes", {{"locations", {kPlace}}}, kPharmacistToken);
  EXPECT_EQ(denied.status, 403) << describe(denied);

  HttpReply started = client_->post("/api/v1/stocktakes", {{"locations", {kPlace}}}, kAdminToken);
  ASSERT_EQ(started.status, 201) << describe(started);
  EXPECT_EQ(started.json.at("state"), "open");
  EXPECT_EQ(started.json.at("uncounted"), json::array({kPlace}));
  std::string base = "/api/v1/stocktakes/" + std::to_string(started.json.at("id").get<long long>());

  HttpReply counted = client_->post(base + "/scans",
                                    {{"location", kPlace}, {"scan", code(row, "IT0001")}, {"quantity", before - 1}},
                                    kAdminToken);
  ASSERT_EQ(counted.status, 200) << describe(counted);
  HttpReply report = client_->get(base, kAdminToken);
  ASSERT_EQ(report.status, 200) << describe(report);
  ASSERT_EQ(report.json.at("lines").size(), 1u) << describe(report);
  EXPECT_EQ(report.json.at("lines")[0].at("expected"), before);
  EXPECT_EQ(report.json.at("lines")[0].at("counted"), before - 1);
  EXPECT_EQ(report.json.at("lines")[0].at("difference"), -1);
  EXPECT_EQ(channel_row().at("quantity"), before) << "a count not approved changes no stock";

  HttpReply by_pharmacist = client_->post(base + "/approve", json::object(), kPharmacistToken);
  EXPECT_EQ(by_pharmacist.status, 403) << describe(by_pharmacist);
  HttpReply approved = client_->post(base + "/approve", json::object(), kAdminToken);
  ASSERT_EQ(approved.status, 200) << describe(approved);
  EXPECT_EQ(approved.json.at("state"), "approved");
  EXPECT_EQ(channel_row().at("quantity"), before - 1);
  HttpReply again = client_->post(base + "/approve", json::object(), kAdminToken);
  EXPECT_EQ(again.status, 409) << describe(again);
}

TEST_F(StocktakeRoutesTest, RefusedRequestsNameTheFieldAndChangeNothing) {
  HttpReply bad_location = client_->post("/api/v1/stocktakes", {{"locations", {"NOWHERE"}}}, kAdminToken);
  EXPECT_EQ(bad_location.status, 400) << describe(bad_location);
  EXPECT_EQ(bad_location.json["error"]["field"], "locations[0]");
  HttpReply started = client_->post("/api/v1/stocktakes", json::object(), kAdminToken);
  ASSERT_EQ(started.status, 201) << describe(started);
  std::string base = "/api/v1/stocktakes/" + std::to_string(started.json.at("id").get<long long>());
  HttpReply bad_quantity =
      client_->post(base + "/scans", {{"location", kPlace}, {"scan", "x"}, {"quantity", "3"}}, kAdminToken);
  EXPECT_EQ(bad_quantity.status, 400) << describe(bad_quantity);
  EXPECT_EQ(bad_quantity.json["error"]["field"], "quantity");
  HttpReply bad_code = client_->post(base + "/scans", {{"location", kPlace}, {"scan", "not a code"}}, kAdminToken);
  EXPECT_EQ(bad_code.status, 422) << describe(bad_code);
  EXPECT_EQ(bad_code.json["error"]["code"], "BAD_CODE");
  // A count of every location still counts only places that exist: approved,
  // packs "found" at C-99-99 would be planned from a channel the machine lacks.
  for (const char* phantom : {"C-99-99", "ZZZ"}) {
    HttpReply nowhere =
        client_->post(base + "/scans",
                      {{"location", phantom}, {"scan", code(channel_row(), "IT0008")}, {"quantity", 50}}, kAdminToken);
    EXPECT_EQ(nowhere.status, 400) << phantom << ": " << describe(nowhere);
    EXPECT_EQ(nowhere.json["error"]["field"], "location") << phantom;
  }
  HttpReply phantom_scope = client_->post("/api/v1/stocktakes", {{"locations", {"C-99-99"}}}, kAdminToken);
  EXPECT_EQ(phantom_scope.status, 400) << describe(phantom_scope);
  EXPECT_EQ(phantom_scope.json["error"]["field"], "locations[0]");
  EXPECT_EQ(client_->get("/api/v1/stocktakes/999", kAdminToken).status, 404);
  EXPECT_TRUE(client_->get(base, kAdminToken).json.at("lines").empty());

  HttpReply awaiting = client_->get("/api/v1/returns", kAdminToken);
  ASSERT_EQ(awaiting.status, 200) << describe(awaiting);
  EXPECT_EQ(awaiting.json.at("awaiting"), json::array());
  HttpReply not_awaiting =
      client_->post("/api/v1/returns/scan", {{"scan", code(channel_row(), "IT0009")}}, kAdminToken);
  EXPECT_EQ(not_awaiting.status, 422) << describe(not_awaiting);
  EXPECT_EQ(not_awaiting.json["error"]["code"], "NOT_AWAITING_RETURN");
  HttpReply no_rx =
      client_->post("/api/v1/prescriptions/999/return", {{"scans", {"x"}}, {"reason", "allergy"}}, kPharmacistToken);
  EXPECT_EQ(no_rx.status, 404) << describe(no_rx);
  HttpReply no_scans =
      client_->post("/api/v1/prescriptions/1/return", {{"scans", json::array()}, {"reason", "allergy"}}, kPharmacistToken);
  EXPECT_EQ(no_scans.status, 400) << describe(no_scans);
  EXPECT_EQ(no_scans.json["error"]["field"], "scans");
}

}  // namespace
}  // namespace rx::test
