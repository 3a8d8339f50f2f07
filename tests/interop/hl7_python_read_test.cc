// Debian's python3-hl7 reads the messages rxpress sends: the ACKs of inbound
// messages and RDS^O13 on hand-over. Each test writes the message to a temp
// directory with an expectation file, and tests/interop/hl7_python_check.py
// parses it with hl7.parse and compares the fields.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "interop/hl7v2/ack_writer.h"
#include "interop/hl7v2/inbound.h"
#include "interop/hl7v2/outbound.h"
#include "support/temp_dir.h"

namespace rx {
namespace {

struct CheckRun {
  int exit_code = -1;
  std::string output;
};

// Writes `message` and its expectations, runs the python checker on them.
CheckRun check_with_python(const testing::TempDir& dir, const std::string& message, const nlohmann::json& fields,
                           const nlohmann::json& segments = nlohmann::json::object()) {
  std::string message_path = dir.file("message.hl7");
  std::ofstream(message_path, std::ios::binary) << message;
  nlohmann::json cases = nlohmann::json::array({{{"file", message_path}, {"fields", fields}, {"segments", segments}}});
  std::string expect_path = dir.file("expect.json");
  std::ofstream(expect_path) << cases.dump();

  std::string command = std::string(RXPRESS_PYTHON) + " " + RXPRESS_INTEROP_DIR + "/hl7_python_check.py " +
                        expect_path + " 2>&1";
  CheckRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) run.output += buffer;
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// The checker's "python3-hl7 is missing" exit, reported as what to install rather than as mismatches.
void expect_checked(const CheckRun& run) {
  ASSERT_NE(run.exit_code, 3) << run.output;
  EXPECT_EQ(run.exit_code, 0) << "python3-hl7 read the message differently:\n" << run.output;
}

Instant at(std::string_view text) { return parse_instant(text, Zone::shanghai()).value(); }

hl7::MessageHeader his_order_header() {
  hl7::MessageHeader h;
  h.control_id = "HIS-20261129-0042";
  h.message_type = "RDE^O11";
  h.sending_application = "HIS";
  h.sending_facility = "HOSPITAL";
  h.receiving_application = "RXPRESS";
  h.receiving_facility = "PHARMACY";
  h.version = "2.5.1";
  h.processing_id = "P";
  return h;
}

TEST(Hl7PythonRead, AcceptAckEchoesTheOrder) {
  testing::TempDir dir;
  std::string ack = hl7::write_ack(his_order_header(), hl7::AckCode::kAccept, nullptr, "RX-ACK-1",
                                   at("2026-11-29T10:15:00+08:00"), Zone::shanghai());
  expect_checked(check_with_python(dir, ack,
                                   {{"MSH.F9.R1.C1", "ACK"},
                                    {"MSH.F9.R1.C2", "O11"},
                                    {"MSH.F10", "RX-ACK-1"},
                                    {"MSH.F3", "RXPRESS"},
                                    {"MSH.F5", "HIS"},
                                    {"MSA.F1", "AA"},
                                    {"MSA.F2", "HIS-20261129-0042"}},
                                   {{"MSA", 1}, {"ERR", 0}}));
}

TEST(Hl7PythonRead, ErrorAckCarriesTheReasonEscaped) {
  testing::TempDir dir;
  // The delimiters in the text must come back as text, not as structure.
  hl7::InboundError error{hl7::AckCode::kError, "UNKNOWN_DRUG", "RXE-2 \"X9^Y|Z\" is not in the formulary",
                          "RXE-2", 1};
  std::string ack = hl7::write_ack(his_order_header(), hl7::AckCode::kError, &error, "RX-ACK-2",
                                   at("2026-11-29T10:16:00+08:00"), Zone::shanghai());
  expect_checked(check_with_python(dir, ack,
                                   {{"MSA.F1", "AE"},
                                    {"MSA.F2", "HIS-20261129-0042"},
                                    {"MSA.F3", "RXE-2 \"X9^Y|Z\" is not in the formulary"},
                                    {"ERR.F8", "RXE-2 \"X9^Y|Z\" is not in the formulary"},
                                    {"ERR.F2.R1.C1", "RXE"},
                                    {"ERR.F2.R1.C3", "2"},
                                    {"ERR.F3.R1.C1", "103"}},
                                   {{"MSA", 1}, {"ERR", 1}}));
}

TEST(Hl7PythonRead, RejectAckWithoutAReadableHeaderHasAnEmptyEcho) {
  testing::TempDir dir;
  hl7::InboundError error{hl7::AckCode::kReject, "MALFORMED", "segment 1: the first segment is not MSH", "MSH", 0};
  std::string ack = hl7::write_ack(std::nullopt, hl7::AckCode::kReject, &error, "RX-ACK-3",
                                   at("2026-11-29T10:17:00+08:00"), Zone::shanghai());
  expect_checked(check_with_python(dir, ack, {{"MSA.F1", "AR"}, {"MSA.F2", ""}, {"MSH.F12", "2.5"}},
                                   {{"MSA", 1}, {"ERR", 1}}));
}

hl7::DispenseReport two_line_report() {
  hl7::DispenseReport report;
  report.rx.prescription_no = "MZ20261129-000123";
  report.rx.issued_at = at("2026-11-29T09:12:00+08:00");
  report.rx.patient.id = PatientId("P000123");
  report.rx.patient.name = "张三";
  report.rx.patient.sex = "M";
  Item aspirin;
  aspirin.drug = DrugCode("D0001");
  aspirin.quantity = Quantity::whole(2, Unit::kPack);
  aspirin.placer_order_no = "ORD-1";
  Item metformin;
  metformin.drug = DrugCode("D0022");
  metformin.quantity = Quantity::whole(1, Unit::kPack);
  metformin.placer_order_no = "ORD-2";
  report.rx.items = {aspirin, metformin};
  Date expiry = parse_date("2028-06-30").value();
  report.lines = {
      {aspirin, {{"06901234567892", "L2401", expiry, "", ""}, {"06901234567892", "L2401", expiry, "", ""}}},
      {metformin, {{"06909876543210", "M77", expiry, "SN0001", "81234567890123456789"}}}};
  report.handed_over_at = at("2026-11-29T10:30:00+08:00");
  report.window = 3;
  report.pharmacist = "王药师";
  return report;
}

TEST(Hl7PythonRead, DispenseReportListsEveryPack) {
  testing::TempDir dir;
  std::string rds = hl7::write_rds_o13(two_line_report(), "RX-RDS-1", at("2026-11-29T10:30:05+08:00"),
                                       Zone::shanghai());
  expect_checked(check_with_python(dir, rds,
                                   {{"MSH.F9.R1.C1", "RDS"},
                                    {"MSH.F9.R1.C2", "O13"},
                                    {"MSH.F10", "RX-RDS-1"},
                                    {"MSH.F12", "2.5"},
                                    {"PID.F3.R1.C1", "P000123"},
                                    {"PID.F5", "张三"},
                                    {"ORC.F1", "RE"},
                                    {"ORC.F2.R1.C1", "ORD-1"},
                                    {"ORC.F4", "MZ20261129-000123"},
                                    {"ORC3.F2.R1.C1", "ORD-2"},
                                    {"RXD.F1", "1"},
                                    {"RXD.F2.R1.C1", "06901234567892"},
                                    {"RXD.F4", "1"},
                                    {"RXD.F10", "王药师"},
                                    {"RXD.F18", "L2401"},
                                    {"RXD.F19", "20280630"},
                                    {"RXD2.F1", "2"},
                                    {"RXD3.F1", "1"},
                                    {"RXD3.F2.R1.C1", "06909876543210"},
                                    {"RXD3.F18", "M77"},
                                    {"ZTR.F1", "SN0001"},
                                    {"ZTR.F2", "81234567890123456789"}},
                                   {{"ORC", 3}, {"RXE", 3}, {"RXD", 3}, {"ZTR", 1}}));
}

// The checker itself must be able to fail, or the tests above prove nothing.
TEST(Hl7PythonRead, CheckerReportsAFieldThatDiffers) {
  testing::TempDir dir;
  std::string ack = hl7::write_ack(his_order_header(), hl7::AckCode::kAccept, nullptr, "RX-ACK-4",
                                   at("2026-11-29T10:18:00+08:00"), Zone::shanghai());
  CheckRun run = check_with_python(dir, ack, {{"MSA.F1", "AE"}}, {{"ERR", 1}});
  ASSERT_NE(run.exit_code, 3) << run.output;
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("MSA.F1 is 'AA', expected 'AE'"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("0 ERR segments, expected 1"), std::string::npos) << run.output;
}

TEST(Hl7PythonRead, CheckerRefusesWhatPythonCannotParse) {
  testing::TempDir dir;
  CheckRun run = check_with_python(dir, "not an HL7 message", {{"MSA.F1", "AA"}});
  ASSERT_NE(run.exit_code, 3) << run.output;
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("python3-hl7 cannot parse it"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace rx
