// The workflow: payment, dispensing on the devices, check-in, window calls and
// hand-over, with the guards and the idempotency of each event.
#include <gtest/gtest.h>

#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::dosed_item;
using testing_service::item;
using testing_service::json;
using testing_service::rx_json;

class PharmacyWorkflowTest : public testing_service::PharmacyTest {
 protected:
  // A prescription that has been paid for and is ready.
  PrescriptionId ready_rx(const std::string& no, json items) {
    PrescriptionId id = create_ok(rx_json(no, std::move(items)));
    EXPECT_TRUE(pay(id).ok());
    settle();
    EXPECT_EQ(record(id).status, RxStatus::kReady);
    return id;
  }
};

TEST_F(PharmacyWorkflowTest, TheWholePathFromIntakeToHandOver) {
  start();
  // Clopidogrel from the channel machine, amlodipine from the pick robot.
  PrescriptionId id = create_ok(rx_json("WF-0001", json::array({item("D0003", 2), item("D0006", 1)})));
  Instant paid_at = now();
  auto paid = pay(id);
  ASSERT_TRUE(paid.ok()) << paid.status().to_string();
  EXPECT_EQ((*paid)->paid_at, paid_at);

  settle();
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.status, RxStatus::kReady);
  ASSERT_TRUE(r.dispensing_at.has_value());
  ASSERT_TRUE(r.ready_at.has_value());
  EXPECT_EQ(*r.dispensing_at, paid_at) << "smart dispensing starts at payment";
  EXPECT_GT(*r.ready_at, *r.dispensing_at);
  EXPECT_TRUE(r.jobs.empty());
  EXPECT_EQ(r.packs_planned(), 3);
  EXPECT_EQ(r.packs_verified(), 3);
  ASSERT_EQ(r.packs.size(), 3u);
  for (const auto& p : r.packs) {
    EXPECT_TRUE(p.verified) << p.verification;
    EXPECT_EQ(p.verification, "passed");
    EXPECT_FALSE(p.pack.serial.empty());
  }
  EXPECT_EQ(verified_by_key(r), planned_by_key(r));
  std::set<DeviceKind> devices;
  for (const auto& l : r.plan) devices.insert(l.device);
  EXPECT_EQ(devices, (std::set<DeviceKind>{DeviceKind::kChannel, DeviceKind::kRobot}));
  EXPECT_FALSE(r.queue_no.has_value());
  EXPECT_FALSE(r.window.has_value());

  Instant arrived = now();
  auto in = check_in(id);
  ASSERT_TRUE(in.ok()) << in.status().to_string();
  EXPECT_EQ(r.queue_no, 1);
  EXPECT_EQ(r.window, 1) << "a free window calls the patient whose medicine is ready";
  EXPECT_EQ(r.called_at, arrived);
  EXPECT_FALSE(r.at_window);

  run_for(Duration{3999});
  EXPECT_FALSE(r.at_window);
  run_for(Duration{1});
  EXPECT_TRUE(r.at_window) << "the baskets reach the window after release_delay";

  auto handed = hand_over(id);
  ASSERT_TRUE(handed.ok()) << handed.status().to_string();
  EXPECT_EQ(r.status, RxStatus::kHandedOver);
  EXPECT_EQ(r.handed_over_at, now());
  EXPECT_EQ(ph().summary()["windows"][0]["queue_no"], nullptr) << "the window is free again";

  std::vector<std::string> expected = {"prescription.received", "prescription.accepted", "prescription.paid",
                                       "prescription.dispensing", "pack.verified",       "pack.verified",
                                       "pack.verified",          "prescription.ready",    "prescription.checked_in",
                                       "prescription.called",    "prescription.at_window", "prescription.handed_over"};
  EXPECT_EQ(history_types(id), expected);
  auto events = history(id);
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_GT(events[i].seq.value(), events[i - 1].seq.value());
    EXPECT_GE(events[i].at, events[i - 1].at);
  }
  EXPECT_EQ(events.front().actor, "his:test-his");
  EXPECT_EQ(events.back().actor, "pharmacist:wang");
  EXPECT_EQ(json::parse(events.back().payload)["packs"].size(), 3u);

  json shown = ph().record_json(r, true);
  EXPECT_EQ(shown["status"], "handed_over");
  EXPECT_EQ(shown["history"].size(), expected.size());
  EXPECT_FALSE(shown.contains("jobs"));
}

TEST_F(PharmacyWorkflowTest, QueueNumbersCountPerDay) {
  start();
  PrescriptionId a = create_ok(rx_json("WF-0010", json::array({item("D0003", 1)}), "P1"));
  PrescriptionId b = create_ok(rx_json("WF-0011", json::array({item("D0011", 1)}), "P2"));
  PrescriptionId c = create_ok(rx_json("WF-0012", json::array({item("D0013", 1)}), "P3"));
  ASSERT_TRUE(check_in(b).ok());
  ASSERT_TRUE(check_in(a).ok());
  ASSERT_TRUE(check_in(c).ok());
  EXPECT_EQ(record(b).queue_no, 1);
  EXPECT_EQ(record(a).queue_no, 2);
  EXPECT_EQ(record(c).queue_no, 3);
  EXPECT_EQ(count_events(a, "prescription.checked_in"), 1);

  run_until(testing_service::at_local("2026-12-02T08:00:00+08:00"));
  PrescriptionId d = create_ok(
      rx_json("WF-0013", json::array({item("D0003", 1)}), "P4", testing_service::at_local("2026-12-02T07:50:00+08:00")));
  ASSERT_TRUE(check_in(d).ok());
  EXPECT_EQ(record(d).queue_no, 1) << "a new day starts again at 1";
}

TEST_F(PharmacyWorkflowTest, AFreeWindowCallsTheLowestReadyQueueNumber) {
  PharmacyConfig config;
  config.windows = 1;
  start(config);
  PrescriptionId a = create_ok(rx_json("WF-0020", json::array({item("D0003", 1)}), "P1"));
  PrescriptionId b = create_ok(rx_json("WF-0021", json::array({item("D0011", 1)}), "P2"));
  PrescriptionId c = create_ok(rx_json("WF-0022", json::array({item("D0013", 1)}), "P3"));
  ASSERT_TRUE(pay(b).ok());
  ASSERT_TRUE(pay(c).ok());
  settle();
  ASSERT_EQ(record(b).status, RxStatus::kReady);
  ASSERT_EQ(record(c).status, RxStatus::kReady);

  ASSERT_TRUE(check_in(a).ok());  // 1, not paid, so not ready
  ASSERT_TRUE(check_in(b).ok());  // 2, ready: called at once
  ASSERT_TRUE(check_in(c).ok());  // 3, ready, but the only window is taken
  EXPECT_FALSE(record(a).window.has_value());
  EXPECT_EQ(record(b).window, 1);
  EXPECT_FALSE(record(c).window.has_value());
  json screen = ph().screen_state();
  ASSERT_EQ(screen["calling"].size(), 1u);
  EXPECT_EQ(screen["calling"][0]["queue_no"], 2);
  EXPECT_EQ(screen["calling"][0]["name"], "张*");

  ASSERT_TRUE(pay(a).ok());
  settle();
  ASSERT_EQ(record(a).status, RxStatus::kReady);
  EXPECT_FALSE(record(a).window.has_value()) << "the window still serves queue number 2";

  ASSERT_TRUE(hand_over(b).ok());
  EXPECT_EQ(record(a).window, 1) << "queue number 1 is ready and lower than 3";
  EXPECT_FALSE(record(c).window.has_value());
  settle();
  ASSERT_TRUE(hand_over(a).ok());
  EXPECT_EQ(record(c).window, 1);
}

TEST_F(PharmacyWorkflowTest, PatientsGoToTheLowestFreeWindows) {
  start();
  PrescriptionId a = ready_rx("WF-0030", json::array({item("D0003", 1)}));
  PrescriptionId b = ready_rx("WF-0031", json::array({item("D0011", 1)}));
  ASSERT_TRUE(check_in(a).ok());
  ASSERT_TRUE(check_in(b).ok());
  EXPECT_EQ(record(a).window, 1);
  EXPECT_EQ(record(b).window, 2);
  json windows = ph().summary()["windows"];
  ASSERT_EQ(windows.size(), 8u);
  EXPECT_EQ(windows[0]["queue_no"], 1);
  EXPECT_EQ(windows[1]["queue_no"], 2);
  EXPECT_EQ(windows[2]["queue_no"], nullptr);
}

TEST_F(PharmacyWorkflowTest, SmartMedicineIsReadyBeforeThePatientArrives) {
  start();
  PrescriptionId id = create_ok(rx_json("WF-0040", json::array({item("D0003", 2), item("D0006", 1)})));
  Instant paid = now();
  ASSERT_TRUE(pay(id).ok());
  run_until(paid + std::chrono::minutes(4));
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.status, RxStatus::kReady) << "four minutes after payment, before the patient has walked over";
  ASSERT_TRUE(check_in(id).ok());
  ASSERT_TRUE(r.ready_at && r.checked_in_at);
  EXPECT_LT(*r.ready_at, *r.checked_in_at);
  EXPECT_EQ(r.window, 1) << "called at once on arrival";
}

TEST_F(PharmacyWorkflowTest, FifoStartsDispensingAtCheckIn) {
  PharmacyConfig config;
  config.policy = PolicyKind::kFifo;
  start(config);
  PrescriptionId id = create_ok(rx_json("WF-0050", json::array({item("D0003", 2)})));
  ASSERT_TRUE(pay(id).ok());
  run_for(std::chrono::minutes(4));
  const PrescriptionRecord& r = record(id);
  EXPECT_EQ(r.status, RxStatus::kAccepted) << "payment alone does not start dispensing under fifo";
  EXPECT_TRUE(r.plan.empty());
  EXPECT_EQ(count_events(id, "prescription.dispensing"), 0);

  ASSERT_TRUE(check_in(id).ok());
  settle();
  EXPECT_EQ(r.status, RxStatus::kReady);
  ASSERT_TRUE(r.dispensing_at && r.checked_in_at);
  EXPECT_EQ(*r.dispensing_at, *r.checked_in_at);
  EXPECT_EQ(r.packs_verified(), 2);
}

TEST_F(PharmacyWorkflowTest, FifoGivesEachDeviceOnePrescriptionAtATime) {
  PharmacyConfig config;
  config.policy = PolicyKind::kFifo;
  start(config);
  PrescriptionId a = create_ok(rx_json("WF-0060", json::array({item("D0003", 2)}), "P1"));
  PrescriptionId b = create_ok(rx_json("WF-0061", json::array({item("D0011", 2)}), "P2"));
  ASSERT_TRUE(pay(a).ok());
  ASSERT_TRUE(pay(b).ok());
  ASSERT_TRUE(check_in(a).ok());
  ASSERT_TRUE(check_in(b).ok());
  run_for(Duration{100});
  EXPECT_EQ(record(a).status, RxStatus::kDispensing);
  EXPECT_EQ(record(b).status, RxStatus::kAccepted) << "the channel machine holds a's job";
  settle();
  ASSERT_EQ(record(a).status, RxStatus::kReady);
  ASSERT_EQ(record(b).status, RxStatus::kReady);
  EXPECT_GE(*record(b).dispensing_at, *record(a).ready_at);
}

TEST_F(PharmacyWorkflowTest, SmartRunsPaidPrescriptionsSideBySide) {
  start();
  PrescriptionId a = create_ok(rx_json("WF-0070", json::array({item("D0003", 2)}), "P1"));
  PrescriptionId b = create_ok(rx_json("WF-0071", json::array({item("D0011", 2)}), "P2"));
  ASSERT_TRUE(pay(a).ok());
  ASSERT_TRUE(pay(b).ok());
  settle();
  ASSERT_EQ(record(a).status, RxStatus::kReady);
  ASSERT_EQ(record(b).status, RxStatus::kReady);
  EXPECT_LT(*record(b).dispensing_at, *record(a).ready_at);
}

TEST_F(PharmacyWorkflowTest, HandOverNeedsReadyCheckedInAndAtTheWindow) {
  start();
  PrescriptionId id = create_ok(rx_json("WF-0080", json::array({item("D0003", 1)})));
  auto early = hand_over(id);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), ErrorCode::kConflict);
  EXPECT_NE(early.status().message().find("accepted"), std::string::npos) << early.status().message();

  ASSERT_TRUE(pay(id).ok());
  settle();
  ASSERT_EQ(record(id).status, RxStatus::kReady);
  auto absent = hand_over(id);
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.status().code(), ErrorCode::kConflict);
  EXPECT_NE(absent.status().message().find("checked in"), std::string::npos) << absent.status().message();

  ASSERT_TRUE(check_in(id).ok());
  auto no_basket = hand_over(id);
  ASSERT_FALSE(no_basket.ok());
  EXPECT_EQ(no_basket.status().code(), ErrorCode::kConflict);
  EXPECT_NE(no_basket.status().message().find("window"), std::string::npos) << no_basket.status().message();
  EXPECT_EQ(count_events(id, "prescription.handed_over"), 0);

  settle();
  ASSERT_TRUE(hand_over(id).ok());
  EXPECT_EQ(record(id).status, RxStatus::kHandedOver);

  auto missing = hand_over(PrescriptionId(999));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
}

TEST_F(PharmacyWorkflowTest, AHighAlertDrugNeedsAnExplicitConfirmation) {
  start();
  PrescriptionId id = ready_rx("WF-0090", json::array({item("D0004", 1)}));  // warfarin
  EXPECT_TRUE(record(id).high_alert);
  ASSERT_TRUE(check_in(id).ok());
  settle();
  ASSERT_TRUE(record(id).at_window);

  auto refused = hand_over(id, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(refused.status().reason(), "HIGH_ALERT_CONFIRMATION");
  EXPECT_EQ(record(id).status, RxStatus::kReady);
  EXPECT_EQ(count_events(id, "prescription.handed_over"), 0);

  ASSERT_TRUE(hand_over(id, true).ok());
  EXPECT_EQ(record(id).status, RxStatus::kHandedOver);
  EXPECT_EQ(json::parse(history(id).back().payload)["confirm_high_alert"], true);
}

TEST_F(PharmacyWorkflowTest, AnOverrideNeedsAReasonAndThenDispensesOncePaid) {
  start();
  PrescriptionId id = create_ok(rx_json("WF-0100", json::array({dosed_item("D0022", 1000, "mg", "tid", 7, 3)})));
  ASSERT_EQ(record(id).status, RxStatus::kBlocked);
  ASSERT_TRUE(pay(id).ok());
  settle();
  EXPECT_EQ(record(id).status, RxStatus::kBlocked) << "payment does not dispense a blocked prescription";
  EXPECT_TRUE(record(id).plan.empty());

  auto no_reason = override_block(id, "");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_reason.status().field(), "reason");
  EXPECT_EQ(record(id).status, RxStatus::kBlocked);

  auto overridden = override_block(id, "prescriber confirmed the dose by phone");
  ASSERT_TRUE(overridden.ok()) << overridden.status().to_string();
  EXPECT_EQ(record(id).status, RxStatus::kAccepted);
  EXPECT_EQ(record(id).reason, "prescriber confirmed the dose by phone");
  settle();
  EXPECT_EQ(record(id).status, RxStatus::kReady);
  EXPECT_EQ(record(id).packs_verified(), 3);
  json overridden_event;
  for (const auto& e : history(id)) {
    if (e.type == "prescription.overridden") overridden_event = json::parse(e.payload);
  }
  EXPECT_EQ(overridden_event["codes"], json::array({"DOSE_MAX"}));
  EXPECT_EQ(overridden_event["reason"], "prescriber confirmed the dose by phone");

  auto again = override_block(id, "once more");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);

  // The same override again, as a retry after a lost answer: the record, unchanged.
  size_t events = history(id).size();
  auto retried = override_block(id, "prescriber confirmed the dose by phone");
  ASSERT_TRUE(retried.ok()) << retried.status().to_string();
  EXPECT_EQ(record(id).status, RxStatus::kReady);
  EXPECT_EQ(record(id).reason, "prescriber confirmed the dose by phone");
  EXPECT_EQ(history(id).size(), events);
  EXPECT_EQ(count_events(id, "prescription.overridden"), 1);
}

TEST_F(PharmacyWorkflowTest, ARejectedPrescriptionTakesNoPayment) {
  start();
  PrescriptionId id = create_ok(rx_json("WF-0110", json::array({dosed_item("D0022", 1000, "mg", "tid", 7, 3)})));
  auto no_reason = reject(id, "");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.status().field(), "reason");

  ASSERT_TRUE(reject(id, "dose above the maximum").ok());
  EXPECT_EQ(record(id).status, RxStatus::kRejected);
  size_t events = history(id).size();

  auto payment = pay(id);
  ASSERT_FALSE(payment.ok());
  EXPECT_EQ(payment.status().code(), ErrorCode::kConflict);
  auto arrival = check_in(id);
  ASSERT_FALSE(arrival.ok());
  EXPECT_EQ(arrival.status().code(), ErrorCode::kConflict);
  auto cancelled = cancel(id, "patient left");
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.status().code(), ErrorCode::kConflict);
  ASSERT_TRUE(reject(id, "dose above the maximum").ok()) << "a repeated rejection is acknowledged";
  settle();
  EXPECT_EQ(record(id).status, RxStatus::kRejected);
  EXPECT_FALSE(record(id).paid_at.has_value());
  EXPECT_EQ(history(id).size(), events);
}

TEST_F(PharmacyWorkflowTest, ADispensingPrescriptionCannotBeRejected) {
  start();
  PrescriptionId id = create_ok(rx_json("WF-0120", json::array({item("D0003", 1)})));
  ASSERT_TRUE(pay(id).ok());
  run_for(Duration{100});
  ASSERT_EQ(record(id).status, RxStatus::kDispensing);
  auto r = reject(id, "too late");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
  settle();
  EXPECT_EQ(record(id).status, RxStatus::kReady);
}

TEST_F(PharmacyWorkflowTest, RepeatedEventsChangeNothing) {
  start();
  PrescriptionId id = create_ok(rx_json("WF-0130", json::array({item("D0003", 1)})));
  ASSERT_TRUE(pay(id).ok());
  settle();  // dispensing, which the payment started, is over
  Instant paid_at = *record(id).paid_at;
  size_t events = history(id).size();
  long long seq = stored_last_seq();
  ASSERT_TRUE(pay(id, paid_at + std::chrono::minutes(5)).ok());
  EXPECT_EQ(record(id).paid_at, paid_at);
  EXPECT_EQ(history(id).size(), events);
  EXPECT_EQ(stored_last_seq(), seq);

  settle();
  ASSERT_TRUE(check_in(id).ok());
  int queue_no = *record(id).queue_no;
  events = history(id).size();
  ASSERT_TRUE(check_in(id).ok());
  EXPECT_EQ(record(id).queue_no, queue_no);
  EXPECT_EQ(history(id).size(), events);

  settle();
  ASSERT_TRUE(hand_over(id).ok());
  Instant handed_at = *record(id).handed_over_at;
  events = history(id).size();
  run_for(std::chrono::minutes(1));
  auto again = hand_over(id);
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ((*again)->status, RxStatus::kHandedOver);
  EXPECT_EQ(record(id).handed_over_at, handed_at);
  EXPECT_EQ(history(id).size(), events);
}

TEST_F(PharmacyWorkflowTest, OnReceiptPaymentDispensesAtIntake) {
  PharmacyConfig config;
  config.payment = PaymentMode::kOnReceipt;
  start(config);
  PrescriptionId id = create_ok(rx_json("WF-0140", json::array({item("D0003", 1)})));
  EXPECT_EQ(record(id).paid_at, record(id).received_at);
  settle();
  EXPECT_EQ(record(id).status, RxStatus::kReady);
  auto types = history_types(id);
  ASSERT_GE(types.size(), 3u);
  EXPECT_EQ(types[2], "prescription.paid");
}

TEST_F(PharmacyWorkflowTest, CancellingAtTheWindowCallsTheNextPatientAndReturnsThePacks) {
  PharmacyConfig config;
  config.windows = 1;
  start(config);
  PrescriptionId a = ready_rx("WF-0150", json::array({item("D0003", 2)}));
  PrescriptionId b = ready_rx("WF-0151", json::array({item("D0011", 1)}));
  int before = stock_at("D0003", "DM2511004", "C-04-01");
  ASSERT_TRUE(check_in(a).ok());
  ASSERT_TRUE(check_in(b).ok());
  settle();
  ASSERT_TRUE(record(a).at_window);
  ASSERT_FALSE(record(b).window.has_value());

  ASSERT_TRUE(cancel(a, "patient refused the medicine").ok());
  EXPECT_EQ(record(a).status, RxStatus::kCancelled);
  EXPECT_EQ(record(b).window, 1);
  EXPECT_EQ(stock_at("D0003", "DM2511004", "C-04-01"), before) << "back in stock only once scanned again";
  EXPECT_EQ(count_events(a, "pack.awaiting_return"), 2);
  auto late = hand_over(a);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), ErrorCode::kConflict);
  settle();
  ASSERT_TRUE(hand_over(b).ok());
}

TEST_F(PharmacyWorkflowTest, CheckInRaisesThePriorityOfAQueuedJob) {
  start();
  // Four technicians: of nine shelf prescriptions paid together, five wait,
  // and the last of them would start only in the third round.
  std::vector<PrescriptionId> ids;
  for (int i = 0; i < 9; ++i) {
    ids.push_back(create_ok(rx_json("WF-016" + std::to_string(i), json::array({item("D0012", 1)}),
                                    "P" + std::to_string(i))));
  }
  for (PrescriptionId id : ids) ASSERT_TRUE(pay(id).ok());
  run_for(Duration{100});
  EXPECT_EQ(shelf_->status().queued_jobs, 5);
  ASSERT_TRUE(check_in(ids[8]).ok());
  settle();
  for (PrescriptionId id : ids) ASSERT_EQ(record(id).status, RxStatus::kReady);
  EXPECT_LT(*record(ids[8]).ready_at, *record(ids[7]).ready_at) << "the patient who is here goes first";
  EXPECT_EQ(*record(ids[8]).ready_at, *record(ids[4]).ready_at);
}

TEST_F(PharmacyWorkflowTest, SubscribersHearOfCommittedChanges) {
  start();
  std::vector<Notice> notices;
  std::vector<ScreenNotice> screens;
  int handle = ph().subscribe([&](const Notice& n) { notices.push_back(n); });
  ph().subscribe_screen([&](const ScreenNotice& n) { screens.push_back(n); });
  PrescriptionId id = ready_rx("WF-0170", json::array({item("D0003", 1)}));
  ASSERT_FALSE(notices.empty());
  EXPECT_EQ(notices.front().type, "prescription");
  EXPECT_EQ(notices.front().id, id);
  EXPECT_EQ(notices.front().data["prescription_no"], "WF-0170");
  bool ready_card = false;
  bool summary = false;
  for (const auto& n : notices) {
    ready_card = ready_card || (n.type == "prescription" && n.data["status"] == "ready");
    summary = summary || n.type == "summary";
  }
  EXPECT_TRUE(ready_card);
  EXPECT_TRUE(summary);

  ASSERT_TRUE(check_in(id).ok());
  ASSERT_FALSE(screens.empty());
  EXPECT_EQ(screens.back().data["calling"][0]["queue_no"], 1);
  EXPECT_EQ(screens.back().data["calling"][0]["name"], "张*");
  EXPECT_EQ(screens.back().data.dump().find("P0001"), std::string::npos) << "no patient ids on the public screen";

  ph().unsubscribe(handle);
  size_t heard = notices.size();
  settle();
  ASSERT_TRUE(hand_over(id).ok());
  settle();
  EXPECT_EQ(notices.size(), heard);
}

}  // namespace
}  // namespace rx
