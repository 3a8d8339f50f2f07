// zxing-cpp 1.4 returns text as UTF-8 only with this set; the library is
// confined to this file.
#define ZX_USE_UTF8 1

#include "verification/image_codes.h"

#include <ZXing/ReadBarcode.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace rx {
namespace {

constexpr char kGs = '\x1D';

std::optional<CodeFormat> format_of(ZXing::BarcodeFormat f) {
  switch (f) {
    case ZXing::BarcodeFormat::DataMatrix: return CodeFormat::kDataMatrix;
    case ZXing::BarcodeFormat::Code128: return CodeFormat::kCode128;
    case ZXing::BarcodeFormat::QRCode: return CodeFormat::kQrCode;
    default: return std::nullopt;
  }
}

ImagePoint point(const ZXing::PointI& p) { return ImagePoint{p.x, p.y}; }

// A tote holds a few dozen packs at most; the bounds keep a crafted image
// from making the search run on.
constexpr int kMaxCodes = 64;
constexpr int kMaxRounds = 4;
constexpr size_t kMaxRegions = 128;
// Where codes are looked for: blocks of kBlock pixels with enough strong
// edges (a difference of kEdge grey levels over 4 pixels) in kBusy of their
// 64 samples.
constexpr int kBlock = 16;
constexpr int kEdge = 32;
constexpr int kBusy = 6;
constexpr int kMargin = 2 * kBlock;  // room for the quiet zone around a region
constexpr uint8_t kMaskGrey = 128;
constexpr int kQuietPad = 8;  // white added around a region at the picture's edge

struct Box {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // [x0, x1) × [y0, y1)
};

ZXing::ImageView view(const GreyImage& image) {
  return ZXing::ImageView(image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum);
}

// The busy areas of the picture, one box per 8-connected group of busy
// blocks, largest first.
std::vector<Box> busy_regions(const GreyImage& image) {
  int bw = (image.width + kBlock - 1) / kBlock, bh = (image.height + kBlock - 1) / kBlock;
  std::vector<uint8_t> busy(static_cast<size_t>(bw) * bh, 0);
  for (int by = 0; by < bh; ++by) {
    for (int bx = 0; bx < bw; ++bx) {
      int strong = 0;
      for (int y = std::max(2, by * kBlock); y < std::min(image.height - 2, (by + 1) * kBlock); y += 2) {
        for (int x = std::max(2, bx * kBlock); x < std::min(image.width - 2, (bx + 1) * kBlock); x += 2) {
          int gx = std::abs(image.at(x + 2, y) - image.at(x - 2, y));
          int gy = std::abs(image.at(x, y + 2) - image.at(x, y - 2));
          if (std::max(gx, gy) >= kEdge) ++strong;
        }
      }
      busy[static_cast<size_t>(by) * bw + bx] = strong >= kBusy;
    }
  }
  std::vector<std::pair<int, Box>> found;  // block count, box
  std::vector<int> stack;
  for (int start = 0; start < bw * bh; ++start) {
    if (busy[start] != 1) continue;
    busy[start] = 2;
    stack.assign(1, start);
    Box box{bw, bh, 0, 0};
    int blocks = 0;
    while (!stack.empty()) {
      int i = stack.back();
      stack.pop_back();
      int bx = i % bw, by = i / bw;
      ++blocks;
      box = Box{std::min(box.x0, bx), std::min(box.y0, by), std::max(box.x1, bx + 1), std::max(box.y1, by + 1)};
      for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          int nx = bx + dx, ny = by + dy;
          if (nx < 0 || ny < 0 || nx >= bw || ny >= bh) continue;
          int n = ny * bw + nx;
          if (busy[n] == 1) busy[n] = 2, stack.push_back(n);
        }
      }
    }
    if (blocks < 2) continue;  // a speck, smaller than any readable code
    found.push_back({blocks, Box{std::max(0, box.x0 * kBlock - kMargin), std::max(0, box.y0 * kBlock - kMargin),
                                 std::min(image.width, box.x1 * kBlock + kMargin),
                                 std::min(image.height, box.y1 * kBlock + kMargin)}});
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Box> boxes;
  for (size_t i = 0; i < found.size() && i < kMaxRegions; ++i) boxes.push_back(found[i].second);
  return boxes;
}

// Paints the symbol flat grey, grown by a fifth of its size; a linear
// symbol's quad covers only the scan lines that read it, so it grows across
// its bars by half its length.
void mask(GreyImage& image, const ZXing::Position& pos, bool linear) {
  ZXing::PointF c{0, 0};
  for (const auto& p : pos) c = c + ZXing::PointF(p.x, p.y) / 4.0;
  ZXing::PointF along = ZXing::PointF(pos[1].x - pos[0].x, pos[1].y - pos[0].y);
  ZXing::PointF across = ZXing::PointF(pos[3].x - pos[0].x, pos[3].y - pos[0].y);
  double len_along = std::max(1.0, std::hypot(along.x, along.y));
  double len_across = std::max(1.0, std::hypot(across.x, across.y));
  double half_along = len_along * 0.6 + 4;
  double half_across = linear ? std::max(len_across * 0.6, len_along * 0.5) + 4 : len_across * 0.6 + 4;
  ZXing::PointF ua = along / len_along, uc = across / len_across;
  double reach = std::hypot(half_along, half_across);
  int x0 = std::max(0, static_cast<int>(c.x - reach)), x1 = std::min(image.width - 1, static_cast<int>(c.x + reach));
  int y0 = std::max(0, static_cast<int>(c.y - reach)), y1 = std::min(image.height - 1, static_cast<int>(c.y + reach));
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) {
      double dx = x - c.x, dy = y - c.y;
      if (std::abs(dx * ua.x + dy * ua.y) <= half_along && std::abs(dx * uc.x + dy * uc.y) <= half_across) {
        image.at(x, y) = kMaskGrey;
      }
    }
  }
}

// Reads at most one symbol in `box`. zxing-cpp 1.4 finds one DataMatrix per
// call, looking only along the centre lines of the picture, so each busy
// region gets its own call, and found symbols are painted over before the
// next round. One symbol per call at full scale also keeps ReadBarcodes from
// comparing two reads of a linear symbol, which trips an assertion that
// Debian's build keeps and that would abort the process.
std::optional<ZXing::Result> read_one(const GreyImage& image, const Box& box) {
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(true);
  hints.setTryRotate(true);
  hints.setTryDownscale(false);
  hints.setMaxNumberOfSymbols(1);
  int w = box.x1 - box.x0, h = box.y1 - box.y0;
  // A symbol printed to the picture's edge (a bare zint output has no quiet
  // zone) is found only with white around it, so such a region is padded.
  bool at_edge = box.x0 == 0 || box.y0 == 0 || box.x1 == image.width || box.y1 == image.height;
  int pad = at_edge ? kQuietPad : 0;
  GreyImage padded;
  ZXing::ImageView region = view(image).cropped(box.x0, box.y0, w, h);
  if (at_edge) {
    padded = make_grey_image(w + 2 * pad, h + 2 * pad, 255);
    for (int y = 0; y < h; ++y) {
      std::copy_n(&image.pixels[static_cast<size_t>(box.y0 + y) * image.width + box.x0], w,
                  &padded.pixels[static_cast<size_t>(y + pad) * padded.width + pad]);
    }
    region = view(padded);
  }
  ZXing::Results rs = ZXing::ReadBarcodes(region, hints);
  if (rs.empty() || !rs.front().isValid()) return std::nullopt;
  ZXing::Result r = std::move(rs.front());
  ZXing::Position pos = r.position();
  for (auto& p : pos) {
    p = ZXing::PointI(std::clamp(p.x + box.x0 - pad, 0, image.width - 1), std::clamp(p.y + box.y0 - pad, 0, image.height - 1));
  }
  r.setPosition(pos);
  return r;
}

ZXing::Results read_all(const GreyImage& image) {
  ZXing::Results found;
  GreyImage work = image;
  for (int round = 0; round < kMaxRounds && found.size() < kMaxCodes; ++round) {
    size_t before = found.size();
    for (const Box& box : busy_regions(work)) {
      while (found.size() < kMaxCodes) {
        auto r = read_one(work, box);
        if (!r) break;
        mask(work, r->position(), r->format() == ZXing::BarcodeFormat::Code128);
        found.push_back(std::move(*r));
      }
    }
    if (found.size() == before) break;
  }
  return found;
}

void add_code(std::vector<ImageCode>& codes, const ZXing::Result& r) {
  auto format = format_of(r.format());
  if (!r.isValid() || !format) return;
  ImageCode code;
  code.format = *format;
  code.symbology = r.symbologyIdentifier();
  code.gs1 = r.contentType() == ZXing::ContentType::GS1;
  const auto& bytes = r.bytes();
  code.content.assign(bytes.begin(), bytes.end());
  const auto& pos = r.position();
  for (size_t i = 0; i < 4; ++i) code.corners[i] = point(pos[i]);
  code.orientation_deg = r.orientation();
  codes.push_back(std::move(code));
}

}  // namespace

std::string_view code_format_name(CodeFormat f) {
  switch (f) {
    case CodeFormat::kDataMatrix: return "datamatrix";
    case CodeFormat::kCode128: return "code128";
    case CodeFormat::kQrCode: return "qrcode";
  }
  return "?";
}

std::string ImageCode::scanned() const {
  if (!gs1) return content;
  if (symbology == "]d2") return symbology + content;
  return kGs + content;
}

Result<std::vector<ImageCode>> decode_image_codes(const GreyImage& image) {
  TRY(check_image_size(image.width, image.height));
  if (image.pixels.size() != static_cast<size_t>(image.width) * image.height) {
    return Status::invalid(
        fmt::format("the image has {} pixels for {}x{}", image.pixels.size(), image.width, image.height), "image");
  }
  std::vector<ImageCode> codes;
  try {
    for (const ZXing::Result& r : read_all(image)) add_code(codes, r);
  } catch (const std::exception& e) {
    return Status::internal(fmt::format("decoding the image failed: {}", e.what()));
  }
  auto centre = [](const ImageCode& c) {
    long x = 0, y = 0;
    for (const auto& p : c.corners) x += p.x, y += p.y;
    return std::pair{y / 4, x / 4};
  };
  std::stable_sort(codes.begin(), codes.end(),
                   [&](const ImageCode& a, const ImageCode& b) { return centre(a) < centre(b); });
  return codes;
}

}  // namespace rx
