// write_wwks: the manual's layout and escaping rules, and messages built in
// code that read back equal.
#include <gtest/gtest.h>

#include <string>

#include "interop/wwks/parser.h"
#include "interop/wwks/text_escaping.h"
#include "interop/wwks/writer.h"

namespace rx::wwks {
namespace {

Date ymd(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }

Instant at_manual_time() {
  return std::chrono::sys_days{ymd(2013, 4, 16)} + std::chrono::hours{11} + std::chrono::minutes{14};
}

void expect_reads_back(const Envelope& e) {
  std::string xml = write_wwks(e);
  auto r = parse_wwks(xml, ParseOptions{.repair_unclosed_packs = false});
  ASSERT_TRUE(r.ok()) << r.status().to_string() << "\n" << xml;
  EXPECT_EQ(*r, e) << xml;
}

TEST(WwksWriter, WritesTheManualsLayout) {
  Envelope e{at_manual_time(), KeepAliveRequest{{"1003", 100, 999}}};
  EXPECT_EQ(write_wwks(e),
            "<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\">\n"
            "  <KeepAliveRequest Id=\"1003\" Source=\"100\" Destination=\"999\"/>\n"
            "</WWKS>\n");
}

TEST(WwksWriter, NestsChildrenAndWritesOnlyWhatIsSet) {
  OutputMessage m;
  m.header = {"1004", 999, 100};
  m.details = {OutputPriority::kNormal, 3, std::nullopt};
  m.status = OutputMessageStatus::kCompleted;
  Pack p;
  p.id = 5637;
  p.expiry_date = ymd(2015, 11, 5);
  p.output_destination = 3;
  p.is_in_fridge = true;
  m.articles.push_back(Article{.id = "0004-56-034-G00025T", .packs = {p}});
  m.boxes.push_back(Box{"123"});
  EXPECT_EQ(write_wwks(Envelope{at_manual_time(), m}),
            "<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\">\n"
            "  <OutputMessage Id=\"1004\" Source=\"999\" Destination=\"100\">\n"
            "    <Details Priority=\"Normal\" OutputDestination=\"3\" Status=\"Completed\"/>\n"
            "    <Article Id=\"0004-56-034-G00025T\">\n"
            "      <Pack Id=\"5637\" ExpiryDate=\"2015-11-05\" IsInFridge=\"True\" OutputDestination=\"3\"/>\n"
            "    </Article>\n"
            "    <Box Number=\"123\"/>\n"
            "  </OutputMessage>\n"
            "</WWKS>\n");
}

TEST(WwksWriter, EscapesTheFiveSpecialCharactersInArticleNames) {
  ArticleMasterSetRequest m;
  m.articles.push_back(Article{.id = "A1", .name = std::string("Tom & Jerry's <\"best\"> drops")});
  Envelope e{at_manual_time(), m};
  std::string xml = write_wwks(e);
  EXPECT_NE(xml.find(R"(Name="Tom &amp; Jerry&apos;s &lt;&quot;best&quot;&gt; drops")"), std::string::npos) << xml;
  expect_reads_back(e);
}

TEST(WwksWriter, WritesControlCharactersAsBackslashEscapes) {
  InputRequest m;
  m.header = {"1", 999, 100};
  Pack p;
  p.scan_code = "]d2010415012345678\x1D" "10ABC";
  // Tab and line feed are XML characters: character references keep them.
  p.batch_number = "B\t1\n2";
  m.article.packs.push_back(p);
  Envelope e{at_manual_time(), m};
  std::string xml = write_wwks(e);
  EXPECT_NE(xml.find(R"(ScanCode="]d2010415012345678\x1D10ABC")"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(BatchNumber="B&#9;1&#10;2")"), std::string::npos) << xml;
  expect_reads_back(e);
}

TEST(WwksWriter, KeepsLabelContentAndConfigurationByteForByte) {
  OutputRequest m;
  m.header = {"1004", 100, 999};
  m.details.output_destination = 3;
  OutputCriteria c;
  c.quantity = 1;
  c.labels.push_back(Label{"3413", "\n  <article><name>A &amp; B</name></article>\n  ]]> and more "});
  m.criteria.push_back(c);
  Envelope e{at_manual_time(), m};
  std::string xml = write_wwks(e);
  EXPECT_NE(xml.find("<Content><![CDATA[\n  <article>"), std::string::npos) << xml;
  expect_reads_back(e);

  ConfigurationGetResponse config{{"3335", 999, 100}, "<ConfigurationValue Name=\"abc\" Value=\"dddd\"/>"};
  expect_reads_back(Envelope{at_manual_time(), config});
}

TEST(WwksWriter, WritesEveryPackAndArticleAttributeReadably) {
  Pack p{.index = 2,
         .id = 9000000000,
         .scan_code = "S",
         .delivery_number = "D",
         .batch_number = "B",
         .external_id = "E",
         .expiry_date = ymd(2027, 1, 31),
         .stock_in_date = ymd(2026, 11, 29),
         .sub_item_quantity = 0,
         .depth = 10,
         .width = 20,
         .height = 30,
         .shape = PackShape::kCylinder,
         .state = PackState::kNotAvailable,
         .is_in_fridge = false,
         .box_number = "X",
         .output_destination = 4,
         .output_point = 2,
         .label_status = LabelStatus::kLabelError,
         .stock_location_id = "L",
         .machine_location = "M"};
  Article a{.id = "A", .name = "N", .dosage_form = "TAB", .packaging_unit = "20", .max_sub_item_quantity = 20,
            .quantity = 1, .stock_location_id = "L", .machine_location = "M", .packs = {p}};
  StockInfoResponse m{{"1", 999, 100}, {a}};
  expect_reads_back(Envelope{at_manual_time(), m});
}

TEST(WwksWriter, WritesEachInputHandlingAndError) {
  Pack allowed{.index = 0, .handling = Handling<InputHandling>{InputHandling::kAllowedForFridge, "cold"}};
  expect_reads_back(Envelope{at_manual_time(), InputResponse{{"1", 100, 999}, true, {Article{.packs = {allowed}}}}});
  Pack stored{.id = 0, .outcome = Handling<InputOutcome>{InputOutcome::kAborted, std::nullopt}};
  expect_reads_back(Envelope{at_manual_time(), InputMessage{{"1", 999, 100}, false, {Article{.packs = {stored}}}}});
  Pack failed{.index = 0, .error = PackError{InitiateInputErrorType::kNoSpaceInMachine, "full"}};
  InitiateInputMessage m{{"1", 999, 100}, {3, 1}, InitiateInputMessageStatus::kIncomplete,
                         {Article{.packs = {failed}}}};
  expect_reads_back(Envelope{at_manual_time(), m});
}

TEST(WwksTextEscaping, EscapesAttributeValues) {
  EXPECT_EQ(escape_attribute(R"(a&b<c>d"e'f)"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(escape_attribute("\x1D\x01\x1F"), "\\x1D\\x01\\x1F");
  EXPECT_EQ(escape_attribute("\t\n\r"), "&#9;&#10;&#13;");
  EXPECT_EQ(escape_attribute("药房 ok"), "药房 ok");
}

TEST(WwksTextEscaping, DecodesOnlyEscapesOfForbiddenControls) {
  EXPECT_EQ(decode_control_escapes("a\\x1Db\\x1fc"), "a\x1D" "b\x1F" "c");
  EXPECT_EQ(decode_control_escapes("\\x41\\x09\\x0A"), "\\x41\\x09\\x0A");  // printable, tab, line feed
  EXPECT_EQ(decode_control_escapes("\\x1"), "\\x1");
  EXPECT_EQ(decode_control_escapes("\\xZZ\\"), "\\xZZ\\");
}

TEST(WwksTextEscaping, SplitsCdataAroundItsEndMarker) {
  EXPECT_EQ(cdata_sections("plain"), "<![CDATA[plain]]>");
  EXPECT_EQ(cdata_sections("a]]>b"), "<![CDATA[a]]]]><![CDATA[>b]]>");
}

}  // namespace
}  // namespace rx::wwks
