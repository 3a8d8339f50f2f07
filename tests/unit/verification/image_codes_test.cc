#include "verification/image_codes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "image_tote_photo.h"

namespace rx {
namespace {

using test::PhotoCode;
using test::Placement;
using test::Symbology;

std::vector<std::string> sorted_texts(const std::vector<ImageCode>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes) out.push_back(c.scanned());
  std::sort(out.begin(), out.end());
  return out;
}

ImagePoint centre(const ImageCode& c) {
  int x = 0, y = 0;
  for (const auto& p : c.corners) x += p.x, y += p.y;
  return {x / 4, y / 4};
}

class DemoToteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto photo = test::render_photo(test::demo_tote_codes(), 7);
    ASSERT_TRUE(photo.ok()) << photo.status().message();
    auto decoded = decode_image_codes(*photo);
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    codes_ = *decoded;
  }
  std::vector<ImageCode> codes_;
};

TEST_F(DemoToteTest, DecodesEveryCodeWithExactlyItsContent) {
  std::vector<std::string> expected;
  for (const PhotoCode& c : test::demo_tote_codes()) expected.push_back(c.expected_text);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(sorted_texts(codes_), expected);
}

TEST_F(DemoToteTest, ReportsFormatSymbologyAndGs1) {
  int data_matrix = 0;
  for (const ImageCode& c : codes_) {
    switch (c.format) {
      case CodeFormat::kDataMatrix:
        ++data_matrix;
        EXPECT_EQ(c.symbology, "]d2");
        EXPECT_TRUE(c.gs1);
        // FNC1 after the variable-length lot comes back as GS, as AI (21) follows it.
        EXPECT_NE(c.content.find("\x1D" "21"), std::string::npos) << c.content;
        EXPECT_EQ(c.scanned().substr(0, 5), "]d201");
        break;
      case CodeFormat::kCode128:
        EXPECT_EQ(c.symbology, "]C0");
        EXPECT_FALSE(c.gs1);
        EXPECT_EQ(c.scanned(), "99000030000001061234");
        break;
      case CodeFormat::kQrCode:
        EXPECT_EQ(c.symbology.substr(0, 2), "]Q");
        EXPECT_FALSE(c.gs1);
        EXPECT_EQ(c.scanned(), "RX:MZ20261201-000001");
        break;
    }
  }
  EXPECT_EQ(data_matrix, 5);
}

TEST_F(DemoToteTest, PositionsAreWhereTheCodesWereDrawn) {
  for (const PhotoCode& drawn : test::demo_tote_codes()) {
    auto it = std::find_if(codes_.begin(), codes_.end(),
                           [&](const ImageCode& c) { return c.scanned() == drawn.expected_text; });
    ASSERT_NE(it, codes_.end()) << drawn.expected_text;
    ImagePoint c = centre(*it);
    EXPECT_LT(std::hypot(c.x - drawn.place.centre_x, c.y - drawn.place.centre_y), 40) << drawn.expected_text;
  }
}

TEST_F(DemoToteTest, ListsCodesTopToBottom) {
  for (size_t i = 1; i < codes_.size(); ++i) EXPECT_LE(centre(codes_[i - 1]).y, centre(codes_[i]).y);
}

TEST(ImageCodesTest, ReadsOneSymbolAtEachAngleAndScale) {
  using namespace std::chrono;
  for (double angle : {0.0, 90.0, 17.0, 33.0, 270.0}) {
    for (double module : {3.5, 5.0, 8.0}) {
      PhotoCode code = test::gs1_pack("02000000000015", Date{year{2028}, month{6}, day{30}}, "DM2506002",
                                      "42", Placement{.centre_x = 960, .centre_y = 540, .module_px = module,
                                                      .angle_deg = angle});
      auto photo = test::render_photo({code}, 1);
      ASSERT_TRUE(photo.ok());
      auto decoded = decode_image_codes(*photo);
      ASSERT_TRUE(decoded.ok());
      ASSERT_EQ(decoded->size(), 1u) << "angle " << angle << " module " << module;
      EXPECT_EQ((*decoded)[0].scanned(), code.expected_text);
    }
  }
}

TEST(ImageCodesTest, ReadsTwoEqualCode128SymbolsAsTwoCodes) {
  // Two packs with one NMPA code: a fault the check must see, so both are read.
  Placement left{.centre_x = 500, .centre_y = 540, .module_px = 3};
  Placement right{.centre_x = 1400, .centre_y = 540, .module_px = 3};
  auto photo = test::render_photo({PhotoCode{Symbology::kCode128, "99000030000001061234", "", left},
                                   PhotoCode{Symbology::kCode128, "99000030000001061234", "", right}},
                                  2);
  ASSERT_TRUE(photo.ok());
  auto decoded = decode_image_codes(*photo);
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded->size(), 2u);
  EXPECT_EQ((*decoded)[0].scanned(), "99000030000001061234");
  EXPECT_EQ((*decoded)[1].scanned(), "99000030000001061234");
}

TEST(ImageCodesTest, ReadsSymbolsThatTouchEachOther) {
  using namespace std::chrono;
  Date expiry{year{2028}, month{6}, day{30}};
  std::vector<PhotoCode> codes;
  for (int i = 0; i < 3; ++i) {
    codes.push_back(test::gs1_pack("02000000000015", expiry, "DM2506002", fmt::format("00020{}", i),
                                   Placement{.centre_x = 700 + 150 * i, .centre_y = 500, .module_px = 5}));
  }
  auto photo = test::render_photo(codes, 4);
  ASSERT_TRUE(photo.ok());
  auto decoded = decode_image_codes(*photo);
  ASSERT_TRUE(decoded.ok());
  std::vector<std::string> expected;
  for (const auto& c : codes) expected.push_back(c.expected_text);
  EXPECT_EQ(sorted_texts(*decoded), expected);
}

TEST(ImageCodesTest, ReadsASymbolPrintedToThePictureEdge) {
  // What `zint -b 71 --gs1` writes: the modules alone, no quiet zone.
  auto symbol = test::encode_symbol(Symbology::kGs1DataMatrix, "[01]02000000000015[17]280630[10]DM2506002[21]1");
  ASSERT_TRUE(symbol.ok()) << symbol.status().message();
  constexpr int kPx = 2;
  GreyImage image = make_grey_image(symbol->cols * kPx, symbol->rows * kPx, 255);
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      if (symbol->dark[static_cast<size_t>(y / kPx) * symbol->cols + x / kPx]) image.at(x, y) = 0;
    }
  }
  auto decoded = decode_image_codes(image);
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded->size(), 1u);
  EXPECT_EQ((*decoded)[0].scanned(), "]d201020000000000151728063010DM2506002\x1D" "211");
}

TEST(ImageCodesTest, AnEmptyToteHasNoCodes) {
  auto decoded = decode_image_codes(test::tote_background(1920, 1080, 3));
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->empty());
}

TEST(ImageCodesTest, RefusesAnImageOverTheSizeLimit) {
  GreyImage huge = make_grey_image(kMaxImageSide + 1, 1, 200);
  auto decoded = decode_image_codes(huge);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("8001x1"), std::string::npos) << decoded.status().message();
}

TEST(ImageCodesTest, RefusesPixelsThatDoNotFitTheSize) {
  GreyImage bad = make_grey_image(10, 10, 200);
  bad.pixels.pop_back();
  auto decoded = decode_image_codes(bad);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("99 pixels for 10x10"), std::string::npos);
}

TEST(ImageCodesTest, TheSamePhotoIsRenderedIdentically) {
  auto a = test::render_photo(test::demo_tote_codes(), 7);
  auto b = test::render_photo(test::demo_tote_codes(), 7);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->pixels, b->pixels);
}

}  // namespace
}  // namespace rx
