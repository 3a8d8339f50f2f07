#include "verification/png_image.h"

#include <gtest/gtest.h>
#include <png.h>

#include <array>

namespace rx {
namespace {

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

GreyImage gradient(int w, int h) {
  GreyImage image = make_grey_image(w, h, 0);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) image.at(x, y) = static_cast<uint8_t>((x * 7 + y * 13) % 256);
  }
  return image;
}

uint32_t crc32(const uint8_t* p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

void put_be32(std::string& s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}

TEST(PngImageTest, GreyRoundTripKeepsEveryPixel) {
  GreyImage image = gradient(37, 19);
  auto png = write_png_grey(image);
  ASSERT_TRUE(png.ok()) << png.status().message();
  auto back = read_png_grey(bytes_of(*png));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->width, 37);
  EXPECT_EQ(back->height, 19);
  EXPECT_EQ(back->pixels, image.pixels);
}

TEST(PngImageTest, ReadsAColourPngAsGrey) {
  // Pure red, green and white pixels in an RGB PNG.
  std::array<uint8_t, 9> rgb = {255, 0, 0, 0, 255, 0, 255, 255, 255};
  png_image img{};
  img.version = PNG_IMAGE_VERSION;
  img.width = 3;
  img.height = 1;
  img.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  ASSERT_TRUE(png_image_write_get_memory_size(img, size, 0, rgb.data(), 0, nullptr));
  std::string png(size, '\0');
  ASSERT_TRUE(png_image_write_to_memory(&img, png.data(), &size, 0, rgb.data(), 0, nullptr));
  png.resize(size);
  auto grey = read_png_grey(bytes_of(png));
  ASSERT_TRUE(grey.ok()) << grey.status().message();
  ASSERT_EQ(grey->pixels.size(), 3u);
  EXPECT_LT(grey->pixels[0], grey->pixels[1]);  // green is brighter than red
  EXPECT_EQ(grey->pixels[2], 255);
}

TEST(PngImageTest, RefusesBytesThatAreNotAPng) {
  auto r = read_png_grey(bytes_of("GIF89a not a png at all"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "image");
  EXPECT_NE(r.status().message().find("PNG signature"), std::string::npos);
}

TEST(PngImageTest, RefusesATruncatedPng) {
  auto png = write_png_grey(gradient(64, 64));
  ASSERT_TRUE(png.ok());
  auto r = read_png_grey(bytes_of(png->substr(0, png->size() / 2)));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("PNG"), std::string::npos) << r.status().message();
}

TEST(PngImageTest, RefusesAPngWiderThanTheLimitBeforeDecodingIt) {
  auto png = write_png_grey(gradient(10, 1));
  ASSERT_TRUE(png.ok());
  // IHDR: length(4) "IHDR"(4) width(4) height(4) …, CRC over type and data.
  std::string big = *png;
  put_be32(big, 16, 9000);
  put_be32(big, 29, crc32(reinterpret_cast<const uint8_t*>(big.data()) + 12, 17));
  auto r = read_png_grey(bytes_of(big));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("9000x1"), std::string::npos) << r.status().message();
}

TEST(PngImageTest, RefusesAFileOverTheByteLimit) {
  std::vector<uint8_t> huge(kMaxImageFileBytes + 1, 0);
  auto r = read_png_grey(huge);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("at most 52428800"), std::string::npos) << r.status().message();
}

TEST(PngImageTest, WriteRefusesAnImageWhosePixelsDoNotFit) {
  GreyImage bad = make_grey_image(4, 4, 0);
  bad.pixels.resize(15);
  EXPECT_FALSE(write_png_grey(bad).ok());
}

}  // namespace
}  // namespace rx
