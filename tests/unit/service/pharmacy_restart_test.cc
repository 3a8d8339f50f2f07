// Restart: a pharmacy rebuilt from its database file shows exactly what it
// showed before, and work that was under way finishes without picking any
// pack twice.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::dosed_item;
using testing_service::item;
using testing_service::json;
using testing_service::rx_json;
using testing_service::StockKeyT;

struct StockSnapshot {
  std::map<StockKeyT, std::tuple<std::string, int, bool, bool>> rows;  // expiry, quantity, flags
  bool operator==(const StockSnapshot&) const = default;
};

StockSnapshot snapshot(const std::vector<StockRow>& rows) {
  StockSnapshot s;
  for (const auto& r : rows) {
    s.rows[{r.lot.drug.value(), r.lot.lot.value(), r.location.value()}] =
        std::tuple{format_date(r.lot.expiry), r.quantity, r.quarantined, r.blocked};
  }
  return s;
}

class PharmacyRestartTest : public testing_service::PharmacyTest {
 protected:
  std::map<long long, std::string> documents() {
    std::map<long long, std::string> out;
    for (const PrescriptionRecord* r : ph().list(ListQuery{.limit = 10000}).records) {
      out[r->id.value()] = ph().record_json(*r, false).dump();
    }
    return out;
  }

  testing_service::TempDir dir_;
};

TEST_F(PharmacyRestartTest, ThirtyPrescriptionsSurviveARestartAndUnfinishedOnesComplete) {
  const std::string db = dir_.file("rxpress.db");
  start({}, db);
  const std::vector<std::string> machine_drugs = {"D0011", "D0013", "D0048", "D0008", "D0020", "D0006"};
  std::vector<PrescriptionId> ids;
  for (int i = 0; i < 30; ++i) {
    std::string no = fmt::format("RS-{:04d}", i);
    std::string patient = fmt::format("P{:04d}", i);
    json items;
    if (i >= 14 && i < 18) {
      items = json::array({dosed_item("D0022", 1000, "mg", "tid", 7, 3)});  // blocked: DOSE_MAX
    } else if (i >= 18 && i < 24) {
      // Two shelf lines and a channel line: the shelf makes them slow.
      items = json::array({item("D0012", 2), item("D0017", 1), item("D0011", 2)});
    } else {
      items = json::array({item(machine_drugs[i % machine_drugs.size()], 1 + i % 2),
                           item(machine_drugs[(i + 1) % machine_drugs.size()], 1)});
    }
    ids.push_back(create_ok(rx_json(no, items, patient)));
  }
  ASSERT_EQ(ids.size(), 30u);

  // 0-7 handed over.
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(pay(ids[i]).ok());
    ASSERT_TRUE(check_in(ids[i]).ok());
  }
  settle();
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(hand_over(ids[i]).ok()) << i;
  // 8-13 ready, 24-26 accepted and unpaid (25 checked in), 14-17 blocked (15 paid).
  for (int i = 8; i < 14; ++i) ASSERT_TRUE(pay(ids[i]).ok());
  ASSERT_TRUE(pay(ids[15]).ok());
  ASSERT_TRUE(check_in(ids[25]).ok());
  // 27 rejected, 28 cancelled once ready (its packs went back), 29 called.
  ASSERT_TRUE(reject(ids[27], "duplicate of another prescription").ok());
  ASSERT_TRUE(pay(ids[28]).ok());
  ASSERT_TRUE(pay(ids[29]).ok());
  settle();
  ASSERT_TRUE(cancel(ids[28], "patient left").ok());
  // 18-23 dispensing mid-way when the process ends; 29 checks in just before.
  Instant paid = now();
  for (int i = 18; i < 24; ++i) ASSERT_TRUE(pay(ids[i]).ok());
  run_until(paid + std::chrono::seconds(18));
  ASSERT_TRUE(check_in(ids[29]).ok());
  run_until(paid + std::chrono::seconds(20));

  for (int i = 0; i < 8; ++i) ASSERT_EQ(record(ids[i]).status, RxStatus::kHandedOver) << i;
  for (int i = 8; i < 14; ++i) ASSERT_EQ(record(ids[i]).status, RxStatus::kReady) << i;
  for (int i = 14; i < 18; ++i) ASSERT_EQ(record(ids[i]).status, RxStatus::kBlocked) << i;
  int part_way = 0;
  for (int i = 18; i < 24; ++i) {
    const PrescriptionRecord& r = record(ids[i]);
    ASSERT_EQ(r.status, RxStatus::kDispensing) << i;
    if (r.packs_verified() > 0 && r.packs_verified() < r.packs_planned()) ++part_way;
  }
  ASSERT_GT(part_way, 0) << "some prescriptions must be part-way through";
  for (int i = 24; i < 27; ++i) ASSERT_EQ(record(ids[i]).status, RxStatus::kAccepted) << i;
  ASSERT_EQ(record(ids[27]).status, RxStatus::kRejected);
  ASSERT_EQ(record(ids[28]).status, RxStatus::kCancelled);
  ASSERT_EQ(record(ids[29]).window, 1);
  ASSERT_FALSE(record(ids[29]).at_window);

  std::map<long long, std::set<std::string>> codes_before;
  for (PrescriptionId id : ids) {
    for (const auto& p : record(id).packs) codes_before[id.value()].insert(p.pack.code);
  }
  std::map<long long, std::map<StockKeyT, int>> verified_before;
  for (PrescriptionId id : ids) verified_before[id.value()] = verified_by_key(record(id));
  auto docs = documents();
  auto stock = snapshot(ph().stock(std::nullopt));
  int last_queue_no = *record(ids[29]).queue_no;
  Instant stopped = now();

  stop();
  open_pharmacy({}, db, stopped);
  ASSERT_FALSE(HasFatalFailure());

  EXPECT_EQ(documents(), docs) << "every record reads back as it was";
  EXPECT_EQ(snapshot(ph().stock(std::nullopt)), stock);

  settle();
  for (int i = 18; i < 24; ++i) {
    const PrescriptionRecord& r = record(ids[i]);
    ASSERT_EQ(r.status, RxStatus::kReady) << i;
    EXPECT_EQ(r.packs_verified(), 5) << i;
    EXPECT_EQ(r.packs_planned(), 5) << i;
    std::map<int, int> per_item;
    for (const auto& p : r.packs) per_item[p.item] += p.verified ? 1 : 0;
    EXPECT_EQ(per_item, (std::map<int, int>{{0, 2}, {1, 1}, {2, 2}})) << i;
    EXPECT_EQ(verified_by_key(r), planned_by_key(r)) << i;
    // What was out before the restart is still there, and nothing was picked twice.
    std::set<std::string> codes;
    for (const auto& p : r.packs) EXPECT_TRUE(codes.insert(p.pack.code).second) << i << " " << p.pack.code;
    for (const auto& c : codes_before[ids[i].value()]) EXPECT_TRUE(codes.count(c)) << i << " lost " << c;
  }
  EXPECT_TRUE(record(ids[29]).at_window) << "the baskets released before the restart reach the window";

  // Stock fell by exactly the packs put out after the restart.
  std::map<StockKeyT, int> out_after_restart;
  for (PrescriptionId id : ids) {
    for (const auto& [key, n] : verified_by_key(record(id))) {
      int earlier = verified_before[id.value()].count(key) ? verified_before[id.value()].at(key) : 0;
      if (n > earlier) out_after_restart[key] += n - earlier;
    }
  }
  for (const auto& [key, row] : snapshot(ph().stock(std::nullopt)).rows) {
    int out = out_after_restart.count(key) ? out_after_restart.at(key) : 0;
    EXPECT_EQ(std::get<1>(stock.rows.at(key)) - std::get<1>(row), out)
        << std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<2>(key);
    EXPECT_EQ(stored_reserved(std::get<0>(key), std::get<1>(key), std::get<2>(key)), 0);
  }

  // Everything else is as it was.
  auto after = documents();
  for (int i : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 24, 25, 26, 27, 28}) {
    EXPECT_EQ(after.at(ids[i].value()), docs.at(ids[i].value())) << i;
  }

  // Counters carry on.
  ASSERT_TRUE(check_in(ids[24]).ok());
  EXPECT_EQ(record(ids[24]).queue_no, last_queue_no + 1);
  PrescriptionId next = create_ok(rx_json("RS-0100", json::array({item("D0011", 1)}), "P0100"));
  EXPECT_EQ(next.value(), 31);
}

TEST_F(PharmacyRestartTest, PackCodesStayUniqueAcrossARestart) {
  const std::string db = dir_.file("rxpress.db");
  start({}, db);
  PrescriptionId first = create_ok(rx_json("RS-0200", json::array({item("D0011", 2)}), "P1"));
  ASSERT_TRUE(pay(first).ok());
  settle();
  ASSERT_EQ(record(first).status, RxStatus::kReady);
  Instant stopped = now();
  stop();
  carry_on_serials_ = false;
  start({}, db, stopped);

  PrescriptionId second = create_ok(rx_json("RS-0201", json::array({item("D0011", 2)}), "P2"));
  ASSERT_TRUE(pay(second).ok());
  settle();
  ASSERT_EQ(record(second).status, RxStatus::kReady);
  // The restarted simulators print serials from 1 again (only the runtime
  // carries them on); the service must notice the repeated codes, quarantine
  // those packs and pick others, so that no code is dispensed twice.
  std::set<std::string> verified_codes;
  int verified = 0;
  int quarantined = 0;
  for (PrescriptionId id : {first, second}) {
    for (const auto& p : record(id).packs) {
      if (p.verified) {
        ++verified;
        verified_codes.insert(p.pack.gtin + "|" + p.pack.serial);
      } else {
        ++quarantined;
        EXPECT_NE(p.verification.find("already dispensed"), std::string::npos) << p.verification;
      }
    }
  }
  EXPECT_EQ(verified, 4);
  EXPECT_EQ(verified_codes.size(), 4u);
  EXPECT_EQ(quarantined, 2);
}

TEST_F(PharmacyRestartTest, InitialStockIsRecordedOnlyIntoAnEmptyStore) {
  const std::string db = dir_.file("rxpress.db");
  start({}, db);
  auto stock = snapshot(ph().stock(std::nullopt));
  EXPECT_EQ(stock.rows.size(), initial_stock_.size());
  Instant stopped = now();
  stop();
  initial_stock_.resize(3);
  start({}, db, stopped);
  EXPECT_EQ(snapshot(ph().stock(std::nullopt)), stock);
}

}  // namespace
}  // namespace rx
