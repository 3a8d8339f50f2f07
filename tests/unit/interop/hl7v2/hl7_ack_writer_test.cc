#include "interop/hl7v2/ack_writer.h"

#include <gtest/gtest.h>

#include <string>

#include "interop/hl7v2/charset.h"
#include "interop/hl7v2/outbound.h"
#include "interop/hl7v2/parser.h"
#include "unit/interop/hl7v2/viewed_message.h"
#include "interop/hl7v2/segments.h"
#include "unit/interop/hl7v2/hl7_test_support.h"

namespace rx::hl7 {
namespace {

using testing::at;

MessageHeader original() {
  MessageHeader h;
  h.control_id = "MSG0001";
  h.message_type = "RDE^O11";
  h.sending_application = "HIS";
  h.sending_facility = "HOSP";
  h.receiving_application = "RXPRESS";
  h.receiving_facility = "PHARMACY";
  h.version = "2.5";
  h.processing_id = "T";
  return h;
}

TEST(Hl7AckWriterTest, AaSwapsSenderAndReceiverAndEchoesMsh10) {
  ViewedMessage m(write_ack(original(), AckCode::kAccept, nullptr, "ACK0001", at("2026-03-29T09:12:01+08:00"),
                               Zone::shanghai()));
  ASSERT_EQ(m->segment_count(), 2u);
  Msh msh = read_msh(m->segment(0)).value();
  EXPECT_EQ(msh.sending_application, "RXPRESS");
  EXPECT_EQ(msh.sending_facility, "PHARMACY");
  EXPECT_EQ(msh.receiving_application, "HIS");
  EXPECT_EQ(msh.receiving_facility, "HOSP");
  EXPECT_EQ(msh.date_time_of_message, "20260329091201+0800");
  EXPECT_EQ(msh.message_code, "ACK");
  EXPECT_EQ(msh.trigger_event, "O11");
  EXPECT_EQ(msh.message_structure, "ACK");
  EXPECT_EQ(msh.message_control_id, "ACK0001");
  EXPECT_EQ(msh.processing_id, "T");
  EXPECT_EQ(msh.version_id, "2.5");
  EXPECT_EQ(m->segment(1).name(), "MSA");
  EXPECT_EQ(m->segment(1).get(1), "AA");
  EXPECT_EQ(m->segment(1).get(2), "MSG0001");
}

TEST(Hl7AckWriterTest, AeCarriesAnErrSegmentThatSaysWhereAndWhy) {
  InboundError error{AckCode::kError, "UNKNOWN_DRUG", "RXE-2 \"X1\" is not in the formulary", "RXE-2", 2};
  ViewedMessage m(write_ack(original(), AckCode::kError, &error, "A2", at("2026-03-29T09:12:01+08:00"),
                               Zone::shanghai()));
  ASSERT_EQ(m->segment_count(), 3u);
  EXPECT_EQ(m->segment(1).get(1), "AE");
  EXPECT_EQ(m->segment(1).get(3), error.text);
  Err err = read_err(m->segment(2)).value();
  EXPECT_EQ(err.error_location, "RXE-2");
  EXPECT_EQ(m->segment(2).get(2, 1, 2), "2");
  EXPECT_EQ(err.hl7_error_code, "103");
  EXPECT_EQ(err.severity, "E");
  EXPECT_EQ(err.application_error_code, "UNKNOWN_DRUG");
  EXPECT_EQ(err.user_message, error.text);  // escaped on the way out, decoded on the way in
}

TEST(Hl7AckWriterTest, EachRefusalCodeMapsToItsHl7Condition) {
  struct Case {
    std::string code, hl7;
  };
  for (const Case& c : std::vector<Case>{{"MAX_ITEMS", "207"},
                                         {"UNKNOWN_DRUG", "103"},
                                         {"MISSING_SEGMENT", "100"},
                                         {"BAD_NUMBER", "102"},
                                         {"UNSUPPORTED_TYPE", "200"},
                                         {"BAD_VERSION", "203"},
                                         {"MISSING_CONTROL_ID", "101"},
                                         {"DUPLICATE_CONTROL_ID", "205"},
                                         // A cancel or payment of a prescription never received: the
                                         // key is unknown, not a fault of the receiver to retry.
                                         {"UNKNOWN_PRESCRIPTION", "204"}}) {
    InboundError error{AckCode::kReject, c.code, "why", "MSH-10"};
    ViewedMessage m(write_ack(original(), error.ack, &error, "A", Instant{}, Zone::utc()));
    EXPECT_EQ(m->segment(2).get(3), c.hl7) << c.code;
  }
}

TEST(Hl7AckWriterTest, WithoutAReadableHeaderMsa2IsEmpty) {
  InboundError error{AckCode::kReject, "MALFORMED", "segment 1: the first segment is not MSH", ""};
  ViewedMessage m(write_ack(std::nullopt, AckCode::kReject, &error, "A3", Instant{}, Zone::utc()));
  Msh msh = read_msh(m->segment(0)).value();
  EXPECT_EQ(msh.sending_application, kRxpressApplication);
  EXPECT_EQ(msh.message_code, "ACK");
  EXPECT_EQ(msh.version_id, kWriteVersion);
  EXPECT_EQ(m->segment(1).get(1), "AR");
  EXPECT_EQ(m->segment(1).get(2), "");
  EXPECT_EQ(m->segment(2).get(2), "");  // no location to point at
  EXPECT_EQ(m->segment(2).get(3), "100");
}

TEST(Hl7AckWriterTest, AnUnacceptedVersionIsAnsweredInOurs) {
  MessageHeader h = original();
  h.version = "3.0";
  InboundError error{AckCode::kReject, "BAD_VERSION", "MSH-12 \"3.0\"", "MSH-12"};
  ViewedMessage m(write_ack(h, AckCode::kReject, &error, "A", Instant{}, Zone::utc()));
  EXPECT_EQ(read_msh(m->segment(0))->version_id, kWriteVersion);
}

TEST(Hl7AckWriterTest, Version23And24WriteTheErrorInErr1) {
  MessageHeader h = original();
  h.version = "2.3";
  InboundError error{AckCode::kError, "BAD_NUMBER", "RXE-10 \"two\"", "RXE-10", 1};
  ViewedMessage m(write_ack(h, AckCode::kError, &error, "A", Instant{}, Zone::utc()));
  SegmentView err = m->segment(2);
  EXPECT_EQ(err.get(1, 1, 1), "RXE");
  EXPECT_EQ(err.get(1, 1, 2), "1");
  EXPECT_EQ(err.get(1, 1, 3), "10");
  EXPECT_EQ(err.get(1, 1, 4, 1), "102");
  EXPECT_EQ(err.repetition_count(2), 0);
}

TEST(Hl7AckWriterTest, AGb18030SenderIsAnsweredInGb18030) {
  MessageHeader h = original();
  h.character_set = "GB 18030-2000";
  InboundError error{AckCode::kError, "UNKNOWN_DRUG", "RXE-2 \"阿莫西林\" is not in the formulary", "RXE-2", 1};
  std::string bytes = write_ack(h, AckCode::kError, &error, "A", Instant{}, Zone::utc());
  EXPECT_FALSE(is_valid_utf8(bytes));  // GB 18030 bytes, not UTF-8
  auto text = decode_to_utf8(bytes);
  ASSERT_TRUE(text.ok()) << text.status().to_string();
  ViewedMessage m(*text);
  EXPECT_EQ(read_msh(m->segment(0))->character_set, "GB 18030-2000");
  EXPECT_EQ(m->segment(1).get(3), error.text);
}

TEST(Hl7AckWriterTest, TheAckIsAcceptedByPeerAccepted) {
  std::string ack = write_ack(original(), AckCode::kAccept, nullptr, "A", Instant{}, Zone::utc());
  auto accepted = peer_accepted(ack, "MSG0001");
  ASSERT_TRUE(accepted.ok());
  EXPECT_TRUE(*accepted);
}

}  // namespace
}  // namespace rx::hl7
