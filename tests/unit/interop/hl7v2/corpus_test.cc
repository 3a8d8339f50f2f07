// Every file of the public corpus: the well-formed ones parse and write back,
// the malformed ones are refused with the reason SOURCES.md gives.
#include "unit/interop/hl7v2/corpus.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "interop/hl7v2/parser.h"
#include "interop/hl7v2/writer.h"

namespace rx::hl7 {
namespace {

using testing::corpus_file;
using testing::normalise_separators;

const std::vector<std::string> kWellFormed = {
    "hl7apy/adt_a01_no_trailing_eol.hl7",
    "hl7apy/msh_only_adt_a01.hl7",
    "hl7apy/oml_o33_multiple_order_groups.hl7",
    "hl7apy/rsp_k21_v25.hl7",
    "hl7apy/rsp_k21_v27_truncation_char.hl7",
    "linuxforhealth-hl7v2-fhir-converter/omp_o09_rxo_nte_obx.hl7",
    "linuxforhealth-hl7v2-fhir-converter/omp_o09_rxo_rxr_no_trailing_eol.hl7",
    "linuxforhealth-hl7v2-fhir-converter/omp_o09_truncated_orc_field.hl7",
    "linuxforhealth-hl7v2-fhir-converter/orm_o01_radiology_non_pharmacy.hl7",
    "linuxforhealth-hl7v2-fhir-converter/ppr_pc1_cr_no_trailing_eol.hl7",
    "linuxforhealth-hl7v2-fhir-converter/ppr_pc1_rxo.mixed-eol.hl7",
    "linuxforhealth-hl7v2-fhir-converter/ppr_pc1_with_orc_nw.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o11_ca_cancel.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o11_dc_discontinue.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_just_rxe.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_rxo_rxe.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_rxo_rxe.mixed-eol.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o11_nw_no_pv1.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o11_nw_with_pv1.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o11_rxo_nte_rxe_nte_obx.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o11_rxo_rxe_rxa_zsegs.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o11_sc_status_change.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o25_empty_msh10_just_rxe.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o25_empty_msh10_rxo_rxe.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o25_rxo_nte_rxe_nte_obx.hl7",
    "linuxforhealth-hl7v2-fhir-converter/rde_o25_rxo_rxe.hl7",
    "python-hl7/rep_sample_repetition_subcomponent.hl7",
    "python-hl7/sample_hl7_oru_r01.hl7",
};

const std::string kBatchFile = "python-hl7/sample_file_batch_fhs_bhs.hl7";

struct Refused {
  std::string file;
  std::string message;
  std::string position;
};

const std::vector<Refused> kRefused = {
    {"hl7apy/err_first_segment_not_msh.hl7", "segment 1 (PID): the first segment is not MSH", ""},
    {"hl7apy/err_msh_all_empty.hl7", "segment 1 (MSH): MSH-2 is empty; expected the encoding characters, as in ^~\\&",
     "MSH-2"},
    {"hl7apy/err_msh2_three_chars_v27.hl7",
     "segment 1 (MSH): MSH-2 \"^~\\\" has 3 characters; expected 4 (component, repetition, escape, subcomponent) "
     "or 5 (and truncation)",
     "MSH-2"},
    {"hl7apy/err_msh2_missing_subcomponent.hl7",
     "segment 1 (MSH): MSH-2 \"@%\\\" has 3 characters; expected 4 (component, repetition, escape, subcomponent) "
     "or 5 (and truncation)",
     "MSH-2"},
    {"hl7apy/err_msh2_too_many_chars.hl7",
     "segment 1 (MSH): MSH-2 \"@%\\&$?!\" has 7 characters; expected 4 (component, repetition, escape, "
     "subcomponent) or 5 (and truncation)",
     "MSH-2"},
    {"hl7apy/err_msh2_six_chars_v27.hl7",
     "segment 1 (MSH): MSH-2 \"^~\\&#$\" has 6 characters; expected 4 (component, repetition, escape, "
     "subcomponent) or 5 (and truncation)",
     "MSH-2"},
    {"hl7apy/err_msh2_duplicate_chars.hl7",
     "segment 1 (MSH): MSH-2 \"^&&^\" uses '^' twice; each encoding character must be different", "MSH-2"},
    {"hl7apy/err_msh2_duplicate_chars_v27.hl7",
     "segment 1 (MSH): MSH-2 \"^&&^##\" uses '^' twice; each encoding character must be different", "MSH-2"},
    {"hl7apy/err_msh9_empty.hl7", "segment 1 (MSH): MSH-9 (message type) is empty", "MSH-9"},
    {"hl7apy/err_msh9_empty_with_pid.hl7", "segment 1 (MSH): MSH-9 (message type) is empty", "MSH-9"},
    {"hl7apy/err_msh9_incomplete.hl7", "segment 1 (MSH): MSH-9 \"ADT^\" has an empty trigger event (MSH-9.2)", "MSH-9"},
    {"hl7apy/err_msh10_msh12_missing.hl7", "segment 1 (MSH): MSH-12 (version ID) is empty", "MSH-12"},
    // Not an err_* file, but malformed all the same: its MSH-2 has two backslashes.
    {"linuxforhealth-hl7v2-fhir-converter/sample_win.crlf.hl7",
     "segment 1 (MSH): MSH-2 \"^~\\\\&\" uses '\\' twice; each encoding character must be different", "MSH-2"},
};

TEST(Hl7Corpus, EveryFileIsCovered) {
  std::vector<std::string> listed = kWellFormed;
  listed.push_back(kBatchFile);
  for (const auto& r : kRefused) listed.push_back(r.file);
  std::filesystem::path root = RXPRESS_SHARED_DIR "/corpora/hl7";
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".hl7") continue;
    ++files;
    std::string relative = std::filesystem::relative(entry.path(), root).string();
    EXPECT_NE(std::find(listed.begin(), listed.end(), relative), listed.end()) << relative << " is not tested";
  }
  EXPECT_EQ(files, static_cast<int>(listed.size()));
}

class WellFormed : public ::testing::TestWithParam<std::string> {};

TEST_P(WellFormed, ParsesAndWritesBackTheSameTreeAndBytes) {
  std::string text = corpus_file(GetParam());
  auto message = parse_hl7(text);
  ASSERT_TRUE(message.ok()) << message.status().message();
  ASSERT_FALSE(message->segments.empty());
  EXPECT_EQ(message->segments[0].name, "MSH");

  std::string written = write_hl7(*message);
  // None of these messages holds an escape sequence, so the bytes come back
  // exactly, apart from the segment separators.
  EXPECT_EQ(written, normalise_separators(text));
  auto again = parse_hl7(written);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(*again, *message);
  EXPECT_EQ(write_hl7(*again), written);
}

INSTANTIATE_TEST_SUITE_P(Hl7Corpus, WellFormed, ::testing::ValuesIn(kWellFormed),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

class Malformed : public ::testing::TestWithParam<Refused> {};

TEST_P(Malformed, IsRefusedWithThePreciseReason) {
  std::string text = corpus_file(GetParam().file);
  auto message = parse_hl7(text);
  ASSERT_FALSE(message.ok()) << GetParam().file << " was accepted";
  EXPECT_EQ(message.status().message(), GetParam().message);
  EXPECT_EQ(message.status().field(), GetParam().position);
  // The header alone is refused for the same reason: every one of these is an MSH fault.
  auto header = parse_hl7_header(text);
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(Hl7Corpus, Malformed, ::testing::ValuesIn(kRefused),
                         [](const ::testing::TestParamInfo<Refused>& info) {
                           std::string name = std::filesystem::path(info.param.file).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

Message parsed(const std::string& file) {
  auto message = parse_hl7(corpus_file(file));
  EXPECT_TRUE(message.ok()) << message.status().message();
  return message.ok() ? *message : Message{};
}

TEST(Hl7Corpus, ReadsTheLabelledRepetitionSample) {
  Message m = parsed("python-hl7/rep_sample_repetition_subcomponent.hl7");
  const Segment* pid = first_segment(m, "PID");
  ASSERT_NE(pid, nullptr);
  EXPECT_EQ(get(*pid, 1), "Field1");
  EXPECT_EQ(get(*pid, 2, 1, 1), "Component1");
  EXPECT_EQ(get(*pid, 2, 1, 2), "Component2");
  EXPECT_EQ(get(*pid, 3, 1, 1), "Component1");
  EXPECT_EQ(get(*pid, 3, 1, 2, 1), "Sub-Component1");
  EXPECT_EQ(get(*pid, 3, 1, 2, 2), "Sub-Component2");
  EXPECT_EQ(get(*pid, 3, 1, 3), "Component3");
  EXPECT_EQ(repetition_count(*pid, 4), 2);
  EXPECT_EQ(get(*pid, 4, 1), "Repeat1");
  EXPECT_EQ(get(*pid, 4, 2), "Repeat2");
}

TEST(Hl7Corpus, ReadsTheOruSample) {
  Message m = parsed("python-hl7/sample_hl7_oru_r01.hl7");
  const Segment& msh = m.segments[0];
  EXPECT_EQ(get(msh, 1), "|");
  EXPECT_EQ(get(msh, 2), "^~\\&");
  EXPECT_EQ(get(msh, 9, 1, 1), "ORU");
  EXPECT_EQ(get(msh, 9, 1, 2), "R01");
  EXPECT_EQ(get(msh, 10), "CNTRL-3456");
  EXPECT_EQ(get(msh, 12), "2.4");
  EXPECT_EQ(m.encoding, EncodingCharacters{});
  auto obx = segments(m, "OBX");
  ASSERT_EQ(obx.size(), 2u);
  // OBX-5 "^182": an empty comparator and the value.
  EXPECT_EQ(obx[0]->fields[4], (Field{{{""}, {"182"}}}));
  EXPECT_EQ(get(*obx[1], 3, 1, 3), "POST 12H CFST:MCNC:PT:SER/PLAS:QN");
  EXPECT_EQ(get(*first_segment(m, "PID"), 5, 1, 1), "EVERYWOMAN");
}

TEST(Hl7Corpus, KeepsZSegmentsAndSubcomponents) {
  Message m = parsed("linuxforhealth-hl7v2-fhir-converter/rde_o11_rxo_rxe_rxa_zsegs.hl7");
  ASSERT_GE(m.segments.size(), 2u);
  EXPECT_EQ(m.segments[m.segments.size() - 2].name, "ZXC");
  EXPECT_EQ(m.segments.back().name, "ZCL");
  EXPECT_EQ(get(*first_segment(m, "ZXC"), 2, 1, 1), "00409-7335-03");
  EXPECT_EQ(get(*first_segment(m, "ZCL"), 1), "hcm-prod1862018998731");
  const Segment* rxe = first_segment(m, "RXE");
  ASSERT_NE(rxe, nullptr);
  EXPECT_EQ(get(*rxe, 1, 1, 2, 1), "Q24H");
  EXPECT_EQ(get(*rxe, 1, 1, 2, 2), "0600");
}

TEST(Hl7Corpus, ReadsTheTruncationCharacter) {
  Message m = parsed("hl7apy/rsp_k21_v27_truncation_char.hl7");
  EXPECT_EQ(m.encoding.truncation, '#');
  EXPECT_EQ(get(m.segments[0], 2), "^~\\&#");
  EXPECT_EQ(write_hl7(m).substr(0, 10), "MSH|^~\\&#|");
  EXPECT_EQ(get(*first_segment(m, "QPD"), 3, 2, 2), "SMITH");
}

TEST(Hl7Corpus, MixedLineEndingsGiveTheSameTree) {
  Message cr = parsed("linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_rxo_rxe.hl7");
  Message mixed = parsed("linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_rxo_rxe.mixed-eol.hl7");
  EXPECT_EQ(mixed, cr);
  EXPECT_EQ(cr.segments.size(), 5u);

  Message ppr = parsed("linuxforhealth-hl7v2-fhir-converter/ppr_pc1_rxo.mixed-eol.hl7");
  std::vector<std::string> names;
  for (const auto& s : ppr.segments) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"MSH", "PID", "PRB", "ORC", "OBR", "RXO"}));
}

TEST(Hl7Corpus, AnEmptyMsh10IsTheReceiversConcernNotTheParsers) {
  Message m = parsed("linuxforhealth-hl7v2-fhir-converter/rde_o11_empty_msh10_just_rxe.hl7");
  EXPECT_EQ(get(m.segments[0], 10), "");
  EXPECT_EQ(get(m.segments[0], 9, 1, 2), "O11");
}

TEST(Hl7Corpus, ReadsRepeatedOrderGroups) {
  Message m = parsed("hl7apy/oml_o33_multiple_order_groups.hl7");
  auto orcs = segments(m, "ORC");
  ASSERT_EQ(orcs.size(), 4u);
  for (const Segment* orc : orcs) EXPECT_EQ(get(*orc, 4), "18740");
  EXPECT_EQ(get(*orcs[3], 2), "83427");
}

TEST(Hl7Corpus, ReadsTheBatchFile) {
  std::string text = corpus_file(kBatchFile);
  auto batch = parse_hl7_batch(text);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  ASSERT_EQ(batch->messages.size(), 1u);
  const Message& m = batch->messages[0];
  EXPECT_EQ(get(m.segments[0], 9, 1, 2), "A04");
  EXPECT_EQ(get(m.segments[0], 10), "12334456778890");
  EXPECT_EQ(m.segments.back().name, "PV1");
  ASSERT_EQ(batch->envelope.size(), 4u);
  EXPECT_EQ(batch->envelope[0].name, "FHS");
  EXPECT_EQ(get(batch->envelope[0], 2), "^~\\&");
  EXPECT_EQ(get(batch->envelope[0], 10), "abchs20070101123401.hl7");
  EXPECT_EQ(batch->envelope[1].name, "BHS");
  EXPECT_EQ(batch->envelope[2].name, "BTS");
  EXPECT_EQ(batch->envelope[3].name, "FTS");

  auto single = parse_hl7(text);
  ASSERT_FALSE(single.ok());
  EXPECT_EQ(single.status().message(), "segment 1 (FHS): the first segment is not MSH (FHS starts a batch file)");
}

}  // namespace
}  // namespace rx::hl7
