// The dose-instruction labels laid out for a label printer: one label per
// page of 80 × 50 mm, in interop/pdf's non-embedded STSong-Light.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "interop/pdf/pdf_text_document.h"
#include "verification/dose_label.h"

namespace rx {

inline constexpr double kLabelWidthMm = 80;
inline constexpr double kLabelHeightMm = 50;

// The label's lines on one page: wrapped to the label's width, at the largest
// size from 8 pt down to 5 pt at which they all fit its height.
PdfPage dose_label_page(const DoseLabel& label);
// Every label, one per page; invalid_argument "labels" for none.
Result<std::string> dose_labels_pdf(const std::vector<DoseLabel>& labels);

}  // namespace rx
