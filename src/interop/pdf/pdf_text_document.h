// A PDF of text pages in Chinese, with no font embedded: every text is set in
// Adobe's standard CJK font STSong-Light (Type0 over a CIDFontType0, Adobe-GB1
// ordering, CMap UniGB-UTF16-H), which every PDF reader supplies. Pure: bytes
// in memory, no I/O.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace rx {

inline constexpr double kPointsPerMm = 72.0 / 25.4;

struct PdfText {
  double x_pt = 0;  // from the page's left edge to the start of the baseline
  double y_pt = 0;  // from the page's bottom edge to the baseline
  double size_pt = 10;
  std::string utf8;
};

struct PdfPage {
  std::vector<PdfText> texts;
};

// The width of `utf8` set at `size_pt`: a full em for CJK and other wide
// characters, half an em for ASCII (the font's half-width Latin).
double pdf_text_width(const std::string& utf8, double size_pt);

// A PDF 1.4 file of `pages`, each `width_pt` × `height_pt`, with a correct
// cross-reference table. invalid_argument (field "pages[i].texts[j]") for
// text that is not UTF-8, or (field "pages") for no pages or a size that is
// not positive.
Result<std::string> write_text_pdf(const std::vector<PdfPage>& pages, double width_pt, double height_pt);

}  // namespace rx
