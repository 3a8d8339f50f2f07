// WwksStreamSplitter: documents back to back on one stream, in any chunking.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "interop/wwks/parser.h"
#include "interop/wwks/stream_splitter.h"

namespace rx::wwks {
namespace {

std::string doc(const std::string& id) {
  return "<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\">\n  <KeepAliveRequest Id=\"" + id +
         "\" Source=\"100\" Destination=\"999\"/>\n</WWKS>";
}

// Feeds `stream` in chunks of `size` bytes and collects what comes out.
std::vector<Result<std::string>> split(WwksStreamSplitter& s, const std::string& stream, size_t size) {
  std::vector<Result<std::string>> out;
  for (size_t i = 0; i < stream.size(); i += size) {
    for (auto& r : s.feed(std::string_view(stream).substr(i, size))) out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> documents(const std::vector<Result<std::string>>& results) {
  std::vector<std::string> out;
  for (const auto& r : results) {
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    if (r.ok()) out.push_back(*r);
  }
  return out;
}

TEST(WwksStreamSplitter, ReassemblesADocumentFedOneByteAtATime) {
  WwksStreamSplitter s;
  std::string d = doc("1");
  for (size_t i = 0; i + 1 < d.size(); ++i) {
    EXPECT_TRUE(s.feed(d.substr(i, 1)).empty()) << i;
  }
  EXPECT_TRUE(s.mid_document());
  auto out = s.feed(d.substr(d.size() - 1));
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].ok());
  EXPECT_EQ(*out[0], d);
  EXPECT_FALSE(s.mid_document());
  EXPECT_EQ(s.discarded_bytes(), 0u);
}

TEST(WwksStreamSplitter, YieldsSeveralDocumentsFromOneChunkInOrder) {
  WwksStreamSplitter s;
  auto out = s.feed(doc("1") + doc("2") + "\r\n" + doc("3"));
  EXPECT_EQ(documents(out), (std::vector<std::string>{doc("1"), doc("2"), doc("3")}));
}

TEST(WwksStreamSplitter, DiscardsGarbageAndDeclarationsBetweenDocuments) {
  WwksStreamSplitter s;
  std::string garbage = "\x00\xffnoise <WW <WWKSX/> <WWK";
  garbage.push_back('\0');
  std::string decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  std::string stream = garbage + doc("1") + " ~~ " + decl + doc("2");
  auto out = split(s, stream, 3);
  EXPECT_EQ(documents(out), (std::vector<std::string>{doc("1"), doc("2")}));
  EXPECT_EQ(s.discarded_bytes(), garbage.size() + 4 + decl.size());
}

TEST(WwksStreamSplitter, LooksForTheEndTagOutsideCdataCommentsAndValues) {
  std::string tricky =
      "<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\"><ConfigurationGetResponse Id=\"1\" Source=\"999\" "
      "Destination=\"100\" Note=\"</WWKS>\"><!-- </WWKS> --><Configuration><![CDATA[</WWKS>]]></Configuration>"
      "</ConfigurationGetResponse></WWKS >";
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{5}, tricky.size()}) {
    WwksStreamSplitter s;
    auto out = split(s, tricky + doc("2"), chunk);
    ASSERT_EQ(documents(out), (std::vector<std::string>{tricky, doc("2")})) << chunk;
    auto parsed = parse_wwks(*out[0]);
    ASSERT_TRUE(parsed.ok()) << parsed.status().to_string();
    EXPECT_EQ(std::get<ConfigurationGetResponse>(parsed->message).configuration, "</WWKS>");
  }
}

TEST(WwksStreamSplitter, ReportsAnOversizedDocumentAndResyncs) {
  WwksStreamSplitter s(150);
  std::string big = "<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\"><StatusResponse Id=\"1\" Source=\"999\" "
                    "Destination=\"100\" State=\"Ready\">" +
                    std::string(200, ' ') + "</StatusResponse></WWKS>";
  auto out = split(s, big + doc("2"), 7);
  ASSERT_EQ(out.size(), 2u);
  ASSERT_FALSE(out[0].ok());
  EXPECT_EQ(out[0].status().message(), "WWKS document is longer than 150 bytes; skipped up to its end");
  ASSERT_TRUE(out[1].ok()) << out[1].status().to_string();
  EXPECT_EQ(*out[1], doc("2"));
  EXPECT_EQ(s.discarded_bytes(), big.size());
}

TEST(WwksStreamSplitter, ResyncsOnANewStartWhileSkipping) {
  WwksStreamSplitter s(60);
  // An over-long document that never ends, then a good one.
  std::string runaway = "<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\">" + std::string(100, 'x');
  auto out = split(s, runaway + "<WWKS Version=\"2.0\"/>", 1);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FALSE(out[0].ok());
  ASSERT_TRUE(out[1].ok()) << out[1].status().to_string();
  EXPECT_EQ(*out[1], "<WWKS Version=\"2.0\"/>");
}

TEST(WwksStreamSplitter, ReportsADocumentCutShortByANewOne) {
  WwksStreamSplitter s;
  std::string cut = "<WWKS Version=\"2.0\" TimeStamp=\"2013-04-16T11:14:00Z\"><KeepAliveRequest Id=\"1\"";
  auto out = split(s, cut + ">" + doc("2"), 4);
  ASSERT_EQ(out.size(), 2u);
  ASSERT_FALSE(out[0].ok());
  EXPECT_EQ(out[0].status().message(),
            "WWKS document cut short after " + std::to_string(cut.size() + 1) + " bytes by the start of another");
  ASSERT_TRUE(out[1].ok());
  EXPECT_EQ(*out[1], doc("2"));
}

TEST(WwksStreamSplitter, SplitsEveryManualExampleSentBackToBack) {
  const std::filesystem::path dir = std::filesystem::path(RXPRESS_SHARED_DIR) / "specs/wwks2/examples";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 50u);
  std::string stream;
  std::vector<std::string> expected;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string content = text.str();
    // Each file is one document and a trailing line break.
    expected.push_back(content.substr(0, content.rfind("</WWKS>") + 7));
    stream += content;
  }
  for (size_t chunk : {size_t{1}, size_t{13}, size_t{4096}}) {
    WwksStreamSplitter s;
    EXPECT_EQ(documents(split(s, stream, chunk)), expected) << chunk;
  }
}

}  // namespace
}  // namespace rx::wwks
