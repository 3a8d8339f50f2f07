#include "interop/pdf/pdf_text_document.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace rx {
namespace {

// The cross-reference table's offsets, read back as a PDF reader does: from startxref.
std::vector<size_t> xref_offsets(const std::string& pdf) {
  size_t at = pdf.rfind("startxref\n");
  EXPECT_NE(at, std::string::npos);
  size_t xref = std::stoul(pdf.substr(at + 10));
  EXPECT_EQ(pdf.compare(xref, 5, "xref\n"), 0) << "startxref points at the xref table";
  std::smatch m;
  std::string table = pdf.substr(xref);
  EXPECT_TRUE(std::regex_search(table, m, std::regex("^xref\n0 (\\d+)\n0000000000 65535 f \n")));
  size_t count = std::stoul(m[1]);
  std::vector<size_t> offsets;
  size_t pos = static_cast<size_t>(m.length(0));
  for (size_t i = 1; i < count; ++i, pos += 20) {
    std::string entry = table.substr(pos, 20);
    EXPECT_TRUE(std::regex_match(entry, std::regex("\\d{10} 00000 n \n"))) << entry;
    offsets.push_back(std::stoul(entry.substr(0, 10)));
  }
  return offsets;
}

TEST(PdfTextDocument, HeaderXrefAndTrailerAreConsistent) {
  std::vector<PdfPage> pages = {PdfPage{{PdfText{10, 100, 8, "患者：张三"}, PdfText{10, 90, 8, "qd 75 mg"}}},
                                PdfPage{{PdfText{10, 100, 8, "每日三次"}}}};
  auto pdf = write_text_pdf(pages, 226.77, 141.73);
  ASSERT_TRUE(pdf.ok()) << pdf.status().to_string();
  EXPECT_EQ(pdf->rfind("%PDF-1.4\n", 0), 0u);
  std::vector<size_t> offsets = xref_offsets(*pdf);
  ASSERT_EQ(offsets.size(), 9u) << "catalog, pages, font, CID font, descriptor, and a page and its contents each";
  for (size_t i = 0; i < offsets.size(); ++i) {
    std::string expected = std::to_string(i + 1) + " 0 obj\n";
    EXPECT_EQ(pdf->compare(offsets[i], expected.size(), expected), 0) << "object " << i + 1;
  }
  EXPECT_NE(pdf->find("trailer\n<< /Size 10 /Root 1 0 R >>"), std::string::npos);
  EXPECT_EQ(pdf->substr(pdf->size() - 6), "%%EOF\n");
  EXPECT_NE(pdf->find("/Count 2"), std::string::npos);
  EXPECT_NE(pdf->find("/MediaBox [0 0 226.77 141.73]"), std::string::npos);
}

TEST(PdfTextDocument, TextIsUtf16BeHexInTheStandardCjkFont) {
  auto pdf = write_text_pdf({PdfPage{{PdfText{5.5, 20, 9, "张三 A𠀀"}}}}, 100, 100);
  ASSERT_TRUE(pdf.ok()) << pdf.status().to_string();
  // 张 U+5F20, 三 U+4E09, space, A, and U+20000 as a surrogate pair.
  EXPECT_NE(pdf->find("BT /F1 9.00 Tf 5.50 20.00 Td <5F204E0900200041D840DC00> Tj ET\n"), std::string::npos) << *pdf;
  EXPECT_NE(pdf->find("/BaseFont /STSong-Light /Encoding /UniGB-UTF16-H"), std::string::npos);
  EXPECT_NE(pdf->find("/Subtype /CIDFontType0"), std::string::npos);
  EXPECT_NE(pdf->find("/Registry (Adobe) /Ordering (GB1)"), std::string::npos);
  EXPECT_EQ(pdf->find("FontFile"), std::string::npos) << "no font is embedded";
}

TEST(PdfTextDocument, EachStreamLengthIsItsByteCount) {
  auto pdf = write_text_pdf({PdfPage{{PdfText{1, 2, 3, "用法"}}}}, 100, 100);
  ASSERT_TRUE(pdf.ok());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*pdf, m, std::regex("<< /Length (\\d+) >>\nstream\n")));
  size_t start = static_cast<size_t>(m.position(0) + m.length(0));
  size_t length = std::stoul(m[1]);
  EXPECT_EQ(pdf->compare(start + length, 9, "endstream"), 0);
}

TEST(PdfTextDocument, RefusesBadTextNoPagesAndNoSize) {
  auto bad = write_text_pdf({PdfPage{{PdfText{1, 1, 8, "ok"}, PdfText{1, 1, 8, "bad \xC3("}}}}, 100, 100);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "pages[0].texts[1]");
  for (const char* text : {"\xED\xA0\x80", "\xC0\xAF", "\xE5\xBC"}) {  // a surrogate, an overlong "/", a cut-off 张
    EXPECT_FALSE(write_text_pdf({PdfPage{{PdfText{1, 1, 8, text}}}}, 100, 100).ok());
  }
  auto none = write_text_pdf({}, 100, 100);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().field(), "pages");
  EXPECT_FALSE(write_text_pdf({PdfPage{}}, 0, 100).ok());
}

TEST(PdfTextDocument, WidthCountsAsciiAsHalfAnEm) {
  EXPECT_DOUBLE_EQ(pdf_text_width("张三", 10), 20);
  EXPECT_DOUBLE_EQ(pdf_text_width("75 mg", 10), 25);
  EXPECT_DOUBLE_EQ(pdf_text_width("", 10), 0);
}

}  // namespace
}  // namespace rx
