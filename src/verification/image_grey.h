// GreyImage: an 8-bit greyscale picture, row by row, and the size limits the
// verification station accepts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/result.h"

namespace rx {

// Larger pictures are refused before any pixel is decoded: a tote photo is a
// few megapixels, and a bound keeps a hostile file from exhausting memory.
inline constexpr int kMaxImageSide = 8000;
inline constexpr size_t kMaxImageFileBytes = 50u << 20;

struct GreyImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height, 0 black … 255 white

  uint8_t at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
  uint8_t& at(int x, int y) { return pixels[static_cast<size_t>(y) * width + x]; }
};

// A width × height picture filled with `grey`.
GreyImage make_grey_image(int width, int height, uint8_t grey);
// Ok when both sides are from 1 to kMaxImageSide pixels; the error gives the size found.
Status check_image_size(long long width, long long height);

}  // namespace rx
