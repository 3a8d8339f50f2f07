#include "verification/png_image.h"

#include <fmt/format.h>
#include <png.h>

#include <cstring>

namespace rx {
namespace {

constexpr uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

// libpng's simplified API keeps its state in png_image; this frees it on every path.
struct PngImage {
  png_image image{};
  PngImage() { image.version = PNG_IMAGE_VERSION; }
  ~PngImage() { png_image_free(&image); }
  PngImage(const PngImage&) = delete;
  PngImage& operator=(const PngImage&) = delete;
};

}  // namespace

Result<GreyImage> read_png_grey(std::span<const uint8_t> bytes) {
  if (bytes.size() > kMaxImageFileBytes) {
    return Status::invalid(
        fmt::format("the image file has {} bytes; at most {} are accepted", bytes.size(), kMaxImageFileBytes), "image");
  }
  if (bytes.size() < sizeof kPngSignature || std::memcmp(bytes.data(), kPngSignature, sizeof kPngSignature) != 0) {
    return Status::invalid("the image is not a PNG file (its first 8 bytes are not the PNG signature)", "image");
  }
  PngImage png;
  if (!png_image_begin_read_from_memory(&png.image, bytes.data(), bytes.size())) {
    return Status::invalid(fmt::format("the PNG header cannot be read: {}", png.image.message), "image");
  }
  TRY(check_image_size(png.image.width, png.image.height));
  png.image.format = PNG_FORMAT_GRAY;
  GreyImage out;
  out.width = static_cast<int>(png.image.width);
  out.height = static_cast<int>(png.image.height);
  out.pixels.resize(PNG_IMAGE_SIZE(png.image));
  // Transparent pixels are composed onto white, the colour of a label's background.
  png_color white{255, 255, 255};
  if (!png_image_finish_read(&png.image, &white, out.pixels.data(), 0, nullptr)) {
    return Status::invalid(fmt::format("the PNG image data cannot be decoded: {}", png.image.message), "image");
  }
  return out;
}

Result<std::string> write_png_grey(const GreyImage& image) {
  TRY(check_image_size(image.width, image.height));
  if (image.pixels.size() != static_cast<size_t>(image.width) * image.height) {
    return Status::invalid(fmt::format("the image has {} pixels for {}x{}", image.pixels.size(), image.width,
                                       image.height));
  }
  PngImage png;
  png.image.width = static_cast<png_uint_32>(image.width);
  png.image.height = static_cast<png_uint_32>(image.height);
  png.image.format = PNG_FORMAT_GRAY;
  png_alloc_size_t size = 0;
  if (!png_image_write_get_memory_size(png.image, size, 0, image.pixels.data(), 0, nullptr)) {
    return Status::internal(fmt::format("PNG encoding failed: {}", png.image.message));
  }
  std::string out(size, '\0');
  if (!png_image_write_to_memory(&png.image, out.data(), &size, 0, image.pixels.data(), 0, nullptr)) {
    return Status::internal(fmt::format("PNG encoding failed: {}", png.image.message));
  }
  out.resize(size);
  return out;
}

}  // namespace rx
