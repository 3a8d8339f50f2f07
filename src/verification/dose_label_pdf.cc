#include "verification/dose_label_pdf.h"

namespace rx {
namespace {

constexpr double kMarginMm = 3.5;
constexpr double kLargestPt = 8.0;
constexpr double kSmallestPt = 5.0;
constexpr double kStepPt = 0.5;
constexpr double kLeading = 1.3;  // line height over type size

size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Breaks `line` into pieces no wider than `width_pt` at `size_pt`, between characters.
std::vector<std::string> wrap(const std::string& line, double width_pt, double size_pt) {
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < line.size();) {
    std::string ch = line.substr(i, utf8_sequence_length(static_cast<unsigned char>(line[i])));
    i += ch.size();
    if (!current.empty() && pdf_text_width(current + ch, size_pt) > width_pt) {
      out.push_back(std::move(current));
      current.clear();
    }
    current += ch;
  }
  if (!current.empty() || out.empty()) out.push_back(std::move(current));
  return out;
}

}  // namespace

PdfPage dose_label_page(const DoseLabel& label) {
  const double width = (kLabelWidthMm - 2 * kMarginMm) * kPointsPerMm;
  const double height = (kLabelHeightMm - 2 * kMarginMm) * kPointsPerMm;
  const std::vector<std::string> lines = label.lines();
  double size = kLargestPt;
  std::vector<std::string> rows;
  for (;; size -= kStepPt) {
    rows.clear();
    for (const auto& line : lines) {
      for (auto& row : wrap(line, width, size)) rows.push_back(std::move(row));
    }
    // At the smallest size every line is kept, even if the last ones run into the bottom margin.
    if (static_cast<double>(rows.size()) * size * kLeading <= height || size - kStepPt < kSmallestPt) break;
  }
  PdfPage page;
  const double left = kMarginMm * kPointsPerMm;
  double baseline = (kLabelHeightMm - kMarginMm) * kPointsPerMm - size;
  for (auto& row : rows) {
    page.texts.push_back(PdfText{left, baseline, size, std::move(row)});
    baseline -= size * kLeading;
  }
  return page;
}

Result<std::string> dose_labels_pdf(const std::vector<DoseLabel>& labels) {
  if (labels.empty()) return Status::invalid("there are no labels to print", "labels");
  std::vector<PdfPage> pages;
  for (const auto& label : labels) pages.push_back(dose_label_page(label));
  return write_text_pdf(pages, kLabelWidthMm * kPointsPerMm, kLabelHeightMm * kPointsPerMm);
}

}  // namespace rx
