#include "interop/pdf/pdf_text_document.h"

#include <fmt/format.h>

#include <cstdint>
#include <optional>

namespace rx {
namespace {

// Decodes one UTF-8 sequence at `i`, advancing it; none for a malformed,
// overlong or surrogate sequence.
std::optional<char32_t> next_code_point(const std::string& s, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  int extra = 0;
  char32_t cp = 0;
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    cp = lead & 0x07;
  } else {
    return std::nullopt;
  }
  if (i + static_cast<size_t>(extra) >= s.size()) return std::nullopt;
  for (int k = 1; k <= extra; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr char32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kSmallest[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  i += static_cast<size_t>(extra) + 1;
  return cp;
}

// The text as a PDF hex string of UTF-16BE code units, as UniGB-UTF16-H reads them.
std::optional<std::string> utf16be_hex(const std::string& utf8) {
  std::string out = "<";
  for (size_t i = 0; i < utf8.size();) {
    auto cp = next_code_point(utf8, i);
    if (!cp) return std::nullopt;
    if (*cp >= 0x10000) {
      const char32_t v = *cp - 0x10000;
      out += fmt::format("{:04X}{:04X}", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
    } else {
      out += fmt::format("{:04X}", static_cast<uint32_t>(*cp));
    }
  }
  return out + ">";
}

std::string number(double v) { return fmt::format("{:.2f}", v); }

// Objects are numbered from 1 in the order they are added; the xref table
// records where each one starts.
class PdfBuilder {
 public:
  PdfBuilder() { out_ = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"; }
  void add(int number, const std::string& body) {
    if (offsets_.size() < static_cast<size_t>(number)) offsets_.resize(static_cast<size_t>(number));
    offsets_[static_cast<size_t>(number) - 1] = out_.size();
    out_ += fmt::format("{} 0 obj\n{}\nendobj\n", number, body);
  }
  std::string finish(int root) {
    const size_t xref = out_.size();
    out_ += fmt::format("xref\n0 {}\n0000000000 65535 f \n", offsets_.size() + 1);
    for (size_t offset : offsets_) out_ += fmt::format("{:010} 00000 n \n", offset);
    out_ += fmt::format("trailer\n<< /Size {} /Root {} 0 R >>\nstartxref\n{}\n%%EOF\n", offsets_.size() + 1, root,
                        xref);
    return std::move(out_);
  }

 private:
  std::string out_;
  std::vector<size_t> offsets_;
};

constexpr int kCatalog = 1, kPages = 2, kFont = 3, kCidFont = 4, kDescriptor = 5, kFirstPage = 6;

}  // namespace

double pdf_text_width(const std::string& utf8, double size_pt) {
  double ems = 0;
  for (size_t i = 0; i < utf8.size();) {
    auto cp = next_code_point(utf8, i);
    if (!cp) {
      ++i;
      continue;
    }
    ems += *cp < 0x80 ? 0.5 : 1.0;
  }
  return ems * size_pt;
}

Result<std::string> write_text_pdf(const std::vector<PdfPage>& pages, double width_pt, double height_pt) {
  if (pages.empty()) return Status::invalid("a PDF needs at least one page", "pages");
  if (!(width_pt > 0) || !(height_pt > 0)) {
    return Status::invalid(fmt::format("the page size must be positive; found {} x {} pt", width_pt, height_pt),
                           "pages");
  }
  std::vector<std::string> contents;
  for (size_t p = 0; p < pages.size(); ++p) {
    std::string stream;
    for (size_t t = 0; t < pages[p].texts.size(); ++t) {
      const PdfText& text = pages[p].texts[t];
      auto hex = utf16be_hex(text.utf8);
      if (!hex) {
        return Status::invalid("the text is not valid UTF-8", fmt::format("pages[{}].texts[{}]", p, t));
      }
      stream += fmt::format("BT /F1 {} Tf {} {} Td {} Tj ET\n", number(text.size_pt), number(text.x_pt),
                            number(text.y_pt), *hex);
    }
    contents.push_back(std::move(stream));
  }

  PdfBuilder pdf;
  pdf.add(kCatalog, fmt::format("<< /Type /Catalog /Pages {} 0 R >>", kPages));
  std::string kids;
  for (size_t p = 0; p < pages.size(); ++p) {
    kids += fmt::format("{}{} 0 R", p ? " " : "", kFirstPage + 2 * static_cast<int>(p));
  }
  pdf.add(kPages, fmt::format("<< /Type /Pages /Kids [{}] /Count {} >>", kids, pages.size()));
  pdf.add(kFont, fmt::format("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
                             "/DescendantFonts [{} 0 R] >>",
                             kCidFont));
  // CIDs 1-95 of Adobe-GB1 are its proportional Latin; everything else is a full em.
  pdf.add(kCidFont, fmt::format("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                                "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
                                "/FontDescriptor {} 0 R /DW 1000 /W [1 95 500] >>",
                                kDescriptor));
  pdf.add(kDescriptor, "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
                       "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>");
  for (size_t p = 0; p < pages.size(); ++p) {
    const int page = kFirstPage + 2 * static_cast<int>(p);
    pdf.add(page, fmt::format("<< /Type /Page /Parent {} 0 R /MediaBox [0 0 {} {}] /Resources << /Font << /F1 {} "
                              "0 R >> >> /Contents {} 0 R >>",
                              kPages, number(width_pt), number(height_pt), kFont, page + 1));
    pdf.add(page + 1, fmt::format("<< /Length {} >>\nstream\n{}endstream", contents[p].size(), contents[p]));
  }
  return pdf.finish(kCatalog);
}

}  // namespace rx
