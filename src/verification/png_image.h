// PNG in and out for the verification station: any PNG colour type is read as
// grey, since the codes are black on white.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/result.h"
#include "verification/image_grey.h"

namespace rx {

// Decodes PNG bytes to grey. Refuses files over kMaxImageFileBytes, sides over
// kMaxImageSide, and anything that is not a readable PNG, saying which.
Result<GreyImage> read_png_grey(std::span<const uint8_t> bytes);
// Encodes a grey picture as an 8-bit greyscale PNG.
Result<std::string> write_png_grey(const GreyImage& image);

}  // namespace rx
