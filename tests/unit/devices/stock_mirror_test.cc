// A simulated device that mirrors the service's record: loaded with it, it
// follows each change made by hand (Device::stock_changed); one that does not
// mirror ignores them, since whoever drives it loads it.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "devices/sim/channel_machine.h"
#include "devices/sim/location_stock.h"
#include "unit/devices/gtins.h"
#include "unit/devices/sim_fixture.h"

namespace rx {
namespace {

const Date kExpiry = std::chrono::year{2028} / 6 / 30;

Lot lot(const std::string& drug, const std::string& number) { return Lot{DrugCode(drug), LotNo(number), kExpiry}; }

StockLoad stock_load(const std::string& location, const Lot& l, int packs) {
  return StockLoad{LocationCode(location), l, test::gtin_for(1), packs, 80};
}

StockChange change(const std::string& location, const Lot& l, int packs) {
  return StockChange{LocationCode(location), l, test::gtin_for(1), packs, 80};
}

using Key = std::tuple<std::string, std::string, std::string>;  // drug, lot, location

// Packs per (drug, lot, location).
std::map<Key, int> rows_by_key(const std::vector<StockRow>& rows) {
  std::map<Key, int> out;
  for (const StockRow& r : rows) out[{r.lot.drug.value(), r.lot.lot.value(), r.location.value()}] += r.quantity;
  return out;
}

TEST(LocationStock, RemoveTakesOnlyTheLotAskedForWhereverItStands) {
  LocationStock s;
  LocationCode at("S-01-01");
  s.put(at, StockedPack{lot("D1", "A"), "g"}, 2);
  s.put(at, StockedPack{lot("D1", "B"), "g"}, 1);
  s.put(at, StockedPack{lot("D1", "A"), "g"}, 2);
  EXPECT_EQ(s.remove(at, lot("D1", "A"), 3), 3);
  EXPECT_EQ(s.count(at), 2);
  EXPECT_EQ(s.remove(at, lot("D1", "A"), 5), 1) << "only one pack of A was left";
  EXPECT_EQ(s.remove(at, lot("D2", "B"), 1), 0) << "another drug's lot of the same number stays";
  EXPECT_EQ(s.remove(LocationCode("S-01-02"), lot("D1", "B"), 1), 0);
  ASSERT_EQ(s.rows().size(), 1u);
  EXPECT_EQ(s.rows()[0].lot.lot.value(), "B");
  for (const LotAccount& a : s.accounts()) {
    EXPECT_EQ(a.in, a.out + a.on_hand) << a.lot.lot.value();
  }
}

class ChannelMirrorTest : public test::SimDeviceTest<ChannelMachine, ChannelMachineParams> {};

TEST_F(ChannelMirrorTest, ADeviceThatDoesNotMirrorIgnoresChangesByHand) {
  device_->stock_changed(change("C-01-01", lot("D1", "A"), 3));
  EXPECT_TRUE(device_->stock().empty());
}

TEST_F(ChannelMirrorTest, AMirroringDeviceLoadsTheRecordAndFollowsEachChange) {
  Status s = device_->mirror_recorded_stock(
      {stock_load("C-01-01", lot("D1", "A"), 2), stock_load("S-01-01", lot("D2", "X"), 5)});
  ASSERT_TRUE(s.ok()) << s.to_string();
  ASSERT_EQ(device_->stock().size(), 1u) << "the shelf's row is not the channel machine's";
  EXPECT_EQ(device_->stock()[0].quantity, 2);

  device_->stock_changed(change("C-01-01", lot("D1", "A"), 3));
  device_->stock_changed(change("C-01-02", lot("D1", "B"), 4));
  device_->stock_changed(change("S-01-01", lot("D2", "X"), 1));  // not its location
  auto rows = rows_by_key(device_->stock());
  EXPECT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[Key("D1", "A", "C-01-01")], 5);
  EXPECT_EQ(rows[Key("D1", "B", "C-01-02")], 4);

  device_->stock_changed(change("C-01-01", lot("D1", "A"), -5));
  rows = rows_by_key(device_->stock());
  EXPECT_EQ(rows.count(Key("D1", "A", "C-01-01")), 0u);
  EXPECT_EQ(rows[Key("D1", "B", "C-01-02")], 4);
}

TEST_F(ChannelMirrorTest, MirroringLoadsWhatItCanAndNamesTheFirstRefusal) {
  Status s = device_->mirror_recorded_stock(
      {stock_load("C-01-01", lot("D1", "A"), 500), stock_load("C-01-02", lot("D1", "B"), 2)});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.field(), "packs") << s.to_string();
  ASSERT_EQ(device_->stock().size(), 1u);
  EXPECT_EQ(device_->stock()[0].location.value(), "C-01-02");
  device_->stock_changed(change("C-01-02", lot("D1", "B"), 1));
  EXPECT_EQ(device_->stock()[0].quantity, 3) << "it mirrors all the same";
}

}  // namespace
}  // namespace rx
