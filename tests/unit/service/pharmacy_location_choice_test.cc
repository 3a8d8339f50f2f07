// Under smart, a line's packs of a drug stocked in several channels come out
// of them in parallel; under fifo, FEFO's own order stands.
#include <chrono>
#include <set>
#include <string>

#include "unit/service/pharmacy_fixture.h"

namespace rx::testing_service {
namespace {

class PharmacyLocationChoiceTest : public PharmacyTest {
 protected:
  // Clopidogrel (D0003) only in `channels`, 5 packs each of one lot.
  void stock_clopidogrel_in(const std::vector<std::string>& channels) {
    StockRow model;
    for (const auto& row : initial_stock_) {
      if (row.lot.drug.value() == "D0003") model = row;
    }
    ASSERT_EQ(model.lot.drug.value(), "D0003");
    std::erase_if(initial_stock_, [](const StockRow& row) { return row.lot.drug.value() == "D0003"; });
    for (const auto& channel : channels) {
      StockRow row = model;
      row.location = LocationCode(channel);
      row.quantity = 5;
      initial_stock_.push_back(row);
    }
  }

  // Pays a prescription of 3 packs of clopidogrel (checking in too under
  // fifo, whose dispensing starts there) and returns how long it took from
  // the start of dispensing to ready, and the locations planned.
  std::pair<double, std::set<std::string>> dispense_three(PolicyKind policy) {
    PharmacyConfig config;
    config.policy = policy;
    start(config);
    PrescriptionId id = create_ok(rx_json("LC-0001", json::array({item("D0003", 3)})));
    EXPECT_TRUE(pay(id).ok());
    if (policy == PolicyKind::kFifo) {
      EXPECT_TRUE(check_in(id).ok());
    }
    settle();
    const PrescriptionRecord& r = record(id);
    EXPECT_TRUE(r.ready_at.has_value() && r.dispensing_at.has_value());
    std::set<std::string> locations;
    for (const auto& line : r.plan) locations.insert(line.location.value());
    if (!r.ready_at || !r.dispensing_at) return {-1, locations};
    return {std::chrono::duration<double>(*r.ready_at - *r.dispensing_at).count(), locations};
  }
};

TEST_F(PharmacyLocationChoiceTest, ThreeChannelsOnThreeShelvesEjectInParallel) {
  stock_clopidogrel_in({"C-01-60", "C-02-60", "C-03-60"});
  auto [seconds, locations] = dispense_three(PolicyKind::kSmart);
  EXPECT_EQ(locations, (std::set<std::string>{"C-01-60", "C-02-60", "C-03-60"}));
  // All three eject at once: 0.8 + 3.0/0.6 + 2.5 + 4.0 = 12.3 s.
  EXPECT_DOUBLE_EQ(seconds, 12.3);
}

TEST_F(PharmacyLocationChoiceTest, OneChannelEjectsOneBoxAfterAnother) {
  stock_clopidogrel_in({"C-01-60"});
  auto [seconds, locations] = dispense_three(PolicyKind::kSmart);
  EXPECT_EQ(locations, (std::set<std::string>{"C-01-60"}));
  // 3 x 0.8 + 5.0 + 2.5 + 4.0 = 13.9 s, 1.6 s later than from three shelves.
  EXPECT_DOUBLE_EQ(seconds, 13.9);
}

// Both are paid before the loop runs, so one dispatch pass plans both: the
// second plan must see the job the pass gave the first (the pass works the
// open jobs' load out once and grows it by each job it submits).
TEST_F(PharmacyLocationChoiceTest, APlanSeesTheJobsPlannedEarlierInTheSamePass) {
  stock_clopidogrel_in({"C-01-60", "C-02-60"});
  start(PharmacyConfig{});
  PrescriptionId first = create_ok(rx_json("LC-0001", json::array({item("D0003", 1)})));
  PrescriptionId second = create_ok(rx_json("LC-0002", json::array({item("D0003", 1)})));
  int answers = 0;
  pharmacy_->pay(first, std::nullopt, kHis, [&](const Result<const PrescriptionRecord*>&) { ++answers; });
  pharmacy_->pay(second, std::nullopt, kHis, [&](const Result<const PrescriptionRecord*>&) { ++answers; });
  settle();
  EXPECT_EQ(answers, 2);
  ASSERT_EQ(record(first).plan.size(), 1u);
  ASSERT_EQ(record(second).plan.size(), 1u);
  // Equal channels: the first takes the first by code; a box waits there
  // then, so the second's comes out sooner from the other shelf.
  EXPECT_EQ(record(first).plan[0].location.value(), "C-01-60");
  EXPECT_EQ(record(second).plan[0].location.value(), "C-02-60");
}

TEST_F(PharmacyLocationChoiceTest, FifoKeepsFefoOrder) {
  stock_clopidogrel_in({"C-01-60", "C-02-60", "C-03-60"});
  auto [seconds, locations] = dispense_three(PolicyKind::kFifo);
  // Equal stock everywhere: FEFO takes the first location by code.
  EXPECT_EQ(locations, (std::set<std::string>{"C-01-60"}));
  EXPECT_DOUBLE_EQ(seconds, 13.9);
}

}  // namespace
}  // namespace rx::testing_service
