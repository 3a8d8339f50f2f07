// The replenishment and task routes against a running server: the list in
// walking order, a delivery into the reserve store giving a task its source,
// and a confirmation by scan that moves the packs.
#include <gtest/gtest.h>

#include <string>

#include "integration/serve_setup.h"

namespace rx::test {
namespace {

using nlohmann::json;

// The shipped stock has 2 packs of losartan (D0011, GTIN 02000000000114) in
// channel C-05-06: at the bare threshold of 2 packs, so it is on the list from
// the start, with no reserve store to bring packs from.
constexpr const char* kChannel = "C-05-06";
constexpr const char* kGtin = "02000000000114";
constexpr const char* kLot = "DM2701999";

class ReplenishmentRoutesTest : public ServeTest {
 protected:
  // The open replenish task at the channel, or null.
  json channel_task() {
    HttpReply r = client_->get("/api/v1/replenishment", kAdminToken);
    EXPECT_EQ(r.status, 200) << describe(r);
    for (const auto& t : r.json.at("tasks")) {
      if (t.at("location") == kChannel) return t;
    }
    return nullptr;
  }

  static std::string scan(const std::string& lot, const std::string& serial) {
    return std::string("(01)") + kGtin + "(17)281231(10)" + lot + "(21)" + serial;
  }
};

TEST_F(ReplenishmentRoutesTest, TheListIsInWalkingOrderAndATaskIsConfirmedByScan) {
  HttpReply list = client_->get("/api/v1/replenishment", kAdminToken);
  ASSERT_EQ(list.status, 200) << describe(list);
  const json& tasks = list.json.at("tasks");
  ASSERT_FALSE(tasks.empty()) << describe(list);
  EXPECT_EQ(tasks[0].at("location"), kChannel) << "channel 06 is the first one the walk reaches";
  for (const auto& t : tasks) {
    EXPECT_EQ(t.at("kind"), "replenish");
    EXPECT_EQ(t.at("state"), "open");
    EXPECT_EQ(t.at("reserve_empty"), true) << t.dump();
    EXPECT_TRUE(t.at("from").is_null());
  }
  json task = channel_task();
  ASSERT_TRUE(task.is_object());
  EXPECT_EQ(task.at("drug"), "D0011");
  EXPECT_EQ(task.at("drug_name"), "氯沙坦钾片");
  const std::string sourceless = "/api/v1/tasks/" + std::to_string(task.at("id").get<long long>()) + "/confirm";
  HttpReply no_source = client_->post(sourceless, {{"scan", scan(kLot, "IT0001")}}, kAdminToken);
  EXPECT_EQ(no_source.status, 409) << describe(no_source);
  EXPECT_EQ(no_source.json["error"]["code"], "NO_SOURCE");

  // A delivery into the reserve store: the task is opened again with its source.
  HttpReply delivered =
      client_->request(boost::beast::http::verb::post, "/api/v1/deliveries",
                       std::string("gtin,lot,expiry,quantity\n") + kGtin + "," + kLot + ",2028-12-31,40\n",
                       "text/csv", kAdminToken);
  ASSERT_EQ(delivered.status, 201) << describe(delivered);
  task = channel_task();
  ASSERT_TRUE(task.is_object());
  ASSERT_EQ(task.at("from"), "B-01") << task.dump();
  EXPECT_EQ(task.at("lot"), kLot);
  EXPECT_EQ(task.at("reserve_empty"), false);
  const int quantity = task.at("quantity").get<int>();
  ASSERT_GT(quantity, 1);
  const std::string confirm = "/api/v1/tasks/" + std::to_string(task.at("id").get<long long>()) + "/confirm";

  HttpReply wrong_drug = client_->post(
      confirm, {{"scan", "(01)02000000000039(17)281231(10)" + std::string(kLot) + "(21)IT0002"}}, kAdminToken);
  EXPECT_EQ(wrong_drug.status, 422) << describe(wrong_drug);
  EXPECT_EQ(wrong_drug.json["error"]["code"], "WRONG_DRUG");
  EXPECT_EQ(wrong_drug.json["error"]["field"], "scan");
  HttpReply pharmacist = client_->post(confirm, {{"scan", scan(kLot, "IT0003")}}, kPharmacistToken);
  EXPECT_EQ(pharmacist.status, 403) << describe(pharmacist);
  HttpReply bad_quantity = client_->post(confirm, {{"scan", scan(kLot, "IT0004")}, {"quantity", 0}}, kAdminToken);
  EXPECT_EQ(bad_quantity.status, 400) << describe(bad_quantity);
  EXPECT_EQ(bad_quantity.json["error"]["field"], "quantity");

  HttpReply done = client_->post(confirm, {{"scan", scan(kLot, "IT0005")}, {"quantity", quantity}}, kAdminToken);
  ASSERT_EQ(done.status, 200) << describe(done);
  EXPECT_EQ(done.json.at("task").at("state"), "done");
  EXPECT_EQ(done.json.at("task").at("done_quantity"), quantity);
  EXPECT_TRUE(channel_task().is_null());

  HttpReply stock = client_->get("/api/v1/inventory?drug=D0011", kAdminToken);
  ASSERT_EQ(stock.status, 200) << describe(stock);
  int in_channel = 0;
  int in_reserve = 0;
  for (const auto& row : stock.json.at("stock")) {
    if (row.at("lot") != kLot) continue;
    if (row.at("location") == kChannel) in_channel += row.at("quantity").get<int>();
    if (row.at("location") == "B-01") in_reserve += row.at("quantity").get<int>();
  }
  EXPECT_EQ(in_channel, quantity);
  EXPECT_EQ(in_reserve, 40 - quantity);
}

TEST_F(ReplenishmentRoutesTest, TaskListsAreFilteredAndBadInputNamesItsField) {
  HttpReply open = client_->get("/api/v1/tasks?kind=replenish&state=open", kAdminToken);
  ASSERT_EQ(open.status, 200) << describe(open);
  HttpReply walking = client_->get("/api/v1/replenishment", kAdminToken);
  EXPECT_EQ(open.json.at("tasks").size(), walking.json.at("tasks").size());
  EXPECT_TRUE(open.json.at("next").is_null());

  HttpReply page = client_->get("/api/v1/tasks?limit=1", kAdminToken);
  ASSERT_EQ(page.status, 200) << describe(page);
  ASSERT_EQ(page.json.at("tasks").size(), 1u);
  ASSERT_TRUE(page.json.at("next").is_string()) << describe(page);
  HttpReply second = client_->get("/api/v1/tasks?limit=1&after=" + page.json.at("next").get<std::string>(), kAdminToken);
  ASSERT_EQ(second.status, 200) << describe(second);
  ASSERT_EQ(second.json.at("tasks").size(), 1u);
  EXPECT_GT(second.json.at("tasks")[0].at("id").get<long long>(), page.json.at("tasks")[0].at("id").get<long long>());

  HttpReply bad_kind = client_->get("/api/v1/tasks?kind=refill", kAdminToken);
  EXPECT_EQ(bad_kind.status, 400) << describe(bad_kind);
  EXPECT_EQ(bad_kind.json["error"]["field"], "kind");
  HttpReply bad_limit = client_->get("/api/v1/tasks?limit=1001", kAdminToken);
  EXPECT_EQ(bad_limit.status, 400) << describe(bad_limit);
  EXPECT_EQ(bad_limit.json["error"]["field"], "limit");
  HttpReply unknown = client_->post("/api/v1/tasks/999999/confirm", {{"scan", scan(kLot, "IT0009")}}, kAdminToken);
  EXPECT_EQ(unknown.status, 404) << describe(unknown);
  HttpReply no_scan = client_->post("/api/v1/tasks/1/confirm", json::object(), kAdminToken);
  EXPECT_EQ(no_scan.status, 400) << describe(no_scan);
  EXPECT_EQ(no_scan.json["error"]["field"], "scan");
  HttpReply signed_out = client_->get("/api/v1/replenishment");
  EXPECT_EQ(signed_out.status, 401) << describe(signed_out);
}

}  // namespace
}  // namespace rx::test
