// The outbox rows of SqliteStore: written with the batch they belong to,
// loaded undelivered in order, and never rewritten once written or delivered.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace rx {
namespace {

Instant at_ms(long long ms) { return Instant{Duration{ms}}; }

OutboxRow row(long long id, std::optional<long long> prescription = std::nullopt) {
  OutboxRow o;
  o.id = id;
  o.control_id = "RX" + std::to_string(id);
  o.message_type = "RDS^O13";
  if (prescription) o.prescription = PrescriptionId(*prescription);
  o.message = "MSH|^~\\&|RXPRESS|PHARMACY|HIS|HOSPITAL|20261201090000||RDS^O13^RDS_O13|RX" + std::to_string(id) +
              "|P|2.5\rPID|||P0001||张三";
  o.created_at = at_ms(1796086800000 + id * 1000);
  return o;
}

Event event(long long seq, long long prescription) {
  Event e;
  e.seq = EventSeq(seq);
  e.at = at_ms(1796086800000 + seq);
  e.type = "prescription.handed_over";
  e.actor = "pharmacist:wang";
  e.prescription = PrescriptionId(prescription);
  e.payload = "{}";
  return e;
}

class SqliteOutboxTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> open() {
    auto store = SqliteStore::open(path_);
    EXPECT_TRUE(store.ok()) << store.status().to_string();
    return store.ok() ? std::move(store).value() : nullptr;
  }
  StoredState load(SqliteStore& store) {
    auto state = store.load();
    EXPECT_TRUE(state.ok()) << state.status().to_string();
    return state.ok() ? std::move(state).value() : StoredState{};
  }

  testing::TempDir dir_;
  std::string path_ = dir_.file("rxpress.db");
};

TEST_F(SqliteOutboxTest, RowsRoundTripWithEveryFieldAcrossAReopen) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    Batch b;
    b.events = {event(1, 7)};
    b.outbox = {row(1, 7), row(2)};
    ASSERT_TRUE(store->commit(b).ok());
  }
  auto store = open();
  ASSERT_TRUE(store);
  StoredState state = load(*store);
  EXPECT_EQ(state.outbox, (std::vector<OutboxRow>{row(1, 7), row(2)}));
  EXPECT_EQ(state.outbox_last_id, 2);
}

TEST_F(SqliteOutboxTest, DeliveredRowsAreNotLoadedButKeepTheNumbering) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->commit(Batch{.outbox = {row(1), row(2), row(3)}}).ok());
  OutboxRow first = row(1);
  first.delivered_at = at_ms(1796086900000);
  first.attempts = 3;
  OutboxRow third = row(3);
  third.delivered_at = at_ms(1796086901000);
  third.attempts = 1;
  ASSERT_TRUE(store->commit(Batch{.outbox = {first, third}}).ok());

  StoredState state = load(*store);
  EXPECT_EQ(state.outbox, (std::vector<OutboxRow>{row(2)}));
  EXPECT_EQ(state.outbox_last_id, 3) << "a new message must not reuse the control id of a delivered one";
}

TEST_F(SqliteOutboxTest, AnEmptyOutboxLoadsAsNothingPending) {
  auto store = open();
  ASSERT_TRUE(store);
  StoredState state = load(*store);
  EXPECT_TRUE(state.outbox.empty());
  EXPECT_EQ(state.outbox_last_id, 0);
  EXPECT_FALSE(Batch{.outbox = {row(1)}}.empty()) << "a batch with only an outbox row must be committed";
}

TEST_F(SqliteOutboxTest, ADeliveredRowCannotBecomeUndeliveredAgain) {
  auto store = open();
  ASSERT_TRUE(store);
  OutboxRow delivered = row(1);
  delivered.delivered_at = at_ms(1796086900000);
  delivered.attempts = 1;
  ASSERT_TRUE(store->commit(Batch{.outbox = {row(1)}}).ok());
  ASSERT_TRUE(store->commit(Batch{.outbox = {delivered}}).ok());

  Status s = store->commit(Batch{.outbox = {row(1)}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("a delivered message stays delivered"), std::string::npos) << s.to_string();
  EXPECT_EQ(s.field(), "outbox[0]");
  EXPECT_TRUE(load(*store).outbox.empty());
}

TEST_F(SqliteOutboxTest, AWrittenMessageCannotBeChanged) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->commit(Batch{.outbox = {row(1)}}).ok());
  OutboxRow changed = row(1);
  changed.message += "\rNTE|||changed";
  Status s = store->commit(Batch{.outbox = {changed}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot be changed once written"), std::string::npos) << s.to_string();
  EXPECT_EQ(load(*store).outbox, std::vector<OutboxRow>{row(1)});
}

TEST_F(SqliteOutboxTest, AControlIdIsUsedOnce) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->commit(Batch{.outbox = {row(1)}}).ok());
  OutboxRow same_id = row(2);
  same_id.control_id = "RX1";
  Status s = store->commit(Batch{.events = {event(1, 1)}, .outbox = {same_id}});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("outbox message 2 (RX1)"), std::string::npos) << s.to_string();
  StoredState state = load(*store);
  EXPECT_EQ(state.last_seq.value(), 0) << "nothing of the refused batch is stored, its event included";
  EXPECT_EQ(state.outbox, std::vector<OutboxRow>{row(1)});
}

}  // namespace
}  // namespace rx
