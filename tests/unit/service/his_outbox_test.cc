// The outbox to the HIS: a hand-over's RDS^O13 and a rejection's ORC-1=OC
// message are stored with the change they report, delivered in order with
// backoff while the HIS is down or refuses, marked delivered only on an
// acceptance of their own control id, and never sent again once accepted.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::item;
using testing_service::json;
using testing_service::rx_json;

// MSH-10 of a message.
std::string control_id_of(const std::string& message) {
  std::string msh = message.substr(0, message.find('\r'));
  size_t at = 0;
  for (int field = 0; field < 9; ++field) at = msh.find('|', at) + 1;
  return msh.substr(at, msh.find('|', at) - at);
}

std::string ack(const std::string& code, const std::string& control_id) {
  return "MSH|^~\\&|HIS|HOSPITAL|RXPRESS|PHARMACY|20261201090000||ACK^O13^ACK|H" + control_id + "|P|2.5\rMSA|" +
         code + "|" + control_id + "\r";
}

// An HIS whose answers the test scripts; after the script it accepts.
class FakeHis : public HisLink {
 public:
  enum class Answer { kDown, kAccept, kError, kReject, kOtherControlId, kGarbage };
  struct Received {
    Instant at;
    std::string control_id;
    std::string message;
  };

  explicit FakeHis(const Scheduler& scheduler) : sched_(scheduler) {}

  void send(std::string message, Reply reply) override {
    std::string id = control_id_of(message);
    received.push_back(Received{sched_.now(), id, message});
    Answer answer = Answer::kAccept;
    if (!script.empty()) {
      answer = script.front();
      script.pop_front();
    }
    switch (answer) {
      case Answer::kDown:
        return reply(Status::unavailable("connection refused"));
      case Answer::kAccept:
        accepted.push_back(id);
        return reply(ack("AA", id));
      case Answer::kError:
        return reply(ack("AE", id));
      case Answer::kReject:
        return reply(ack("AR", id));
      case Answer::kOtherControlId:
        return reply(ack("AA", "RX999"));
      case Answer::kGarbage:
        return reply(std::string("HTTP/1.1 400 Bad Request\r\n\r\n"));
    }
  }
  std::string endpoint() const override { return "mllp://his.test:2575"; }

  std::deque<Answer> script;
  std::vector<Received> received;
  std::vector<std::string> accepted;  // control ids answered AA

 private:
  const Scheduler& sched_;
};

using Answer = FakeHis::Answer;

class HisOutboxTest : public testing_service::PharmacyTest {
 protected:
  // A prescription of one pack of clopidogrel, handed over.
  PrescriptionId handed_over(const std::string& no) {
    PrescriptionId id = create_ok(rx_json(no, json::array({item("D0003", 1)})));
    EXPECT_TRUE(pay(id).ok());
    settle();
    EXPECT_EQ(record(id).status, RxStatus::kReady);
    EXPECT_TRUE(check_in(id).ok());
    run_for(Duration{5000});
    auto done = hand_over(id);
    EXPECT_TRUE(done.ok()) << done.status().to_string();
    return id;
  }

  std::vector<OutboxRow> stored_outbox() {
    auto state = store_->load();
    EXPECT_TRUE(state.ok()) << state.status().to_string();
    return state.ok() ? state->outbox : std::vector<OutboxRow>{};
  }

  std::vector<std::string> sent_ids(const FakeHis& his) {
    std::vector<std::string> ids;
    for (const auto& r : his.received) ids.push_back(r.control_id);
    return ids;
  }
};

TEST_F(HisOutboxTest, AHandOverStoresItsRdsO13InTheSameCommit) {
  start();
  PrescriptionId id = handed_over("HIS-0001");
  // The hand-over has just been answered: its commit is the only one that can hold the row.
  std::vector<OutboxRow> rows = stored_outbox();
  ASSERT_EQ(rows.size(), 1u);
  const OutboxRow& row = rows[0];
  EXPECT_EQ(row.control_id, "RX1");
  EXPECT_EQ(row.message_type, "RDS^O13");
  EXPECT_EQ(row.prescription, id);
  EXPECT_FALSE(row.delivered_at.has_value());
  EXPECT_EQ(control_id_of(row.message), "RX1");
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.packs.size(), 1u);
  EXPECT_NE(row.message.find(r.packs[0].pack.gtin), std::string::npos) << row.message;
  EXPECT_NE(row.message.find(r.packs[0].pack.lot.value()), std::string::npos) << row.message;
  EXPECT_NE(row.message.find(r.packs[0].pack.serial), std::string::npos) << row.message;
  EXPECT_NE(row.message.find("HIS-0001"), std::string::npos) << row.message;
}

TEST_F(HisOutboxTest, WithoutAnHisTheMessagesWaitAndTheSummarySaysSo) {
  start();
  handed_over("HIS-0001");
  settle();
  HisOutboxStatus s = ph().his_outbox();
  EXPECT_EQ(s.pending, 1u);
  EXPECT_EQ(s.state, "not configured");
  EXPECT_TRUE(s.endpoint.empty());
  json his = ph().summary()["his"];
  EXPECT_EQ(his["pending"], 1);
  EXPECT_EQ(his["state"], "not configured");
  EXPECT_TRUE(his["endpoint"].is_null());
}

TEST_F(HisOutboxTest, AnHisDownForAWhileGetsTheMessageOnceWithBackoff) {
  start();
  FakeHis his(sched());
  his.script = {Answer::kDown, Answer::kDown, Answer::kDown};
  ph().link_his(his);
  PrescriptionId id = handed_over("HIS-0001");
  Instant handed_at = *record(id).handed_over_at;
  run_for(Duration{1000});
  EXPECT_EQ(ph().his_outbox().state, "retrying");
  EXPECT_NE(ph().his_outbox().last_error.find("connection refused"), std::string::npos)
      << ph().his_outbox().last_error;
  EXPECT_EQ(ph().summary()["his"]["pending"], 1);
  settle();

  ASSERT_EQ(his.received.size(), 4u);
  // Sent at the hand-over, then after 1 s, 2 s and 4 s (HisRetry's defaults).
  std::vector<long long> offsets;
  for (const auto& r : his.received) offsets.push_back((r.at - handed_at).count());
  EXPECT_EQ(offsets, (std::vector<long long>{0, 1000, 3000, 7000}));
  for (const auto& r : his.received) EXPECT_EQ(r.message, his.received[0].message) << "a retry is the same message";
  EXPECT_EQ(his.accepted, std::vector<std::string>{"RX1"});
  EXPECT_EQ(ph().his_outbox().pending, 0u);
  EXPECT_EQ(ph().his_outbox().state, "idle");
  EXPECT_TRUE(ph().his_outbox().last_error.empty());
  EXPECT_TRUE(stored_outbox().empty()) << "the delivery is stored";
  EXPECT_EQ(count_events(id, "his.accepted"), 1);

  run_for(Duration{3'600'000});
  EXPECT_EQ(his.received.size(), 4u) << "an accepted message is not sent again";
}

TEST_F(HisOutboxTest, TheBackoffStopsGrowingAtItsMaximum) {
  PharmacyConfig config;
  config.his_retry = HisRetry{Duration{500}, Duration{2000}, 3.0};
  start(config);
  FakeHis his(sched());
  his.script = {Answer::kDown, Answer::kDown, Answer::kDown, Answer::kDown};
  ph().link_his(his);
  handed_over("HIS-0001");
  settle();
  ASSERT_EQ(his.received.size(), 5u);
  std::vector<long long> gaps;
  for (size_t i = 1; i < his.received.size(); ++i) gaps.push_back((his.received[i].at - his.received[i - 1].at).count());
  EXPECT_EQ(gaps, (std::vector<long long>{500, 1500, 2000, 2000}));
}

TEST_F(HisOutboxTest, AnErrorOrRejectAnswerIsRetriedUntilAccepted) {
  start();
  FakeHis his(sched());
  his.script = {Answer::kError, Answer::kReject, Answer::kAccept};
  ph().link_his(his);
  handed_over("HIS-0001");
  run_for(Duration{100});
  EXPECT_EQ(ph().his_outbox().pending, 1u) << "AE is not an acceptance";
  EXPECT_NE(ph().his_outbox().last_error.find("did not accept"), std::string::npos) << ph().his_outbox().last_error;
  settle();
  EXPECT_EQ(sent_ids(his), (std::vector<std::string>{"RX1", "RX1", "RX1"}));
  EXPECT_EQ(his.accepted, std::vector<std::string>{"RX1"});
  EXPECT_EQ(ph().his_outbox().pending, 0u);
}

TEST_F(HisOutboxTest, AnAcceptanceOfAnotherControlIdOrGarbageIsNotADelivery) {
  start();
  FakeHis his(sched());
  his.script = {Answer::kOtherControlId, Answer::kGarbage};
  ph().link_his(his);
  PrescriptionId id = handed_over("HIS-0001");
  run_for(Duration{100});
  EXPECT_EQ(ph().his_outbox().pending, 1u) << "an AA for RX999 does not deliver RX1";
  EXPECT_EQ(count_events(id, "his.accepted"), 0);
  settle();
  EXPECT_EQ(sent_ids(his), (std::vector<std::string>{"RX1", "RX1", "RX1"}));
  EXPECT_EQ(his.accepted, std::vector<std::string>{"RX1"});
  EXPECT_EQ(count_events(id, "his.accepted"), 1);
}

TEST_F(HisOutboxTest, ARejectionSendsAnOcOrderWithTheReason) {
  start();
  FakeHis his(sched());
  ph().link_his(his);
  PrescriptionId id = create_ok(rx_json("HIS-0002", json::array({item("D0003", 1)})));
  ASSERT_TRUE(reject(id, "超出规定，退回医师修改").ok());
  settle();
  ASSERT_EQ(his.received.size(), 1u);
  const std::string& message = his.received[0].message;
  EXPECT_NE(message.find("\rORC|OC|"), std::string::npos) << message;
  EXPECT_NE(message.find("超出规定，退回医师修改"), std::string::npos) << message;
  EXPECT_NE(message.find("HIS-0002"), std::string::npos) << message;
  EXPECT_EQ(his.accepted, std::vector<std::string>{"RX1"});
}

TEST_F(HisOutboxTest, MessagesGoInOrderOneAtATime) {
  start();
  PrescriptionId rejected = create_ok(rx_json("HIS-0001", json::array({item("D0003", 1)})));
  ASSERT_TRUE(reject(rejected, "重复处方").ok());
  handed_over("HIS-0002");
  FakeHis his(sched());
  his.script = {Answer::kDown, Answer::kDown};
  ph().link_his(his);
  settle();
  EXPECT_EQ(sent_ids(his), (std::vector<std::string>{"RX1", "RX1", "RX1", "RX2"}))
      << "RX2 waits until the HIS has accepted RX1";
  EXPECT_EQ(his.accepted, (std::vector<std::string>{"RX1", "RX2"}));
}

TEST_F(HisOutboxTest, PendingMessagesResumeAfterARestartAndDeliveredOnesAreNotSentAgain) {
  testing_service::TempDir dir;
  std::string db = dir.file("rxpress.db");
  start({}, db);
  PrescriptionId rejected = create_ok(rx_json("HIS-0001", json::array({item("D0003", 1)})));
  ASSERT_TRUE(reject(rejected, "重复处方").ok());
  handed_over("HIS-0002");
  settle();
  EXPECT_EQ(ph().his_outbox().pending, 2u);
  Instant later = now() + Duration{60'000};
  stop();

  start({}, db, later);
  EXPECT_EQ(ph().his_outbox().pending, 2u) << "the outbox is durable";
  {
    FakeHis his(sched());
    ph().link_his(his);
    settle();
    EXPECT_EQ(sent_ids(his), (std::vector<std::string>{"RX1", "RX2"}));
    EXPECT_EQ(his.accepted, (std::vector<std::string>{"RX1", "RX2"}));
    EXPECT_EQ(ph().his_outbox().pending, 0u);
    later = now() + Duration{60'000};
    stop();
  }

  start({}, db, later);
  FakeHis his(sched());
  ph().link_his(his);
  settle();
  EXPECT_TRUE(his.received.empty()) << "delivered messages stay delivered across a restart";
  handed_over("HIS-0003");
  settle();
  EXPECT_EQ(sent_ids(his), std::vector<std::string>{"RX3"}) << "control ids are never reused";
}

}  // namespace
}  // namespace rx
