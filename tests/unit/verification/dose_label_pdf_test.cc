#include "verification/dose_label_pdf.h"

#include <gtest/gtest.h>

namespace rx {
namespace {

DoseLabel label(size_t warnings, std::string drug = "硫酸氢氯吡格雷片 75 mg（片剂）") {
  DoseLabel l;
  l.prescription_no = "MZ20261129-000042";
  l.date = "2026-11-29";
  l.patient = "张三 男 68岁";
  l.drug = std::move(drug);
  l.dose = "每次 75 mg（1 片）";
  l.frequency = "每日三次";
  l.route = "口服";
  l.days = "7 天";
  l.quantity = "1 盒";
  for (size_t i = 0; i < warnings; ++i) l.warnings.push_back("高警示药品：请严格按医嘱用量使用");
  return l;
}

constexpr double kWidth = kLabelWidthMm * kPointsPerMm;
constexpr double kHeight = kLabelHeightMm * kPointsPerMm;

void expect_inside(const PdfPage& page) {
  for (const auto& t : page.texts) {
    EXPECT_GE(t.x_pt, 0);
    EXPECT_LE(t.x_pt + pdf_text_width(t.utf8, t.size_pt), kWidth) << t.utf8;
    EXPECT_GT(t.y_pt, 0) << t.utf8;
    EXPECT_LT(t.y_pt + t.size_pt, kHeight) << t.utf8;
  }
}

TEST(DoseLabelPdf, AnOrdinaryLabelIsItsLinesAt8Points) {
  PdfPage page = dose_label_page(label(0));
  ASSERT_EQ(page.texts.size(), label(0).lines().size());
  for (size_t i = 0; i < page.texts.size(); ++i) {
    EXPECT_EQ(page.texts[i].utf8, label(0).lines()[i]);
    EXPECT_EQ(page.texts[i].size_pt, 8);
    if (i > 0) {
      EXPECT_LT(page.texts[i].y_pt, page.texts[i - 1].y_pt) << "top to bottom";
    }
  }
  expect_inside(page);
}

TEST(DoseLabelPdf, LongLinesWrapAndACrowdedLabelShrinksToFit) {
  std::string name;
  for (int i = 0; i < 40; ++i) name += "药";
  PdfPage page = dose_label_page(label(6, name));
  EXPECT_GT(page.texts.size(), label(6, name).lines().size()) << "the drug's line wrapped";
  EXPECT_LT(page.texts[0].size_pt, 8);
  EXPECT_GE(page.texts[0].size_pt, 5);
  expect_inside(page);
  std::string joined;
  for (const auto& t : page.texts) joined += t.utf8;
  EXPECT_NE(joined.find(name), std::string::npos) << "wrapping loses no character";
}

TEST(DoseLabelPdf, OnePagePerLabelAtTheLabelSize) {
  auto pdf = dose_labels_pdf({label(0), label(1), label(2)});
  ASSERT_TRUE(pdf.ok()) << pdf.status().to_string();
  EXPECT_NE(pdf->find("/Count 3"), std::string::npos);
  EXPECT_NE(pdf->find("/MediaBox [0 0 226.77 141.73]"), std::string::npos) << "80 x 50 mm";
  auto none = dose_labels_pdf({});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().field(), "labels");
}

}  // namespace
}  // namespace rx
