// Hl7Intake: inbound HL7 v2 messages applied to the Pharmacy, each answered
// with an original-mode ACK (contracts.md "HL7 v2 over MLLP"). An applied
// message is acknowledged only once its change is durable, and its ACK is
// stored with that change, so that a resend gets the same ACK and creates
// nothing. Call it only on the Pharmacy's loop.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "interop/hl7v2/inbound.h"
#include "service/pharmacy.h"

namespace rx {

class Hl7Intake {
 public:
  // Gets the ACK's bytes (unframed), once.
  using Reply = std::function<void(std::string ack)>;

  explicit Hl7Intake(Pharmacy& pharmacy);
  Hl7Intake(const Hl7Intake&) = delete;
  Hl7Intake& operator=(const Hl7Intake&) = delete;

  // Reads and applies one message. A refused message is answered at once and
  // stores nothing; an applied one is answered after the commit.
  void handle(std::string_view message, Reply reply);
  // Answers AR to a frame that could not be read whole; `why` says what was wrong.
  void refuse_frame(const Status& why, Reply reply);

 private:
  struct Waiting {
    hl7::Inbound inbound;
    Reply reply;
  };
  void process(hl7::Inbound inbound, Reply reply);
  // Calls `done` with the outcome of the action, after its commit.
  void apply(hl7::InboundAction action, PrescriptionId target, const Actor& actor, std::function<void(Status)> done);
  // The prescription a cancel or a payment is about, or AE UNKNOWN_PRESCRIPTION.
  Result<PrescriptionId> target_of(const hl7::InboundAction& action) const;
  // Ends the handling of a control id and handles the messages that waited for it.
  void release(const std::string& control_id);
  std::string ack(const std::optional<hl7::MessageHeader>& header, hl7::AckCode code, const hl7::InboundError* error);

  Pharmacy& pharmacy_;
  uint64_t acks_ = 0;
  // Control ids being applied now; a message with the same id waits for the
  // first to be committed, then is answered from its receipt.
  std::set<std::string> pending_;
  std::map<std::string, std::vector<Waiting>> waiting_;
};

}  // namespace rx
