// Window calls: a window whose pharmacist is finishing calls the next ready
// patient early under smart, so that the baskets arrive as it frees; fifo
// waits for the hand-over.
#include <gtest/gtest.h>

#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::item;
using testing_service::json;
using testing_service::rx_json;
using testing_service::TempDir;

class WindowCallsTest : public testing_service::PharmacyTest {
 protected:
  PrescriptionId paid_rx(const std::string& no, const std::string& drug, const std::string& patient) {
    PrescriptionId id = create_ok(rx_json(no, json::array({item(drug, 1)}), patient));
    EXPECT_TRUE(pay(id).ok());
    settle();
    return id;
  }
  PrescriptionId ready_rx(const std::string& no, const std::string& drug, const std::string& patient) {
    PrescriptionId id = paid_rx(no, drug, patient);
    EXPECT_EQ(record(id).status, RxStatus::kReady);
    return id;
  }
  Status closing(int window) {
    return await_status([&](auto done) { ph().window_closing(window, done); });
  }
  // One window, two patients paid and checked in (fifo dispenses at check-in),
  // both ready: the first is called and its baskets are at the window.
  std::pair<PrescriptionId, PrescriptionId> two_at_one_window(PolicyKind policy) {
    PharmacyConfig config;
    config.windows = 1;
    config.policy = policy;
    start(config);
    PrescriptionId a = paid_rx("WC-0001", "D0003", "P1");
    PrescriptionId b = paid_rx("WC-0002", "D0011", "P2");
    EXPECT_TRUE(check_in(a).ok());
    settle();
    EXPECT_TRUE(check_in(b).ok());
    settle();
    EXPECT_EQ(record(b).status, RxStatus::kReady);
    EXPECT_EQ(record(a).window, 1);
    EXPECT_TRUE(record(a).at_window);
    EXPECT_FALSE(record(b).window.has_value());
    return {a, b};
  }
};

TEST_F(WindowCallsTest, SmartCallsTheNextPatientToAWindowAboutToFree) {
  auto [a, b] = two_at_one_window(PolicyKind::kSmart);
  Instant signalled = now();
  ASSERT_TRUE(closing(1).ok());
  EXPECT_EQ(record(b).window, 1) << "called while the pharmacist finishes with queue number 1";
  ASSERT_TRUE(record(b).called_at.has_value());
  EXPECT_EQ(*record(b).called_at, signalled);
  json windows = ph().summary()["windows"];
  EXPECT_EQ(windows[0]["queue_no"], 2) << "the screen shows the number called next";

  // The first patient's hand-over must not free the window the second now holds.
  ASSERT_TRUE(hand_over(a).ok());
  run_for(std::chrono::seconds(4));
  EXPECT_TRUE(record(b).at_window) << "the early baskets reach the window release_delay after the call";
  EXPECT_EQ(ph().summary()["windows"][0]["queue_no"], 2);
  ASSERT_TRUE(hand_over(b).ok());
  EXPECT_EQ(ph().summary()["windows"][0]["queue_no"], nullptr) << "free once the second patient has gone";
}

TEST_F(WindowCallsTest, AFreeWindowIsCalledBeforeOneFinishing) {
  PharmacyConfig config;
  config.windows = 2;
  start(config);
  PrescriptionId a = ready_rx("WC-0010", "D0003", "P1");
  ASSERT_TRUE(check_in(a).ok());
  settle();
  ASSERT_EQ(record(a).window, 1);
  ASSERT_TRUE(closing(1).ok());  // nobody waits: nothing happens but the flag
  PrescriptionId b = ready_rx("WC-0011", "D0011", "P2");
  ASSERT_TRUE(check_in(b).ok());
  EXPECT_EQ(record(b).window, 2) << "window 2 is idle, window 1 only about to free";
  PrescriptionId c = ready_rx("WC-0012", "D0013", "P3");
  ASSERT_TRUE(check_in(c).ok());
  EXPECT_EQ(record(c).window, 1) << "then the window that is finishing";
}

TEST_F(WindowCallsTest, FifoWaitsForTheHandOver) {
  auto [a, b] = two_at_one_window(PolicyKind::kFifo);
  ASSERT_TRUE(closing(1).ok());
  EXPECT_FALSE(record(b).window.has_value()) << "the baseline calls only a free window";
  ASSERT_TRUE(hand_over(a).ok());
  EXPECT_EQ(record(b).window, 1);
}

TEST_F(WindowCallsTest, ANoWindowIsRefused) {
  PharmacyConfig config;
  config.windows = 2;
  start(config);
  for (int window : {0, 3}) {
    Status s = closing(window);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << window;
    EXPECT_EQ(s.field(), "window");
    EXPECT_NE(s.message().find("expected a window from 1 to 2"), std::string::npos) << s.message();
  }
}

TEST_F(WindowCallsTest, CancellingTheNextPatientLeavesTheWindowToTheOneThere) {
  auto [a, b] = two_at_one_window(PolicyKind::kSmart);
  ASSERT_TRUE(closing(1).ok());
  ASSERT_EQ(record(b).window, 1);
  ASSERT_TRUE(cancel(b, "patient left").ok());
  EXPECT_EQ(ph().summary()["windows"][0]["queue_no"], nullptr) << "the window is free for the next call";
  ASSERT_TRUE(hand_over(a).ok());
}

TEST_F(WindowCallsTest, AfterARestartTheWindowBelongsToThePatientCalledLast) {
  // The patient called early has the lower id, so that a rebuild in id order
  // would give the window back to the one leaving it.
  TempDir dir;
  const std::string db = dir.file("rxpress.db");
  PharmacyConfig config;
  config.windows = 1;
  start(config, db);
  PrescriptionId next = paid_rx("WC-0020", "D0003", "P1");
  PrescriptionId served = paid_rx("WC-0021", "D0011", "P2");
  ASSERT_TRUE(check_in(served).ok());
  settle();
  ASSERT_EQ(record(served).window, 1);
  ASSERT_TRUE(check_in(next).ok());
  settle();
  ASSERT_TRUE(closing(1).ok());
  ASSERT_EQ(record(next).window, 1);
  const int next_no = *record(next).queue_no;
  Instant stopped = now();
  stop();
  start(config, db, stopped);

  EXPECT_EQ(ph().summary()["windows"][0]["queue_no"], next_no) << "the screen still shows the number called last";
  ASSERT_TRUE(hand_over(served).ok());
  EXPECT_EQ(ph().summary()["windows"][0]["queue_no"], next_no)
      << "the served patient's hand-over leaves the window to the one called there";
  PrescriptionId third = paid_rx("WC-0022", "D0013", "P3");
  ASSERT_TRUE(check_in(third).ok());
  settle();
  EXPECT_FALSE(record(third).window.has_value()) << "nobody else is called to a window that is taken";
  ASSERT_TRUE(hand_over(next).ok());
  settle();
  EXPECT_EQ(record(third).window, 1);
}

}  // namespace
}  // namespace rx
