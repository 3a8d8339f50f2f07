// Inbound pharmacy messages (contracts.md "HL7 v2 over MLLP"): one message in,
// either an action to apply or the reason it is refused, with what the ACK
// needs either way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/drug.h"
#include "core/patient.h"
#include "core/prescription.h"
#include "core/time.h"
#include "interop/hl7v2/segments.h"

namespace rx::hl7 {

// More order groups than this in one message -> AE MAX_ITEMS.
inline constexpr int kMaxOrderGroups = 5;

enum class AckCode { kAccept, kError, kReject };  // AA, AE, AR

// "AA", "AE", "AR".
std::string_view ack_code_name(AckCode code);

// True for the MSH-12 versions this receiver reads: 2.3 to 2.8, minor releases
// included ("2.5.1").
bool is_accepted_version(std::string_view version);

struct MessageHeader {            // from MSH, for the ACK and for idempotency
  std::string control_id;         // MSH-10
  std::string message_type;       // "RDE^O11" (MSH-9.1^MSH-9.2)
  std::string sending_application, sending_facility, receiving_application, receiving_facility;
  std::string version;            // MSH-12.1
  std::string processing_id;      // MSH-11.1
  std::string character_set;      // MSH-18.1 as sent ("" when absent)
};

// The header of a message whose MSH was read.
MessageHeader header_of(const Msh& msh);

struct NewOrder {  // ORC-1 = NW
  Prescription rx;
};
struct CancelOrder {  // ORC-1 = CA or DC
  std::string prescription_no;
  std::string control;  // "CA" or "DC"
  std::string reason;   // ORC-16 text (else its identifier), may be empty
};
struct PatientUpdate {  // ADT^A01/A04/A08: PID with the AL1 allergies
  Patient patient;
};
struct PaymentNotice {  // DFT^P03: FT1-23.1 names the prescription (docs/hl7.md)
  std::string prescription_no;
  std::optional<Instant> paid_at;  // FT1-4.1, else MSH-7
};
using InboundAction = std::variant<NewOrder, CancelOrder, PatientUpdate, PaymentNotice>;

struct InboundError {
  AckCode ack;           // kError (AE) or kReject (AR)
  std::string code;      // AE: MAX_ITEMS, UNKNOWN_DRUG, MISSING_SEGMENT, BAD_NUMBER. AR: UNSUPPORTED_TYPE,
                         // UNSUPPORTED_CONTROL, BAD_VERSION, MISSING_CONTROL_ID, MALFORMED, BAD_CHARSET,
                         // BAD_FIELD; and DUPLICATE_CONTROL_ID, which the receiver sets for a changed resend
  std::string text;      // a person can act on it
  std::string location;  // "RXE-2", "ORC", "MSH-10" ...: what ERR-2 says
  int sequence = 0;      // which segment of that name (1 = the first), 0 when not one segment
};

struct Inbound {
  std::optional<MessageHeader> header;  // absent only when MSH itself cannot be read
  std::optional<InboundAction> action;  // set when the message is to be applied
  std::optional<InboundError> error;    // set when it is refused (AE/AR) before anything is stored
  std::string digest;                   // a stable hash of the message content, for resend detection

  // The ACK this outcome calls for: AA with an action, else the error's code.
  AckCode ack() const;
};

// Reads one message (bytes as framed): charset, MSH first, then type dispatch and field mapping
// (contracts.md table), drug codes resolved against the formulary. Never throws.
Inbound read_inbound(std::string_view bytes, const Formulary& formulary, const Zone& zone);

// 64-bit FNV-1a, 16 lower-case hex digits, of the message text with every
// segment separator (\r, \n, \r\n) written as \r and trailing separators
// dropped: the same message sent with other line endings has the same digest.
std::string message_digest(std::string_view text);

}  // namespace rx::hl7
