// Every file of the public corpus (SOURCES.md) read as the MLLP receiver
// reads it, with the shipped formulary: the ACK each must get, and why.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "interop/hl7v2/inbound.h"
#include "unit/interop/hl7v2/corpus.h"
#include "unit/interop/hl7v2/hl7_test_support.h"

namespace rx::hl7 {
namespace {

struct Expected {
  std::string file;
  AckCode ack;
  std::string code;        // InboundError::code, or the action for AA
  std::string control_id;  // MSA-2 to echo; "-" when MSH cannot be read
  std::string why;
};

constexpr AckCode AA = AckCode::kAccept;
constexpr AckCode AE = AckCode::kError;
constexpr AckCode AR = AckCode::kReject;

const std::vector<Expected>& expectations() {
  static const std::vector<Expected> table = {
      // LinuxForHealth/hl7v2-fhir-converter
      {"linuxforhealth-hl7v2-fhir-converter/rde_o11_nw_with_pv1.hl7", AE, "UNKNOWN_DRUG", "MSGID221xx0xcnvMed31",
       "NW order; RXE-2 62756-017 is an NDC code, not in the formulary"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o11_nw_no_pv1.hl7", AE, "UNKNOWN_DRUG", "MSGID221xx0xcnvMed31",
       "the same NW order without PV1: still the NDC drug"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o11_ca_cancel.hl7", AA, "CancelOrder", "MSGID221xx0xcnvMed31",
       "ORC-1 CA cancels prescription F800006 (ORC-4 empty, so ORC-2.1); no drug lookup for a cancel"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o11_dc_discontinue.hl7", AA, "CancelOrder", "MSGID221xx0xcnvMed31",
       "ORC-1 DC discontinues F800006"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o11_sc_status_change.hl7", AR, "UNSUPPORTED_CONTROL",
       "MSGID221xx0xcnvMed31", "ORC-1 SC (status changed) is not NW, CA or DC"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o11_rxo_rxe_rxa_zsegs.hl7", AR, "UNSUPPORTED_CONTROL",
       "MSGID_f209e83f-20db-474d-a7ae-82e5c3894273", "ORC-1 RE (observations to follow) is not an order control we take"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o25_rxo_rxe.hl7", AR, "UNSUPPORTED_CONTROL",
       "MSGID_f209e83f-20db-474d-a7ae-82e5c3894273", "RDE^O25 is accepted as an order, but ORC-1 is RE"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o11_rxo_nte_rxe_nte_obx.hl7", AR, "UNSUPPORTED_CONTROL", "MSGID",
       "ORC-1 OP"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o25_rxo_nte_rxe_nte_obx.hl7", AR, "UNSUPPORTED_CONTROL", "MSGID",
       "ORC-1 OP"},
      {"linuxforhealth-hl7v2-fhir-converter/omp_o09_rxo_rxr_no_trailing_eol.hl7", AR, "UNSUPPORTED_CONTROL",
       "MSGID_bae9ce6a-e35d-4ff5-8d50-c5dde19cc1aa",
       "contracts.md accepts OMP^O09 (SOURCES.md predates that), so the type passes; ORC-1 OP does not"},
      {"linuxforhealth-hl7v2-fhir-converter/omp_o09_truncated_orc_field.hl7", AR, "UNSUPPORTED_CONTROL", "MSGID",
       "OMP^O09 accepted as a type; ORC-1 OP"},
      {"linuxforhealth-hl7v2-fhir-converter/omp_o09_rxo_nte_obx.hl7", AR, "UNSUPPORTED_CONTROL", "MSGID",
       "OMP^O09 accepted as a type; ORC-1 OP"},
      {"linuxforhealth-hl7v2-fhir-converter/orm_o01_radiology_non_pharmacy.hl7", AR, "UNSUPPORTED_CONTROL",
       "MSGID_e30a3471-7afd-4aa2-a3d5-e93fd89d24b3", "ORM^O01 is accepted, but this imaging order has ORC-1 SN"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_rxo_rxe.hl7", AR, "MISSING_CONTROL_ID", "",
       "MSH-10 is empty"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_rxo_rxe.mixed-eol.hl7", AR, "MISSING_CONTROL_ID", "",
       "MSH-10 is empty (mixed CR/LF separators are read alike)"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_just_rxe.hl7", AR, "MISSING_CONTROL_ID", "",
       "MSH-10 is empty"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o25_empty_msh10_rxo_rxe.hl7", AR, "MISSING_CONTROL_ID", "",
       "MSH-10 is empty"},
      {"linuxforhealth-hl7v2-fhir-converter/rde_o25_empty_msh10_just_rxe.hl7", AR, "MISSING_CONTROL_ID", "",
       "MSH-10 is empty"},
      {"linuxforhealth-hl7v2-fhir-converter/ppr_pc1_rxo.mixed-eol.hl7", AR, "MISSING_CONTROL_ID", "",
       "MSH-10 is empty, which is checked before the (unsupported) type"},
      {"linuxforhealth-hl7v2-fhir-converter/ppr_pc1_cr_no_trailing_eol.hl7", AR, "UNSUPPORTED_TYPE", "1",
       "PPR^PC1 is not a pharmacy message"},
      {"linuxforhealth-hl7v2-fhir-converter/ppr_pc1_with_orc_nw.hl7", AR, "UNSUPPORTED_TYPE", "1",
       "PPR^PC1: its ORC-1 NW must not become a drug order"},
      {"linuxforhealth-hl7v2-fhir-converter/sample_win.crlf.hl7", AR, "MALFORMED", "-",
       "MSH-2 \"^~\\\\&\" repeats the escape character, so MSH cannot be read"},
      // johnpaulett/python-hl7
      {"python-hl7/sample_hl7_oru_r01.hl7", AR, "UNSUPPORTED_TYPE", "CNTRL-3456", "ORU^R01 is a lab result"},
      {"python-hl7/rep_sample_repetition_subcomponent.hl7", AR, "UNSUPPORTED_TYPE", "CNTRL-3456", "ORU^R01"},
      {"python-hl7/sample_file_batch_fhs_bhs.hl7", AR, "MALFORMED", "-",
       "a batch file: the first segment is FHS, not MSH; MLLP carries one message per frame"},
      // crs4/hl7apy
      {"hl7apy/adt_a01_no_trailing_eol.hl7", AA, "PatientUpdate", "0123456789",
       "ADT^A01 with PID: patient 123-456-789 is updated"},
      {"hl7apy/msh_only_adt_a01.hl7", AR, "MALFORMED", "0123456789", "ADT^A01 with no PID names no patient"},
      {"hl7apy/oml_o33_multiple_order_groups.hl7", AR, "UNSUPPORTED_TYPE", "978226056138290600",
       "OML^O33 is a laboratory order"},
      {"hl7apy/rsp_k21_v25.hl7", AR, "UNSUPPORTED_TYPE", "1234", "RSP^K22 is a query response"},
      {"hl7apy/rsp_k21_v27_truncation_char.hl7", AR, "UNSUPPORTED_TYPE", "1234",
       "RSP^K22; the v2.7 truncation character in MSH-2 is read"},
      {"hl7apy/err_first_segment_not_msh.hl7", AR, "MALFORMED", "-", "the header segment is named PID"},
      {"hl7apy/err_msh_all_empty.hl7", AR, "MALFORMED", "-", "MSH-2 is empty"},
      {"hl7apy/err_msh2_three_chars_v27.hl7", AR, "MALFORMED", "-", "MSH-2 has 3 characters"},
      {"hl7apy/err_msh2_missing_subcomponent.hl7", AR, "MALFORMED", "-", "MSH-2 has 3 characters"},
      {"hl7apy/err_msh2_too_many_chars.hl7", AR, "MALFORMED", "-", "MSH-2 has 7 characters"},
      {"hl7apy/err_msh2_six_chars_v27.hl7", AR, "MALFORMED", "-", "MSH-2 has 6 characters"},
      {"hl7apy/err_msh2_duplicate_chars.hl7", AR, "MALFORMED", "-", "MSH-2 repeats a character"},
      {"hl7apy/err_msh2_duplicate_chars_v27.hl7", AR, "MALFORMED", "-", "MSH-2 repeats characters"},
      {"hl7apy/err_msh9_empty.hl7", AR, "MALFORMED", "-", "MSH-9 is empty: the header is not readable"},
      {"hl7apy/err_msh9_empty_with_pid.hl7", AR, "MALFORMED", "-", "MSH-9 is empty"},
      {"hl7apy/err_msh9_incomplete.hl7", AR, "MALFORMED", "-", "MSH-9 \"ADT^\" has an empty trigger event"},
      {"hl7apy/err_msh10_msh12_missing.hl7", AR, "MALFORMED", "-", "MSH-12 (version) is absent"},
  };
  return table;
}

std::string outcome_code(const Inbound& in) {
  if (in.error) return in.error->code;
  if (!in.action) return "nothing";
  if (std::holds_alternative<NewOrder>(*in.action)) return "NewOrder";
  if (std::holds_alternative<CancelOrder>(*in.action)) return "CancelOrder";
  if (std::holds_alternative<PatientUpdate>(*in.action)) return "PatientUpdate";
  return "PaymentNotice";
}

TEST(Hl7CorpusInboundTest, EveryCorpusFileGetsItsAck) {
  for (const Expected& e : expectations()) {
    SCOPED_TRACE(e.file + " (" + e.why + ")");
    Inbound in = testing::read(testing::corpus_file(e.file));
    EXPECT_EQ(in.ack(), e.ack) << ack_code_name(in.ack()) << " " << outcome_code(in)
                               << (in.error ? ": " + in.error->text : "");
    EXPECT_EQ(outcome_code(in), e.code) << (in.error ? in.error->text : "");
    if (e.control_id == "-") {
      EXPECT_FALSE(in.header.has_value());
    } else {
      ASSERT_TRUE(in.header.has_value());
      EXPECT_EQ(in.header->control_id, e.control_id);
    }
    EXPECT_EQ(in.action.has_value(), e.ack == AA);
    EXPECT_EQ(in.digest.size(), 16u);
  }
}

TEST(Hl7CorpusInboundTest, TheTableCoversEveryCorpusFile) {
  std::set<std::string> listed;
  for (const Expected& e : expectations()) listed.insert(e.file);
  std::filesystem::path root = RXPRESS_SHARED_DIR "/corpora/hl7";
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".hl7") continue;
    ++files;
    std::string relative = std::filesystem::relative(entry.path(), root).generic_string();
    EXPECT_TRUE(listed.count(relative)) << relative << " has no expected ACK";
  }
  EXPECT_EQ(static_cast<size_t>(files), listed.size());
}

TEST(Hl7CorpusInboundTest, TheCancelNamesItsPrescription) {
  Inbound in = testing::read(testing::corpus_file("linuxforhealth-hl7v2-fhir-converter/rde_o11_ca_cancel.hl7"));
  ASSERT_TRUE(in.action.has_value());
  const auto& cancel = std::get<CancelOrder>(*in.action);
  EXPECT_EQ(cancel.prescription_no, "F800006");
  EXPECT_EQ(cancel.control, "CA");
}

TEST(Hl7CorpusInboundTest, TheAdtPatientIsMapped) {
  Inbound in = testing::read(testing::corpus_file("hl7apy/adt_a01_no_trailing_eol.hl7"));
  ASSERT_TRUE(in.action.has_value());
  const Patient& p = std::get<PatientUpdate>(*in.action).patient;
  EXPECT_EQ(p.id.value(), "123-456-789");
  EXPECT_EQ(p.name, "SURNAME NAME");
  EXPECT_EQ(p.sex, "M");
  EXPECT_FALSE(p.birth_date.has_value());
}

TEST(Hl7CorpusInboundTest, TheNdcOrderNamesTheUnknownCode) {
  Inbound in = testing::read(testing::corpus_file("linuxforhealth-hl7v2-fhir-converter/rde_o11_nw_with_pv1.hl7"));
  ASSERT_TRUE(in.error.has_value());
  EXPECT_EQ(in.error->location, "RXE-2");
  EXPECT_NE(in.error->text.find("62756-017"), std::string::npos);
}

}  // namespace
}  // namespace rx::hl7
