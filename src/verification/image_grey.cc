#include "verification/image_grey.h"

#include <fmt/format.h>

namespace rx {

GreyImage make_grey_image(int width, int height, uint8_t grey) {
  GreyImage image;
  image.width = width;
  image.height = height;
  image.pixels.assign(static_cast<size_t>(width) * height, grey);
  return image;
}

Status check_image_size(long long width, long long height) {
  if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide) {
    return Status::invalid(fmt::format("the image is {}x{} pixels; each side must be from 1 to {} pixels", width,
                                       height, kMaxImageSide),
                           "image");
  }
  return Status::ok_status();
}

}  // namespace rx
