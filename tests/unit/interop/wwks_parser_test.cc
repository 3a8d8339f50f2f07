// parse_wwks on documents the manual does not allow: each error names the
// element path and attribute, what was expected and what was found.
#include <gtest/gtest.h>

#include <string>

#include "interop/wwks/errata_repair.h"
#include "interop/wwks/parser.h"
#include "interop/wwks/writer.h"

namespace rx::wwks {
namespace {

std::string envelope(const std::string& body, const std::string& version = "2.0") {
  return "<WWKS Version=\"" + version + "\" TimeStamp=\"2013-04-16T11:14:00Z\">" + body + "</WWKS>";
}

const std::string kKeepAlive = R"(<KeepAliveRequest Id="1003" Source="100" Destination="999"/>)";

// The error of a document that must not parse.
Status error_of(const std::string& xml, const ParseOptions& options = {}) {
  auto r = parse_wwks(xml, options);
  EXPECT_FALSE(r.ok()) << xml;
  return r.ok() ? Status() : r.status();
}

std::string output_request(const std::string& details, const std::string& criteria = "") {
  return envelope(R"(<OutputRequest Id="1004" Source="100" Destination="999">)" + details + criteria +
                  "</OutputRequest>");
}

TEST(WwksParser, ReadsAMinimalMessage) {
  auto r = parse_wwks(envelope(kKeepAlive));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_TRUE(std::holds_alternative<KeepAliveRequest>(r->message));
  EXPECT_EQ(std::get<KeepAliveRequest>(r->message).header, (Header{"1003", 100, 999}));
}

TEST(WwksParser, RefusesAnotherVersion) {
  Status s = error_of(envelope(kKeepAlive, "1.0"));
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "WWKS/@Version");
  EXPECT_EQ(s.message(), "expected '2.0', found '1.0'");
  EXPECT_EQ(s.to_string(), "invalid_argument: WWKS/@Version: expected '2.0', found '1.0'");
}

TEST(WwksParser, RequiresVersionAndTimeStamp) {
  EXPECT_EQ(error_of("<WWKS TimeStamp=\"2013-04-16T11:14:00Z\">" + kKeepAlive + "</WWKS>").field(),
            "WWKS/@Version");
  Status s = error_of("<WWKS Version=\"2.0\">" + kKeepAlive + "</WWKS>");
  EXPECT_EQ(s.field(), "WWKS/@TimeStamp");
  EXPECT_NE(s.message().find("required attribute is missing"), std::string::npos) << s.message();
  Status bad = error_of("<WWKS Version=\"2.0\" TimeStamp=\"16.04.2013\">" + kKeepAlive + "</WWKS>");
  EXPECT_EQ(bad.field(), "WWKS/@TimeStamp");
  EXPECT_NE(bad.message().find("found '16.04.2013'"), std::string::npos) << bad.message();
}

TEST(WwksParser, ReadsATimeStampWithAnOffsetOrMilliseconds) {
  auto r = parse_wwks(R"(<WWKS Version="2.0" TimeStamp="2013-04-16T13:14:00.250+02:00">)" + kKeepAlive + "</WWKS>");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  Instant expected = std::chrono::sys_days{Date{std::chrono::year{2013}, std::chrono::April, std::chrono::day{16}}} +
                     std::chrono::hours{11} + std::chrono::minutes{14} + std::chrono::milliseconds{250};
  EXPECT_EQ(r->timestamp, expected);
  EXPECT_NE(write_wwks(*r).find(R"(TimeStamp="2013-04-16T11:14:00.250Z")"), std::string::npos);
}

TEST(WwksParser, NamesAMissingRequiredAttribute) {
  Status s = error_of(envelope(R"(<KeepAliveRequest Id="1003" Destination="999"/>)"));
  EXPECT_EQ(s.field(), "WWKS/KeepAliveRequest/@Source");
  EXPECT_EQ(s.message(),
            "required attribute is missing; expected an integer 1..2147483647");
}

TEST(WwksParser, RefusesBadNumbers) {
  struct Case {
    const char* source;
    const char* why;
  };
  for (const Case& c : {Case{"abc", "not a number"}, Case{"0", "subscriber ids are > 0"},
                        Case{"-5", "negative"}, Case{"2147483648", "over 32 bits"}, Case{" 5", "leading space"},
                        Case{"5.0", "decimal point"}, Case{"1,000", "thousands separator"}, Case{"", "empty"}}) {
    Status s = error_of(envelope(std::string(R"(<StatusRequest Id="1" Source=")") + c.source +
                                 R"(" Destination="999"/>)"));
    EXPECT_EQ(s.field(), "WWKS/StatusRequest/@Source") << c.why;
    EXPECT_EQ(s.message(), std::string("expected an integer 1..2147483647, found '") +
                               c.source + "'")
        << c.why;
  }
}

TEST(WwksParser, NamesTheCriteriaWithABadQuantity) {
  Status s = error_of(output_request(R"(<Details OutputDestination="3"/>)",
                                     R"(<Criteria ArticleId="A" Quantity="1"/><Criteria ArticleId="B" Quantity="-1"/>)"));
  EXPECT_EQ(s.field(), "WWKS/OutputRequest/Criteria[2]/@Quantity");
  EXPECT_EQ(s.message(), "expected an integer 0..2147483647, found '-1'");
}

TEST(WwksParser, ReadsA64BitPackId) {
  auto r = parse_wwks(output_request(R"(<Details OutputDestination="3"/>)",
                                     R"(<Criteria Quantity="1" PackId="9223372036854775807"/>)"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(std::get<OutputRequest>(r->message).criteria.at(0).pack_id, INT64_MAX);
  Status s = error_of(output_request(R"(<Details OutputDestination="3"/>)",
                                     R"(<Criteria Quantity="1" PackId="9223372036854775808"/>)"));
  EXPECT_EQ(s.field(), "WWKS/OutputRequest/Criteria[1]/@PackId");
}

TEST(WwksParser, RefusesAnUnknownEnumerationValue) {
  Status s = error_of(output_request(R"(<Details Priority="Urgent" OutputDestination="3"/>)"));
  EXPECT_EQ(s.field(), "WWKS/OutputRequest/Details/@Priority");
  EXPECT_EQ(s.message(), "expected 'Low', 'Normal' or 'High', found 'Urgent'");
  // Spellings are case-sensitive, as the manual prints them.
  EXPECT_EQ(error_of(output_request(R"(<Details Priority="normal" OutputDestination="3"/>)")).field(),
            "WWKS/OutputRequest/Details/@Priority");
}

TEST(WwksParser, RefusesAStatusOutsideTheMessagesOwnSet) {
  // Completed is a Details status of InitiateInputMessage, not of the response.
  Status s = error_of(envelope(R"(<InitiateInputResponse Id="1" Source="999" Destination="100">)"
                               R"(<Details InputSource="3" Status="Completed"/>)"
                               R"(<Article><Pack ScanCode="X"/></Article></InitiateInputResponse>)"));
  EXPECT_EQ(s.field(), "WWKS/InitiateInputResponse/Details/@Status");
  EXPECT_NE(s.message().find("expected 'Accepted' or 'Rejected', found 'Completed'"), std::string::npos);
}

TEST(WwksParser, RefusesBadBooleansAndDates) {
  Status b = error_of(envelope(R"(<StatusRequest Id="1" Source="100" Destination="999" IncludeDetails="true"/>)"));
  EXPECT_EQ(b.message(), "expected 'True' or 'False', found 'true'");
  for (const char* date : {"2015-13-01", "20151101", "2015-02-30", "05.11.2015"}) {
    Status d = error_of(output_request(R"(<Details OutputDestination="3"/>)",
                                       std::string(R"(<Criteria Quantity="1" MinimumExpiryDate=")") + date + "\"/>"));
    EXPECT_EQ(d.field(), "WWKS/OutputRequest/Criteria[1]/@MinimumExpiryDate") << date;
    EXPECT_NE(d.message().find(std::string("expected a date YYYY-MM-DD, found '") + date + "'"), std::string::npos)
        << d.message();
  }
}

TEST(WwksParser, NamesAMissingOrRepeatedElement) {
  Status missing = error_of(output_request(""));
  EXPECT_EQ(missing.field(), "WWKS/OutputRequest");
  EXPECT_EQ(missing.message(), "required element <Details> is missing");
  Status twice = error_of(output_request(R"(<Details OutputDestination="3"/><Details OutputDestination="4"/>)"));
  EXPECT_EQ(twice.field(), "WWKS/OutputRequest");
  EXPECT_EQ(twice.message(), "expected at most one <Details> element, found several");
}

TEST(WwksParser, RequiresThePackAttributesOfEachMessage) {
  // StockInfoResponse packs need an Id > 0.
  Status id = error_of(envelope(R"(<StockInfoResponse Id="1" Source="999" Destination="100">)"
                                R"(<Article Id="A"><Pack Id="1"/><Pack BatchNumber="B"/></Article>)"
                                R"(</StockInfoResponse>)"));
  EXPECT_EQ(id.field(), "WWKS/StockInfoResponse/Article[1]/Pack[2]/@Id");
  Status zero = error_of(envelope(R"(<StockInfoResponse Id="1" Source="999" Destination="100">)"
                                  R"(<Article Id="A"><Pack Id="0"/></Article></StockInfoResponse>)"));
  EXPECT_NE(zero.message().find("expected a 64-bit integer >= 1, found '0'"), std::string::npos) << zero.message();
  // InputRequest packs need a scan code.
  Status scan = error_of(envelope(R"(<InputRequest Id="1" Source="999" Destination="100">)"
                                  R"(<Article><Pack Index="0"/></Article></InputRequest>)"));
  EXPECT_EQ(scan.field(), "WWKS/InputRequest/Article/Pack[1]/@ScanCode");
  // InputResponse packs need a Handling.
  Status handling = error_of(envelope(R"(<InputResponse Id="1" Source="100" Destination="999">)"
                                      R"(<Article><Pack Index="0"/></Article></InputResponse>)"));
  EXPECT_EQ(handling.field(), "WWKS/InputResponse/Article[1]/Pack[1]");
  EXPECT_EQ(handling.message(), "required element <Handling> is missing");
}

TEST(WwksParser, RequiresAnOutputDestinationOfOutputTaskPacksOnly) {
  auto task = [](const char* type) {
    return envelope(std::string(R"(<TaskInfoResponse Id="1" Source="999" Destination="100"><Task Type=")") + type +
                    R"(" Id="7" Status="Completed"><Article Id="A"><Pack Id="5"/></Article></Task>)"
                    R"(</TaskInfoResponse>)");
  };
  EXPECT_EQ(error_of(task("Output")).field(), "WWKS/TaskInfoResponse/Task/Article[1]/Pack[1]/@OutputDestination");
  EXPECT_TRUE(parse_wwks(task("StockDelivery")).ok());
}

TEST(WwksParser, CancelsOutputTasksOnly) {
  Status s = error_of(envelope(R"(<TaskCancelRequest Id="1" Source="100" Destination="999">)"
                               R"(<Task Type="StockDelivery" Id="1234"/></TaskCancelRequest>)"));
  EXPECT_EQ(s.field(), "WWKS/TaskCancelRequest/Task[1]/@Type");
  EXPECT_EQ(s.message(), "expected 'Output', found 'StockDelivery'");
}

TEST(WwksParser, RefusesTwoMessagesInOneEnvelope) {
  Status s = error_of(envelope(kKeepAlive + R"(<StatusRequest Id="2" Source="100" Destination="999"/>)"));
  EXPECT_EQ(s.field(), "WWKS");
  EXPECT_EQ(s.message(), "expected exactly one message element, found 2: <KeepAliveRequest>, <StatusRequest>");
}

TEST(WwksParser, KeepsAnUnknownMessageToLogAndSkip) {
  auto r = parse_wwks(envelope(R"(<FridgeDoorMessage Id="77" Source="999" Destination="100" Door="Open">)"
                               R"(<Detail/></FridgeDoorMessage>)"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_TRUE(std::holds_alternative<UnknownMessage>(r->message));
  EXPECT_EQ(std::get<UnknownMessage>(r->message), (UnknownMessage{"FridgeDoorMessage", "77", "999", "100"}));
  EXPECT_EQ(message_name(r->message), "FridgeDoorMessage");
  std::string written = write_wwks(*r);
  EXPECT_NE(written.find(R"(<FridgeDoorMessage Id="77" Source="999" Destination="100"/>)"), std::string::npos);
  auto again = parse_wwks(written);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *r);
}

TEST(WwksParser, IgnoresUnknownAttributesAndChildrenOfKnownElements) {
  auto r = parse_wwks(envelope(R"(<KeepAliveRequest Id="1" Source="100" Destination="999" Extra="x"><Note/>)"
                               R"(</KeepAliveRequest>)"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(std::get<KeepAliveRequest>(r->message).header.id, "1");
}

TEST(WwksParser, RefusesAnotherRootOrBrokenXml) {
  EXPECT_EQ(error_of("<WWKS2 Version=\"2.0\"/>").message(), "expected the root element <WWKS>, found <WWKS2>");
  Status s = error_of("<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\">\n  <KeepAliveRequest Id=\"1\"\n</WWKS>");
  EXPECT_EQ(s.field(), "WWKS");
  EXPECT_NE(s.message().find("not well-formed XML at line 3"), std::string::npos) << s.message();
  EXPECT_FALSE(parse_wwks("").ok());
}

TEST(WwksParser, RefusesDeeplyNestedXml) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  for (int i = 0; i < 100000; ++i) deep += "</a>";
  Status s = error_of(envelope(R"(<KeepAliveRequest Id="1" Source="100" Destination="999">)" + deep +
                               "</KeepAliveRequest>"));
  EXPECT_EQ(s.message(), "elements are nested deeper than 16 levels (at <a>)");
  // Depth 16 itself is accepted.
  std::string fine;
  for (int i = 0; i < 14; ++i) fine += "<a>";
  for (int i = 0; i < 14; ++i) fine += "</a>";
  EXPECT_TRUE(parse_wwks(envelope(R"(<KeepAliveRequest Id="1" Source="100" Destination="999">)" + fine +
                                  "</KeepAliveRequest>"))
                  .ok());
}

TEST(WwksParser, BoundsSizeAndElementCount) {
  std::string xml = envelope(kKeepAlive);
  Status size = error_of(xml, ParseOptions{.max_bytes = xml.size() - 1});
  EXPECT_EQ(size.message(), "document is " + std::to_string(xml.size()) + " bytes; at most " +
                                std::to_string(xml.size() - 1) + " are accepted");
  EXPECT_TRUE(parse_wwks(xml, ParseOptions{.max_bytes = xml.size()}).ok());

  std::string many = R"(<StatusResponse Id="1" Source="999" Destination="100" State="Ready">)";
  for (int i = 0; i < 20; ++i) many += R"(<Component Type="StorageSystem" Description="V" State="Ready"/>)";
  many += "</StatusResponse>";
  EXPECT_EQ(error_of(envelope(many), ParseOptions{.max_elements = 21}).message(),
            "document has more than 21 elements");
  EXPECT_TRUE(parse_wwks(envelope(many), ParseOptions{.max_elements = 22}).ok());
}

TEST(WwksParser, ReadsAStockInfoResponseWithNothingInStock) {
  auto r = parse_wwks(envelope(R"(<StockInfoResponse Id="1" Source="999" Destination="100"/>)"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_TRUE(std::get<StockInfoResponse>(r->message).articles.empty());
}

TEST(WwksParser, DecodesControlCharacterEscapesInValues) {
  auto r = parse_wwks(envelope(R"(<InputRequest Id="1" Source="999" Destination="100"><Article>)"
                               R"(<Pack ScanCode="]d2010415012345678\x1D17261231\x1d10ABC\x41"/></Article>)"
                               R"(</InputRequest>)"));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  // \x1D and \x1d are the GS1 group separator; \x41 is a printable character and stays as written.
  EXPECT_EQ(std::get<InputRequest>(r->message).article.packs.at(0).scan_code,
            "]d2010415012345678\x1D" "17261231\x1D" "10ABC\\x41");
}

// ---- the manual's errata: <Pack> start tags never closed -------------------

const std::string kUnclosedPacks = envelope(
    "\n<StockInfoMessage Id=\"1\" Source=\"999\" Destination=\"100\">\n"
    "<Article Id=\"A\" Quantity=\"2\">\n"
    "<Pack Id=\"11\" State=\"Available\">\n"
    "<Pack Id=\"12\" State=\"NotAvailable\">\n"
    "</Article>\n</StockInfoMessage>\n");

TEST(WwksErrata, RepairsUnclosedPacksByDefault) {
  auto r = parse_wwks(kUnclosedPacks);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const auto& m = std::get<StockInfoMessage>(r->message);
  ASSERT_EQ(m.articles.size(), 1u);
  ASSERT_EQ(m.articles[0].packs.size(), 2u);
  EXPECT_EQ(m.articles[0].packs[0].id, 11);
  EXPECT_EQ(m.articles[0].packs[1].state, PackState::kNotAvailable);
}

TEST(WwksErrata, RefusesUnclosedPacksWhenRepairIsOff) {
  Status s = error_of(kUnclosedPacks, ParseOptions{.repair_unclosed_packs = false});
  EXPECT_EQ(s.field(), "WWKS");
  EXPECT_NE(s.message().find("not well-formed XML at line 6"), std::string::npos) << s.message();
}

TEST(WwksErrata, ClosesOnlyPacksFollowedByAPackOrTheArticleEnd) {
  RepairedXml fixed = repair_unclosed_packs(kUnclosedPacks);
  EXPECT_EQ(fixed.packs_closed, 2u);
  EXPECT_NE(fixed.xml.find("<Pack Id=\"11\" State=\"Available\"/>"), std::string::npos);
  EXPECT_NE(fixed.xml.find("<Pack Id=\"12\" State=\"NotAvailable\"/>"), std::string::npos);

  // A pack with a child, a pack already closed, and look-alikes in CDATA and
  // attribute values stay as they are.
  std::string fine = envelope(
      "<InputMessage Id=\"1\" Source=\"999\" Destination=\"100\"><Article Name=\"&lt;Pack x&gt;\">"
      "<Pack Id=\"0\"><Handling Input=\"Aborted\"/></Pack><Pack Id=\"1\" Text='Pack> </Article>'/></Article>"
      "<!-- <Pack a> </Article> --></InputMessage>");
  RepairedXml same = repair_unclosed_packs(fine);
  EXPECT_EQ(same.packs_closed, 0u);
  EXPECT_EQ(same.xml, fine);
}

TEST(WwksErrata, DoesNotHideOtherErrors) {
  // Unclosed packs followed by something else are not the erratum: still refused.
  std::string broken = envelope(
      "<StockInfoMessage Id=\"1\" Source=\"999\" Destination=\"100\"><Article Id=\"A\">"
      "<Pack Id=\"11\"><Box/></Article></StockInfoMessage>");
  EXPECT_EQ(repair_unclosed_packs(broken).packs_closed, 0u);
  EXPECT_NE(error_of(broken).message().find("not well-formed XML"), std::string::npos);
}

}  // namespace
}  // namespace rx::wwks
