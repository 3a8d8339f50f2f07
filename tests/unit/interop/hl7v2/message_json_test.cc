#include "interop/hl7v2/message_json.h"

#include <gtest/gtest.h>

#include "interop/hl7v2/parser.h"
#include "unit/interop/hl7v2/corpus.h"

namespace rx::hl7 {
namespace {

using Json = nlohmann::ordered_json;

TEST(Hl7MessageJson, NestsEveryLevelAsArrays) {
  auto m = parse_hl7(testing::corpus_file("python-hl7/rep_sample_repetition_subcomponent.hl7"));
  ASSERT_TRUE(m.ok()) << m.status().message();
  Json json = message_to_json(*m);
  EXPECT_EQ(json["encoding"].dump(),
            R"({"field":"|","component":"^","repetition":"~","escape":"\\","subcomponent":"&","truncation":null})");
  ASSERT_EQ(json["segments"].size(), 2u);
  const Json& pid = json["segments"][1];
  EXPECT_EQ(pid.begin().key(), "name");
  EXPECT_EQ(pid["name"], "PID");
  EXPECT_EQ(pid["fields"][0].dump(), R"([[["Field1"]]])");
  EXPECT_EQ(pid["fields"][2].dump(), R"([[["Component1"],["Sub-Component1","Sub-Component2"],["Component3"]]])");
  EXPECT_EQ(pid["fields"][3].dump(), R"([[["Repeat1"]],[["Repeat2"]]])");
  const Json& msh = json["segments"][0];
  EXPECT_EQ(msh["fields"][0].dump(), R"([[["|"]]])");
  EXPECT_EQ(msh["fields"][1].dump(), R"([[["^~\\&"]]])");
  EXPECT_EQ(msh["fields"][7].dump(), R"([[[""]]])");
}

TEST(Hl7MessageJson, ShowsDecodedTextAndTheTruncationCharacter) {
  auto m = parse_hl7("MSH|^~\\&#|A|F|R|RF|1||ADT^A08|1|P|2.7\rNTE|1||a\\F\\b\\.br\\c\r");
  ASSERT_TRUE(m.ok()) << m.status().message();
  Json json = message_to_json(*m);
  EXPECT_EQ(json["encoding"]["truncation"], "#");
  EXPECT_EQ(json["segments"][1]["fields"][2][0][0][0], "a|b\nc");
}

TEST(Hl7MessageJson, ShowsABatchWithItsEnvelope) {
  auto batch = parse_hl7_batch(testing::corpus_file("python-hl7/sample_file_batch_fhs_bhs.hl7"));
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  Json json = batch_to_json(*batch);
  ASSERT_EQ(json["envelope"].size(), 4u);
  EXPECT_EQ(json["envelope"][3]["name"], "FTS");
  ASSERT_EQ(json["messages"].size(), 1u);
  EXPECT_EQ(json["messages"][0]["segments"][0]["fields"][8].dump(), R"([[["ADT"],["A04"],["ADT_A01"]]])");
}

}  // namespace
}  // namespace rx::hl7
