// The simulated machines follow the ledger: packs put into a machine
// location by hand load that machine, so that it can put them out, and packs
// taken out by hand leave it; the machine's packs at each location stay the
// ledger's on-hand.
#include <gtest/gtest.h>

#include "interop/gs1/pack_code.h"
#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::item;
using testing_service::json;
using testing_service::kPharmacist;
using testing_service::kTechnician;
using testing_service::kZone;
using testing_service::rx_json;
using testing_service::StockKeyT;

constexpr std::string_view kClopidogrelGtin = "02000000000039";

class DeviceStockTest : public testing_service::PharmacyTest {
 protected:
  void SetUp() override {
    PharmacyTest::SetUp();
    channel_params_.faults = FaultRates::none();
    start();
    // As serve does: the channel machine holds what is on record and follows what changes by hand.
    std::vector<StockLoad> loads;
    for (const StockRow& row : ph().stock(std::nullopt)) {
      const Drug* d = formulary_->find(row.lot.drug);
      if (row.quantity > 0 && d) loads.push_back(StockLoad{row.location, row.lot, d->gtin, row.quantity, d->pack_d_mm});
    }
    Status mirrored = channel_->mirror_recorded_stock(loads);
    ASSERT_TRUE(mirrored.ok()) << mirrored.to_string();
  }

  // Packs of each lot at each channel, as the ledger has them.
  std::map<StockKeyT, int> ledger_channels() {
    std::vector<StockRow> rows;
    for (const StockRow& r : ph().stock(std::nullopt)) {
      if (location_device(r.location) == 'C' && r.quantity > 0) rows.push_back(r);
    }
    return testing_service::stock_by_key(rows);
  }
  std::map<StockKeyT, int> device_channels() { return testing_service::stock_by_key(channel_->stock()); }

  // Stocks in `packs` of a new clopidogrel lot that expires before every other
  // one, at the channel stock-in proposes; that channel.
  LocationCode stock_in_first_expiring_lot(int packs) {
    Date first = add_days(kZone.local_date(now()), 3650);
    for (const StockRow& r : ph().stock(DrugCode("D0003"))) first = std::min(first, r.lot.expiry);
    expiry_ = add_days(first, -20);
    EXPECT_GT(days_between(kZone.local_date(now()), expiry_), 60) << "the new lot must not be short-dated";
    StockInRequest request;
    request.scan = gs1_element_string(kClopidogrelGtin, expiry_, kLot, "DS0000");
    request.quantity = packs;
    auto r = await<Pharmacy::StockInResult>([&](auto done) { ph().stock_in(request, kTechnician, done); });
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    if (!r.ok()) return LocationCode();
    settle();
    return r->movement.location;
  }

  static constexpr const char* kLot = "DS-NEW-1";
  Date expiry_;
};

TEST_F(DeviceStockTest, TheShippedChannelsAreTheLedgers) {
  EXPECT_FALSE(device_channels().empty());
  EXPECT_EQ(device_channels(), ledger_channels());
}

TEST_F(DeviceStockTest, APackStockedIntoAnEmptyChannelIsPutOutFromIt) {
  LocationCode channel = stock_in_first_expiring_lot(3);
  ASSERT_EQ(location_device(channel), 'C') << channel.value();
  StockKeyT key{"D0003", kLot, channel.value()};
  EXPECT_EQ(device_channels()[key], 3) << "the channel machine holds the packs stocked in";
  EXPECT_EQ(device_channels(), ledger_channels());

  PrescriptionId id = create_ok(rx_json("DS-0001", json::array({item("D0003", 2)})));
  ASSERT_TRUE(pay(id).ok());
  settle();
  ASSERT_TRUE(check_in(id).ok());
  settle();
  ASSERT_TRUE(hand_over(id).ok());
  EXPECT_EQ(verified_by_key(record(id))[key], 2) << "first expiry, first out: the new lot's channel";
  EXPECT_EQ(stock_at("D0003", kLot, channel.value()), 1);
  EXPECT_EQ(device_channels()[key], 1);
  EXPECT_EQ(device_channels(), ledger_channels());
}

TEST_F(DeviceStockTest, PacksTakenOutByHandLeaveTheChannelMachine) {
  LocationCode channel = stock_in_first_expiring_lot(4);
  ASSERT_EQ(location_device(channel), 'C') << channel.value();
  Status recalled = await_status([&](auto done) {
    ph().recall(DrugCode("D0003"), LotNo(kLot), "supplier recall", kPharmacist, done);
  });
  ASSERT_TRUE(recalled.ok()) << recalled.to_string();
  settle();
  std::optional<StockTask> removal;
  for (const StockTask& t : ph().tasks(TaskKind::kRemove, TaskState::kOpen)) {
    if (t.location == channel) removal = t;
  }
  ASSERT_TRUE(removal.has_value()) << "the recall opens a removal task at the channel";
  auto done = await<StockTask>([&](auto cb) {
    ph().confirm_task(removal->id, gs1_element_string(kClopidogrelGtin, expiry_, kLot, "DS0001"), 4, kTechnician, cb);
  });
  ASSERT_TRUE(done.ok()) << done.status().to_string();
  settle();
  StockKeyT key{"D0003", kLot, channel.value()};
  EXPECT_EQ(stock_at("D0003", kLot, channel.value()), 0);
  EXPECT_EQ(device_channels().count(key), 0u) << "the removed packs left the channel machine";
  EXPECT_EQ(device_channels(), ledger_channels());
}

}  // namespace
}  // namespace rx
