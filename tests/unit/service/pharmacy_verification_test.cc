// Pack verification in the service: packs that fail go to quarantine and
// their line is picked again; a wrong drug stops its location until a
// technician clears it; hand-over waits until every pack has passed.
#include <gtest/gtest.h>

#include "interop/gs1/pack_code.h"
#include "unit/service/pharmacy_fixture.h"

namespace rx {
namespace {

using testing_service::item;
using testing_service::json;
using testing_service::kTechnician;
using testing_service::rx_json;

// A channel machine whose packs the test puts out itself, code by code.
class ScriptedChannel : public Device {
 public:
  DeviceKind kind() const override { return DeviceKind::kChannel; }
  void set_listener(DeviceListener* listener) override { listener_ = listener; }
  void submit(PickJob job) override { jobs.push_back(std::move(job)); }
  void reprioritise(uint64_t, int) override {}
  void cancel(uint64_t) override {}
  DeviceStatus status() const override { return DeviceStatus{"scripted channel", DeviceKind::kChannel}; }

  void put_out(const PickJob& job, std::string code) {
    const PickLine& line = job.lines.front();
    listener_->on_pack_out(PackOut{job.job_id, line.item, line.location, std::move(code)});
  }
  // The code the line's own packs carry, with `serial`.
  static std::string right_code(const PickJob& job, std::string serial) {
    const PickLine& line = job.lines.front();
    return gs1_element_string(line.gtin, line.expiry, line.lot.value(), serial);
  }
  void finish(const PickJob& job) { listener_->on_job_state(job.job_id, JobState::kCompleted, ""); }
  void reject(const PickJob& job, std::string why) {
    listener_->on_job_state(job.job_id, JobState::kRejected, std::move(why));
  }

  std::vector<PickJob> jobs;

 private:
  DeviceListener* listener_ = nullptr;
};

// D0002's GTIN on a pack in D0001's channel.
std::string wrong_drug_code(const PickJob& job) {
  return gs1_element_string("02000000000022", job.lines.front().expiry, "W1", "W-0001");
}

class PharmacyVerificationTest : public testing_service::PharmacyTest {
 protected:
  void start_scripted(const std::string& db = ":memory:") {
    start({}, db);
    ph().attach(channel_script_);
  }

  // A paid prescription of one D0001 pack, planned on the scripted channel.
  PrescriptionId dispensing(std::string no, std::string patient) {
    PrescriptionId id = create_ok(rx_json(std::move(no), json::array({item("D0001", 1)}), std::move(patient)));
    EXPECT_TRUE(pay(id).ok());
    settle();
    EXPECT_EQ(record(id).status, RxStatus::kDispensing);
    return id;
  }

  const PickJob& last_job() { return channel_script_.jobs.back(); }

  int quarantined_packs() {
    int n = 0;
    for (const auto& row : ph().stock(std::nullopt)) {
      if (row.location.value() == "Q-BIN") {
        EXPECT_TRUE(row.quarantined);
        n += row.quantity;
      }
    }
    return n;
  }

  Status clear(const std::string& location) {
    return await_status([&](auto done) { ph().clear_suspect(LocationCode(location), kTechnician, done); });
  }

  ScriptedChannel channel_script_;
};

TEST_F(PharmacyVerificationTest, AWrongDrugIsQuarantinedAndItsChannelStopsUntilCleared) {
  start_scripted();
  PrescriptionId id = dispensing("V-0001", "P1");
  ASSERT_EQ(channel_script_.jobs.size(), 1u);
  const std::string first_location = last_job().lines.front().location.value();
  channel_script_.put_out(last_job(), wrong_drug_code(last_job()));
  channel_script_.finish(last_job());
  settle();

  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.packs.size(), 1u);
  EXPECT_FALSE(r.packs[0].verified);
  EXPECT_EQ(r.packs[0].verification.rfind("wrong_drug: pack is D0002", 0), 0u) << r.packs[0].verification;
  EXPECT_EQ(quarantined_packs(), 1);
  EXPECT_EQ(count_events(id, "pack.quarantined"), 1);
  EXPECT_EQ(count_events(id, "location.suspect"), 1);
  auto suspects = ph().suspect_locations();
  ASSERT_EQ(suspects.size(), 1u);
  EXPECT_EQ(suspects[0].location.value(), first_location);

  // The line is picked again, from another location.
  EXPECT_EQ(r.status, RxStatus::kDispensing);
  ASSERT_EQ(channel_script_.jobs.size(), 2u);
  EXPECT_NE(last_job().lines.front().location.value(), first_location);
  ASSERT_TRUE(check_in(id).ok());
  EXPECT_EQ(hand_over(id).status().code(), ErrorCode::kConflict);

  channel_script_.put_out(last_job(), ScriptedChannel::right_code(last_job(), "R-0001"));
  channel_script_.finish(last_job());
  settle();
  EXPECT_EQ(record(id).status, RxStatus::kReady);
  EXPECT_EQ(record(id).packs_verified(), 1);
  EXPECT_TRUE(hand_over(id).ok());

  // Cleared by a technician, the channel is planned again.
  EXPECT_TRUE(clear(first_location).ok());
  EXPECT_TRUE(ph().suspect_locations().empty());
  EXPECT_EQ(clear(first_location).code(), ErrorCode::kNotFound);
  dispensing("V-0002", "P2");
  EXPECT_EQ(last_job().lines.front().location.value(), first_location);
}

TEST_F(PharmacyVerificationTest, ARefusedJobsPlaceIsNotPlannedAgainUntilCleared) {
  start_scripted();
  PrescriptionId id = dispensing("V-0010", "P1");
  ASSERT_EQ(channel_script_.jobs.size(), 1u);
  const std::string refused = last_job().lines.front().location.value();
  channel_script_.reject(last_job(), "lines[0].location: no such channel");
  settle();

  // Planned again from the same channel, the job would be refused again, for ever.
  ASSERT_EQ(channel_script_.jobs.size(), 2u);
  EXPECT_NE(last_job().lines.front().location.value(), refused);
  auto suspects = ph().suspect_locations();
  ASSERT_EQ(suspects.size(), 1u);
  EXPECT_EQ(suspects[0].location.value(), refused);
  EXPECT_NE(suspects[0].reason.find("no such channel"), std::string::npos) << suspects[0].reason;
  EXPECT_EQ(record(id).status, RxStatus::kDispensing);

  channel_script_.put_out(last_job(), ScriptedChannel::right_code(last_job(), "R-0010"));
  channel_script_.finish(last_job());
  settle();
  EXPECT_EQ(record(id).status, RxStatus::kReady);
  EXPECT_TRUE(clear(refused).ok());
}

TEST_F(PharmacyVerificationTest, ASuspectLocationSurvivesARestart) {
  testing_service::TempDir dir;
  const std::string db = dir.file("rxpress.db");
  start_scripted(db);
  dispensing("V-0010", "P1");
  const std::string location = last_job().lines.front().location.value();
  Instant flagged = now();
  channel_script_.put_out(last_job(), wrong_drug_code(last_job()));
  settle();
  ASSERT_EQ(ph().suspect_locations().size(), 1u);
  Instant stopped = now();
  stop();
  start({}, db, stopped);
  auto suspects = ph().suspect_locations();
  ASSERT_EQ(suspects.size(), 1u);
  EXPECT_EQ(suspects[0].location.value(), location);
  EXPECT_EQ(suspects[0].since, flagged);
  EXPECT_EQ(suspects[0].reason.rfind("wrong_drug: ", 0), 0u);
  EXPECT_TRUE(clear(location).ok());
  stop();
  start({}, db, stopped);
  EXPECT_TRUE(ph().suspect_locations().empty());
}

TEST_F(PharmacyVerificationTest, AnExtraPackIsQuarantinedAndTheLineStaysComplete) {
  start_scripted();
  PrescriptionId id = dispensing("V-0020", "P1");
  channel_script_.put_out(last_job(), ScriptedChannel::right_code(last_job(), "E-0001"));
  channel_script_.put_out(last_job(), ScriptedChannel::right_code(last_job(), "E-0002"));  // a double drop
  channel_script_.finish(last_job());
  settle();
  const PrescriptionRecord& r = record(id);
  ASSERT_EQ(r.packs.size(), 2u);
  EXPECT_TRUE(r.packs[0].verified);
  EXPECT_FALSE(r.packs[1].verified);
  EXPECT_EQ(r.packs[1].verification.rfind("extra: ", 0), 0u) << r.packs[1].verification;
  EXPECT_EQ(r.status, RxStatus::kReady);
  EXPECT_EQ(channel_script_.jobs.size(), 1u);
  EXPECT_EQ(quarantined_packs(), 1);
  EXPECT_TRUE(ph().suspect_locations().empty());
}

TEST_F(PharmacyVerificationTest, AnUnreadablePackIsPickedAgainFromTheSameChannel) {
  start_scripted();
  PrescriptionId id = dispensing("V-0030", "P1");
  const std::string location = last_job().lines.front().location.value();
  channel_script_.put_out(last_job(),
                          "]d2"
                          "01020000000000");
  channel_script_.finish(last_job());
  settle();
  EXPECT_EQ(record(id).packs[0].verification.rfind("unreadable: AI (01)", 0), 0u) << record(id).packs[0].verification;
  EXPECT_EQ(quarantined_packs(), 1);
  EXPECT_TRUE(ph().suspect_locations().empty());
  ASSERT_EQ(channel_script_.jobs.size(), 2u);
  EXPECT_EQ(last_job().lines.front().location.value(), location);
  EXPECT_EQ(record(id).status, RxStatus::kDispensing);
}

TEST_F(PharmacyVerificationTest, ASerialSeenBeforeIsADuplicate) {
  start_scripted();
  PrescriptionId first = dispensing("V-0040", "P1");
  std::string code = ScriptedChannel::right_code(last_job(), "D-0001");
  channel_script_.put_out(last_job(), code);
  channel_script_.finish(last_job());
  settle();
  ASSERT_EQ(record(first).status, RxStatus::kReady);

  PrescriptionId second = dispensing("V-0041", "P2");
  channel_script_.put_out(last_job(), ScriptedChannel::right_code(last_job(), "D-0001"));
  channel_script_.finish(last_job());
  settle();
  ASSERT_EQ(record(second).packs.size(), 1u);
  EXPECT_EQ(record(second).packs[0].verification.rfind("duplicate_serial: ", 0), 0u)
      << record(second).packs[0].verification;
  EXPECT_EQ(record(second).status, RxStatus::kDispensing);
  EXPECT_EQ(quarantined_packs(), 1);
}

}  // namespace
}  // namespace rx
